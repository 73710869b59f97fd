package com.smeplug.billing;

import java.time.Instant;
import java.util.List;

/**
 * A tenant's subscription as we last learned it (from Checkout/webhooks in real mode, from the local ledger in
 * sample mode). {@code eventTime} (epoch seconds of the event that produced this state) orders updates: an older
 * event never overwrites newer state. The current period is Stripe's in real mode; in sample mode it is the monthly
 * period since {@code startedAt} (see {@link BillingPeriods}), stored when the ledger activates the subscription.
 * {@code cancelAtPeriodEnd}: the subscription ends when its current period does (Stripe's
 * {@code cancel_at_period_end}); until then it is billed and used as before. {@code pastDueSince}: when a payment
 * first failed (dunning's grace runs from then), null unless {@code past_due}.
 */
public record Subscription(
        String tenantId,
        String plan,
        List<String> plugIds,
        String status,
        Instant startedAt,
        String stripeCustomerId,
        String stripeSubscriptionId,
        boolean mockMode,
        long eventTime,
        Instant currentPeriodStart,
        Instant currentPeriodEnd,
        boolean cancelAtPeriodEnd,
        Instant pastDueSince) {

    public static final String ACTIVE = "active";
    public static final String PAST_DUE = "past_due";
    public static final String CANCELED = "canceled";

    public Subscription(String tenantId, String plan, List<String> plugIds, String status, Instant startedAt,
            String stripeCustomerId, String stripeSubscriptionId, boolean mockMode, long eventTime,
            Instant currentPeriodStart, Instant currentPeriodEnd, boolean cancelAtPeriodEnd) {
        this(tenantId, plan, plugIds, status, startedAt, stripeCustomerId, stripeSubscriptionId, mockMode, eventTime,
                currentPeriodStart, currentPeriodEnd, cancelAtPeriodEnd, null);
    }

    /** Not set to cancel at the period's end. */
    public Subscription(String tenantId, String plan, List<String> plugIds, String status, Instant startedAt,
            String stripeCustomerId, String stripeSubscriptionId, boolean mockMode, long eventTime,
            Instant currentPeriodStart, Instant currentPeriodEnd) {
        this(tenantId, plan, plugIds, status, startedAt, stripeCustomerId, stripeSubscriptionId, mockMode, eventTime,
                currentPeriodStart, currentPeriodEnd, false);
    }

    /** Without period bounds (the sample seeder's shape): the period then follows from {@code startedAt}. */
    public Subscription(String tenantId, String plan, List<String> plugIds, String status, Instant startedAt,
            String stripeCustomerId, String stripeSubscriptionId, boolean mockMode, long eventTime) {
        this(tenantId, plan, plugIds, status, startedAt, stripeCustomerId, stripeSubscriptionId, mockMode, eventTime,
                null, null, false);
    }

    public Subscription {
        plugIds = plugIds == null ? List.of() : List.copyOf(plugIds);
    }

    public boolean active() {
        return ACTIVE.equals(status);
    }

    /** Still billed: active, or active with a failed payment that Stripe is retrying. */
    public boolean billable() {
        return ACTIVE.equals(status) || PAST_DUE.equals(status);
    }

    /** Set to cancel at its period's end, and that end has come (Stripe then deletes it; the ledger just stops). */
    public boolean endedBy(Instant now) {
        return cancelAtPeriodEnd && currentPeriodEnd != null && !now.isBefore(currentPeriodEnd);
    }
}
