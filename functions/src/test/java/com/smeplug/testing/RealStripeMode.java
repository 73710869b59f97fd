package com.smeplug.testing;

import java.util.HashMap;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

/** Billing in real-Stripe mode against a local fake of the Stripe API. */
public final class RealStripeMode {

    private RealStripeMode() {
    }

    /** A test stack in real-Stripe mode and the WireMock server standing in for Stripe; closing stops both. */
    public record Stack(WireMockServer stripe, TestStack stack) implements AutoCloseable {

        @Override
        public void close() {
            stack.close();
            stripe.stop();
        }
    }

    /** Starts a fake Stripe on a free local port and a stack named {@code name} whose billing calls it. */
    public static Stack start(String name, String secretKey, Map<String, String> more) {
        WireMockServer stripe = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        stripe.start();
        return new Stack(stripe, TestStack.start(name, variables(stripe.baseUrl(), secretKey, more)));
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
