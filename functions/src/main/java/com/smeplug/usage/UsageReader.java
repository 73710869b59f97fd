package com.smeplug.usage;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads a tenant-month's usage: one GetItem of its counters (and the subscription), whatever its event count. */
final class UsageReader {

    private final UsageStore store;
    private final Quotas quotas;

    UsageReader(UsageStore store, Quotas quotas) {
        this.store = store;
        this.quotas = quotas;
    }

    UsageStats read(String tenantId, YearMonth month) {
        MonthCounters counters = store.counters(tenantId, month);
        Quotas.Quota quota = quotas.of(tenantId);
        Map<String, Long> plugs = new LinkedHashMap<>();
        counters.plugs().forEach((plug, count) -> {
            if (count > 0) {
                plugs.put(plug, count);
            }
        });
        Map<String, Long> daily = new LinkedHashMap<>();
        counters.days().forEach((day, count) -> {
            if (count > 0 && day >= 1 && day <= month.lengthOfMonth()) {
                daily.put(month.atDay(day).toString(), count);
            }
        });
        // what the invoice charges for this month's usage: its answers past an overage plan's quota (Plans.usageCharge)
        BigDecimal cost = quotas.plans().usageCharge(counters.overage()).amount();
        return new UsageStats(tenantId, month.toString(), counters.answered(), quota.limit(), cost, plugs, daily,
                quota.plan(), UsageMonths.resetsAt(month).toString());
    }
}
