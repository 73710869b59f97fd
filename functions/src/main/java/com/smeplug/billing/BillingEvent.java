package com.smeplug.billing;

import java.time.Instant;
import java.util.List;

/**
 * A change to a tenant's billing, as Stripe reports it in a webhook event or as the sample ledger produces it.
 * {@code created} (epoch seconds) orders events. Only a completed checkout names a tenant (its
 * {@code client_reference_id}, honoured only for a checkout we started for that tenant); every other event finds its
 * tenant through the Stripe customer and subscription stored at checkout — never through metadata.
 */
sealed interface BillingEvent {

    String customerId();

    /** The Stripe subscription the event is about (null for a sample checkout, which has none). */
    String subscriptionId();

    long created();

    /**
     * {@code checkout.session.completed}: a new subscription, in the state Stripe reports for it ({@code status}:
     * {@code active}, or {@code incomplete} while an async payment is pending).
     */
    record CheckoutCompleted(String tenantId, String checkoutId, String plan, List<String> plugIds, String customerId,
            String subscriptionId, String status, Instant periodStart, Instant periodEnd, boolean mockMode, long created)
            implements BillingEvent {
    }

    /** {@code customer.subscription.updated}; {@code plan}/{@code plugIds} null when its metadata does not say. */
    record SubscriptionUpdated(String customerId, String subscriptionId, String status, String plan,
            List<String> plugIds, Instant startedAt, Instant periodStart, Instant periodEnd, boolean cancelAtPeriodEnd,
            long created)
            implements BillingEvent {
    }

    /** {@code customer.subscription.deleted}: the subscription has ended for good. */
    record SubscriptionDeleted(String customerId, String subscriptionId, long created)
            implements BillingEvent {
    }

    /** {@code invoice.paid}: a past-due subscription is active again. */
    record InvoicePaid(String customerId, String subscriptionId, String invoiceId, long created)
            implements BillingEvent {
    }

    /** {@code invoice.payment_failed}: the subscription is past due while Stripe retries. */
    record InvoicePaymentFailed(String customerId, String subscriptionId, String invoiceId,
            long created) implements BillingEvent {
    }
}
