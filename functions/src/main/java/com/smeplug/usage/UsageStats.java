package com.smeplug.usage;

import java.math.BigDecimal;
import java.util.Map;

/**
 * {@code GET /billing/usage}: the month's answered queries, counted (SPEC UsageStats), plus {@code daily}: answered
 * queries per UTC day, only the days that had any ({@code "YYYY-MM-DD": n}, ascending), {@code plan} (null without
 * an active subscription) and {@code resets_at} (when the month's quota starts over). {@code queries_limit} is the
 * quota of the tenant's current plan, 0 without an active subscription; {@code cost_accrued} is what the invoice
 * charges for the month's usage: the questions answered past an overage plan's quota × {@code COST_PER_QUERY}, to the
 * cent (0 on a hard-quota plan, which refuses them).
 */
record UsageStats(
        String tenantId,
        String month,
        long queriesThisMonth,
        long queriesLimit,
        BigDecimal costAccrued,
        Map<String, Long> plugsUsed,
        Map<String, Long> daily,
        String plan,
        String resetsAt) {
}
