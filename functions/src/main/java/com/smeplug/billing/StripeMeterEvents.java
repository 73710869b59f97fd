package com.smeplug.billing;

import static com.smeplug.billing.StripePayments.call;

import java.time.Instant;

import com.smeplug.platform.config.Settings;
import com.stripe.StripeClient;
import com.stripe.net.RequestOptions;
import com.stripe.param.billing.MeterEventCreateParams;

/**
 * Overage reported to Stripe Billing Meters: one meter event per question past the quota ({@code value} 1, the
 * tenant's Stripe customer), with our usage event id as its {@code identifier} so Stripe counts a resent report once.
 * The meter ({@code STRIPE_METER_EVENT_NAME}) is priced at {@code COST_PER_QUERY} per unit on the subscription, so the
 * invoice carries the usage line. Called by {@code billingOverageReport}, off the queue chat fills, never inside an answer.
 */
final class StripeMeterEvents implements OverageReporter {

    private final StripeClient stripe;
    private final String eventName;
    private final Subscriptions subscriptions;

    StripeMeterEvents(StripeClient stripe, String eventName, Subscriptions subscriptions) {
        this.stripe = stripe;
        this.eventName = eventName;
        this.subscriptions = subscriptions;
    }

    /** Real mode: {@code STRIPE_SECRET_KEY} required; {@code STRIPE_METER_EVENT_NAME} (sme_plug_overage_queries). */
    public static StripeMeterEvents fromSettings(Settings settings, Subscriptions subscriptions) {
        return new StripeMeterEvents(StripePayments.client(settings), settings.get("STRIPE_METER_EVENT_NAME",
                "sme_plug_overage_queries"), subscriptions);
    }

    @Override
    public void report(String tenantId, String usageEventId, Instant answeredAt) {
        String customer = subscriptions.current(tenantId).map(Subscription::stripeCustomerId).orElse(null);
        if (customer == null) {
            throw new IllegalStateException("tenant " + tenantId + " has no Stripe customer to bill its usage to");
        }
        var params = MeterEventCreateParams.builder().setEventName(eventName).setIdentifier(usageEventId)
                .setTimestamp(answeredAt.getEpochSecond())
                .putPayload("stripe_customer_id", customer).putPayload("value", "1").build();
        // A message redelivered after a report Stripe took (the function failed later) replays Stripe's first answer
        // under the same idempotency key rather than depending on how Stripe treats a repeated identifier.
        RequestOptions once = RequestOptions.builder().setIdempotencyKey("meter_" + usageEventId).build();
        call("report usage to the billing meter", () -> stripe.v1().billing().meterEvents().create(params, once));
    }
}
