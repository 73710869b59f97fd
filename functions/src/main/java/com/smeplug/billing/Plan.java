package com.smeplug.billing;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * A price plan: what one plug costs per month, how many plugs it allows, its monthly query quota, and whether
 * questions past the quota are answered and billed ({@code overage}, at {@code COST_PER_QUERY}) or refused (429).
 */
public record Plan(String name, BigDecimal pricePerPlug, int plugLimit, long monthlyQueryQuota, boolean overage) {

    /** A hard-quota plan. */
    public Plan(String name, BigDecimal pricePerPlug, int plugLimit, long monthlyQueryQuota) {
        this(name, pricePerPlug, plugLimit, monthlyQueryQuota, false);
    }

    /**
     * What one monthly billing period costs with {@code plugCount} plugs, before usage (see
     * {@link Plans#usageCharge}).
     */
    public BigDecimal periodAmount(int plugCount) {
        return money(pricePerPlug.multiply(BigDecimal.valueOf(plugCount)));
    }

    /** Amounts in dollars and cents, so 49, 49.0 and 49.00 read the same everywhere. */
    public static BigDecimal money(BigDecimal amount) {
        return amount.setScale(2, RoundingMode.HALF_UP);
    }
}
