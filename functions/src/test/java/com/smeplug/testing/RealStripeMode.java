package com.smeplug.testing;

import java.util.HashMap;
import java.util.Map;

/** The variables that run billing in real-Stripe mode against a local fake of the Stripe API. */
public final class RealStripeMode {

    private RealStripeMode() {
    }

    /** stripe-java pointed at {@code apiBase} with {@code secretKey}, a test price per plan, and {@code more} on top. */
    public static Map<String, String> variables(String apiBase, String secretKey, Map<String, String> more) {
        Map<String, String> variables = new HashMap<>(Map.of(
                "USE_REAL_STRIPE", "true",
                "STRIPE_SECRET_KEY", secretKey,
                "STRIPE_PRICE_STARTER", "price_starter_test",
                "STRIPE_PRICE_PROFESSIONAL", "price_professional_test",
                "STRIPE_PRICE_ENTERPRISE", "price_enterprise_test",
                "STRIPE_API_BASE", apiBase));
        variables.putAll(more);
        return variables;
    }
}
