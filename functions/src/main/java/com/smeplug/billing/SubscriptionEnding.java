package com.smeplug.billing;

import java.time.Clock;

import com.smeplug.billing.SubscriptionStore.Guard;
import com.smeplug.platform.http.ApiException;

/**
 * {@code POST /billing/cancel} and {@code /billing/resume}: the live subscription ends with its current period, or
 * goes on after all. The tenant keeps what it paid for until then (chat answers until the period's end, then 402).
 * The provider's answer is stored at once; Stripe's {@code customer.subscription.updated} confirms it later.
 */
final class SubscriptionEnding {

    private final PaymentProvider payments;
    private final Subscribing subscribing;
    private final SubscriptionStore subscriptions;
    private final Clock clock;

    SubscriptionEnding(PaymentProvider payments, SubscriptionStore subscriptions, Clock clock) {
        this.payments = payments;
        this.subscribing = new Subscribing(payments, subscriptions, clock);
        this.subscriptions = subscriptions;
        this.clock = clock;
    }

    BillingViews.Ending set(String tenantId, boolean cancel, String requestKey) {
        Subscription live = subscribing.live(tenantId)
                .orElseThrow(() -> new ApiException(409, "no_active_subscription",
                        "this tenant has no running subscription to " + (cancel ? "cancel" : "resume")));
        var ending = payments.cancelAtPeriodEnd(live, cancel, requestKey);
        var periodEnd = ending.periodEnd() != null ? ending.periodEnd() : live.currentPeriodEnd();
        Subscription next = new Subscription(tenantId, live.plan(), live.plugIds(), live.status(), live.startedAt(),
                live.stripeCustomerId(), live.stripeSubscriptionId(), live.mockMode(),
                Math.max(live.eventTime(), clock.instant().getEpochSecond()), live.currentPeriodStart(), periodEnd,
                ending.cancelAtPeriodEnd(), live.pastDueSince());
        subscriptions.putIfNotOlder(next, live.stripeSubscriptionId() == null ? Guard.ANY : Guard.SAME_LIVE_SUBSCRIPTION);
        return new BillingViews.Ending(tenantId, live.plan(), live.status(), ending.cancelAtPeriodEnd(),
                ending.cancelAtPeriodEnd() ? periodEnd : null, periodEnd, payments.mockMode(), payments.source());
    }
}
