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
 * ({@code PLAN_<NAME>_PRICE_PER_PLUG}, {@code PLAN_<NAME>_PLUG_LIMIT}, {@code PLAN_<NAME>_QUERY_QUOTA}) and the
 * cost accrued per answered query ({@code COST_PER_QUERY}, USD).
 */
public final class Plans {

    public static final List<String> NAMES = List.of("starter", "professional", "enterprise");

    private final Map<String, Plan> plans;
    private final BigDecimal costPerQuery;

    public Plans(Settings settings) {
        Map<String, Plan> byName = new LinkedHashMap<>();
        byName.put("starter", plan(settings, "starter", "49.00", 1, 1_000));
        byName.put("professional", plan(settings, "professional", "99.00", 3, 10_000));
        byName.put("enterprise", plan(settings, "enterprise", "199.00", 10, 100_000));
        this.plans = Map.copyOf(byName);
        this.costPerQuery = new BigDecimal(settings.get("COST_PER_QUERY", "0.004"));
    }

    private static Plan plan(Settings settings, String name, String price, int plugLimit, long quota) {
        String prefix = "PLAN_" + name.toUpperCase(Locale.ROOT) + "_";
        return new Plan(name,
                new BigDecimal(settings.get(prefix + "PRICE_PER_PLUG", price)),
                settings.integer(prefix + "PLUG_LIMIT", plugLimit),
                settings.integer(prefix + "QUERY_QUOTA", (int) quota));
    }

    public Optional<Plan> find(String name) {
        return Optional.ofNullable(name).map(plans::get);
    }

    public BigDecimal costPerQuery() {
        return costPerQuery;
    }
}
