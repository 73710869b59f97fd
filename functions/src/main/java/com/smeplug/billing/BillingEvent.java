package com.smeplug.billing;

import java.time.Instant;
import java.util.List;

/**
 * A change to a tenant's billing, as Stripe reports it in a webhook event or as the sample ledger produces it.
 * {@code created} (epoch seconds) orders events; {@code tenantId} is what the event itself says (our
 * {@code client_reference_id}/metadata), null when only the Stripe customer can tell.
 */
public sealed interface BillingEvent {

    String tenantId();

    String customerId();

    long created();

    /** {@code checkout.session.completed}: a new subscription, {@code paid} false while an async payment is pending. */
    record CheckoutCompleted(String tenantId, String checkoutId, String plan, List<String> plugIds, String customerId,
            String subscriptionId, boolean paid, Instant periodStart, Instant periodEnd, boolean mockMode, long created)
            implements BillingEvent {
    }

    /** {@code customer.subscription.updated}; {@code plan}/{@code plugIds} null when its metadata does not say. */
    record SubscriptionUpdated(String tenantId, String customerId, String subscriptionId, String status, String plan,
            List<String> plugIds, Instant startedAt, Instant periodStart, Instant periodEnd, long created)
            implements BillingEvent {
    }

    /** {@code customer.subscription.deleted}: the subscription has ended for good. */
    record SubscriptionDeleted(String tenantId, String customerId, String subscriptionId, long created)
            implements BillingEvent {
    }

    /** {@code invoice.paid}: a past-due subscription is active again. */
    record InvoicePaid(String tenantId, String customerId, String subscriptionId, String invoiceId, long created)
            implements BillingEvent {
    }

    /** {@code invoice.payment_failed}: the subscription is past due while Stripe retries. */
    record InvoicePaymentFailed(String tenantId, String customerId, String subscriptionId, String invoiceId,
            long created) implements BillingEvent {
    }
}
