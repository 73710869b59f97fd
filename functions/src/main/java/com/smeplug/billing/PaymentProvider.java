package com.smeplug.billing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import com.smeplug.platform.Provenance;

/**
 * Billing's outside system: Stripe ({@link StripePayments}) or the local sample ledger ({@link SampleLedger}),
 * chosen once per function from {@code USE_REAL_STRIPE}.
 */
public interface PaymentProvider extends Provenance {

    /** Starts a subscription checkout; the request is already validated. */
    CheckoutStarted checkout(CheckoutRequest request);

    /**
     * Changes the plan and plugs of the tenant's live subscription {@code current} (never a second subscription),
     * prorating the running period as Stripe's {@code create_prorations} does, and previews the next invoice.
     */
    PlanChange change(ChangeRequest request);

    /**
     * Sets the live subscription to end with its current period ({@code cancel} true) or to go on (false), and says
     * how it now stands; nothing is refunded, the period is used to its end.
     */
    Ending cancelAtPeriodEnd(Subscription live, boolean cancel, String requestKey);

    /** Where the tenant manages its payment: a Stripe Billing Portal session, or (sample) the console's billing page. */
    String portalUrl(String tenantId, Subscription current, String returnUrl);

    /** The tenant's invoices, newest first; none for a tenant without a subscription. */
    List<Invoice> invoices(String tenantId);

    /**
     * Ends the tenant's subscription now, without a final invoice, because the tenant is being deleted; nothing to do
     * without one. Stripe: the subscription is cancelled there. Sample ledger: its records go with the tenant's items.
     */
    void cancelSubscription(String tenantId);

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
            return sha256(String.join("\n", tenantId, requestKey, plan.name(), String.join(",", plugIds),
                    successUrl, cancelUrl));
        }
    }

    private static String sha256(String canonical) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A validated change of the live subscription {@code current}; {@code requestKey} as for a checkout. */
    record ChangeRequest(String tenantId, String requestKey, Subscription current, Plan plan, List<String> plugIds) {

        /** SHA-256 (hex) of the tenant, request key, subscription and target: a retry gives the same one. */
        public String fingerprint() {
            return sha256(String.join("\n", tenantId, requestKey, String.valueOf(current.stripeSubscriptionId()),
                    plan.name(), String.join(",", plugIds)));
        }
    }

    /**
     * What a change did: {@code status} {@code changed}, or {@code unchanged} when the subscription already had that
     * plan and those plugs (nothing sent, nothing charged); {@code preview} the next invoice as it now stands.
     */
    record PlanChange(String status, String fromPlan, List<String> fromPlugIds, String plan, List<String> plugIds,
            Invoice preview) {
    }

    /** After a cancel or resume: whether it ends with its period, and when that period ends. */
    record Ending(boolean cancelAtPeriodEnd, java.time.Instant periodEnd) {
    }

    /** {@code status}: {@code pending} until the checkout completes, {@code active} once the subscription runs. */
    record CheckoutStarted(String checkoutId, String checkoutUrl, String status) {
    }
}
