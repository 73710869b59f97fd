package com.smeplug.billing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Billing's outside system: Stripe ({@link StripePayments}) or the local sample ledger ({@link SampleLedger}),
 * chosen once per function from {@code USE_REAL_STRIPE}.
 */
public interface PaymentProvider {

    /** Starts a subscription checkout; the request is already validated. */
    CheckoutStarted checkout(CheckoutRequest request);

    /** The tenant's invoices, newest first; none for a tenant without a subscription. */
    List<Invoice> invoices(String tenantId);

    boolean mockMode();

    /**
     * Ends the tenant's subscription now, without a final invoice, because the tenant is being deleted; nothing to do
     * without one. Stripe: the subscription is cancelled there. Sample ledger: its records go with the tenant's items.
     */
    void cancelSubscription(String tenantId);

    /** {@code stripe} or {@code sample}. */
    String source();

    /**
     * A validated subscribe request. {@code requestKey} identifies the client's request (its Idempotency-Key header,
     * or the API Gateway request id) so a retried request starts the same checkout, not a second one.
     */
    record CheckoutRequest(String tenantId, String requestKey, Plan plan, List<String> plugIds, String successUrl,
            String cancelUrl) {

        /**
         * SHA-256 (hex) of the tenant, the request key and every parameter: the same request gives the same
         * fingerprint (so a retry is recognised), a different tenant or different parameters never do.
         */
        public String fingerprint() {
            String canonical = String.join("\n", tenantId, requestKey, plan.name(), String.join(",", plugIds),
                    successUrl, cancelUrl);
            try {
                byte[] hash = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
                return HexFormat.of().formatHex(hash);
            }
            catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** {@code status}: {@code pending} until the checkout completes, {@code active} once the subscription runs. */
    record CheckoutStarted(String checkoutId, String checkoutUrl, String status) {
    }
}
