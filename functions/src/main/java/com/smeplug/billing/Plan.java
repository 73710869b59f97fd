package com.smeplug.billing;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** A price plan: what one plug costs per month, how many plugs it allows, and its monthly query quota. */
public record Plan(String name, BigDecimal pricePerPlug, int plugLimit, long monthlyQueryQuota) {

    /**
     * What one monthly billing period costs with {@code plugCount} plugs: the only place an amount is computed.
     * No usage beyond the quota is billed: the quota is enforced (429 {@code quota_exceeded}), so no period has
     * answered queries beyond it to charge for.
     */
    public BigDecimal periodAmount(int plugCount) {
        return money(pricePerPlug.multiply(BigDecimal.valueOf(plugCount)));
    }

    /** Amounts in dollars and cents, so 49, 49.0 and 49.00 read the same everywhere. */
    public static BigDecimal money(BigDecimal amount) {
        return amount.setScale(2, RoundingMode.HALF_UP);
    }
}
