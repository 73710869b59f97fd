package com.smeplug.billing;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.smeplug.platform.config.Settings;

/**
 * The plan catalogue, with defaults that each deployment may override per plan
 * ({@code PLAN_<NAME>_PRICE_PER_PLUG}, {@code PLAN_<NAME>_PLUG_LIMIT}, {@code PLAN_<NAME>_QUERY_QUOTA},
 * {@code PLAN_<NAME>_OVERAGE}: starter refuses past its quota, professional and enterprise bill it) and the
 * cost accrued per answered query ({@code COST_PER_QUERY}, USD).
 */
public final class Plans {

    public static final List<String> NAMES = List.of("starter", "professional", "enterprise");

    private final Map<String, Plan> plans;
    private final BigDecimal costPerQuery;

    public Plans(Settings settings) {
        Map<String, Plan> byName = new LinkedHashMap<>();
        byName.put("starter", plan(settings, "starter", "49.00", 1, 1_000, false));
        byName.put("professional", plan(settings, "professional", "99.00", 3, 10_000, true));
        byName.put("enterprise", plan(settings, "enterprise", "199.00", 10, 100_000, true));
        this.plans = Map.copyOf(byName);
        this.costPerQuery = new BigDecimal(settings.get("COST_PER_QUERY", "0.004"));
    }

    private static Plan plan(Settings settings, String name, String price, int plugLimit, long quota, boolean overage) {
        String prefix = "PLAN_" + name.toUpperCase(Locale.ROOT) + "_";
        return new Plan(name,
                new BigDecimal(settings.get(prefix + "PRICE_PER_PLUG", price)),
                settings.integer(prefix + "PLUG_LIMIT", plugLimit),
                settings.integer(prefix + "QUERY_QUOTA", (int) quota),
                Boolean.parseBoolean(settings.get(prefix + "OVERAGE", Boolean.toString(overage))));
    }

    /** What usage adds to an invoice: {@code queries} billed at {@code unitPrice}, {@code amount} in cents. */
    public record UsageCharge(long queries, BigDecimal unitPrice, BigDecimal amount) {
    }

    /**
     * The one place usage is priced: {@code overageQueries} (questions answered past the quota of an overage plan)
     * at {@code COST_PER_QUERY}, rounded to the cent as Stripe rounds an invoice line. {@code cost_accrued} and the
     * invoice's usage line both come from here, so the tenant is shown what it will be charged.
     */
    public UsageCharge usageCharge(long overageQueries) {
        return new UsageCharge(overageQueries, costPerQuery,
                Plan.money(costPerQuery.multiply(BigDecimal.valueOf(overageQueries))));
    }

    public Optional<Plan> find(String name) {
        return Optional.ofNullable(name).map(plans::get);
    }
}
