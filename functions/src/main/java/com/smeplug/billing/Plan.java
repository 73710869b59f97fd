package com.smeplug.billing;

import java.math.BigDecimal;

/** A price plan: what one plug costs per month, how many plugs it allows, and its monthly query quota. */
public record Plan(String name, BigDecimal pricePerPlug, int plugLimit, long monthlyQueryQuota) {
}
