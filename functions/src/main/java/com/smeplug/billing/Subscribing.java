package com.smeplug.billing;

import java.time.Clock;
import java.util.Optional;

import com.smeplug.platform.http.ApiException;
import com.smeplug.platform.http.ApiRequest;

/**
 * {@code POST /billing/subscribe}: one subscription per tenant. With a live subscription (of the provider that
 * answers: a Stripe subscription in real mode, the ledger's in sample mode) the plan changes on it; Checkout starts
 * a subscription only when there is none.
 */
final class Subscribing {

    private final PaymentProvider payments;
    private final Subscriptions subscriptions;
    private final Clock clock;

    Subscribing(PaymentProvider payments, Subscriptions subscriptions, Clock clock) {
        this.payments = payments;
        this.subscriptions = subscriptions;
        this.clock = clock;
    }

    BillingViews.SubscribeResponse subscribe(String tenantId, String requestKey, SubscribeRequest.Valid valid) {
        Optional<Subscription> live = live(tenantId);
        if (live.isPresent()) {
            var change = payments.change(new PaymentProvider.ChangeRequest(tenantId, requestKey, live.get(),
                    valid.plan(), valid.plugIds()));
            return new BillingViews.SubscribeResponse(true, null, null, Subscription.ACTIVE, valid.plan().name(),
                    valid.plugIds(), valid.plan().periodAmount(valid.plugIds().size()), payments.mockMode(),
                    payments.source(), new BillingViews.Change(change.status(), change.fromPlan(),
                            change.fromPlugIds(), change.plan(), change.plugIds()), change.preview(),
                    live.get().cancelAtPeriodEnd());
        }
        var started = payments.checkout(new PaymentProvider.CheckoutRequest(tenantId, requestKey, valid.plan(),
                valid.plugIds(), valid.successUrl(), valid.cancelUrl()));
        return new BillingViews.SubscribeResponse(true, started.checkoutUrl(), started.checkoutId(), started.status(),
                valid.plan().name(), valid.plugIds(), valid.plan().periodAmount(valid.plugIds().size()),
                payments.mockMode(), payments.source(), null, null, false);
    }

    /** The tenant's subscription that is still billed and belongs to this provider. */
    Optional<Subscription> live(String tenantId) {
        return subscriptions.current(tenantId).filter(Subscription::billable)
                .filter(s -> payments.mockMode() ? s.mockMode() : !s.mockMode() && s.stripeSubscriptionId() != null)
                // a cancelled one whose period is over (the sample ledger never marks it canceled) is no longer live:
                // subscribing again starts a new subscription instead of changing the ended one
                .filter(s -> !s.endedBy(clock.instant()));
    }

    static final int MAX_IDEMPOTENCY_KEY_LENGTH = 200;

    /** The client's request: its Idempotency-Key, or API Gateway's request id, so a retry is recognised. */
    static String requestKey(ApiRequest request) {
        return request.header("idempotency-key").filter(key -> !key.isBlank()).map(key -> {
            if (key.length() > MAX_IDEMPOTENCY_KEY_LENGTH) {
                throw ApiException.invalid("Idempotency-Key is longer than " + MAX_IDEMPOTENCY_KEY_LENGTH + " characters");
            }
            return "client:" + key;
        }).orElse("request:" + request.requestId());
    }
}
