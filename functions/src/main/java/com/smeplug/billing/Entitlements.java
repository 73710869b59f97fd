package com.smeplug.billing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import com.smeplug.platform.http.ApiException;

/**
 * Billing's answer to "may this tenant use what it pays for now?", for chat and fine-tuning: {@code 402} without a
 * subscription ({@code no_subscription}), once a subscription set to cancel has reached its period's end
 * ({@code subscription_ended}), and once a failed payment has stayed unpaid past the grace ({@code payment_required},
 * with the portal route where it is paid). Until then a cancelled or past-due subscription works as before.
 */
public final class Entitlements {

    /** Where the tenant fixes its payment: {@code POST} here returns the portal URL. */
    static final String PORTAL_ROUTE = "/billing/portal";

    private final Subscriptions subscriptions;
    private final Clock clock;
    private final Duration grace;

    public Entitlements(Subscriptions subscriptions, Clock clock, Duration grace) {
        this.subscriptions = subscriptions;
        this.clock = clock;
        this.grace = grace;
    }

    /** As {@link #require}, and the subscription must include {@code plugId}: else 403 {@code plug_not_subscribed}. */
    public Subscription requirePlug(String tenantId, String plugId) {
        Subscription s = require(tenantId);
        if (!s.plugIds().contains(plugId)) {
            throw ApiException.forbidden("plug_not_subscribed", "this tenant does not subscribe to plug '" + plugId
                    + "' (its plan covers " + String.join(", ", s.plugIds()) + ")");
        }
        return s;
    }

    /** The subscription the tenant may use now, or the 402 saying why not. */
    public Subscription require(String tenantId) {
        Instant now = clock.instant();
        Subscription s = subscriptions.current(tenantId).orElseThrow(() -> new ApiException(402, "no_subscription",
                "this tenant has no subscription; subscribe to a plan (POST /billing/subscribe)"));
        if (s.endedBy(now)) {
            throw new ApiException(402, "subscription_ended", "the subscription was cancelled and ended on "
                    + s.currentPeriodEnd() + "; subscribe again (POST /billing/subscribe)");
        }
        if (s.active()) {
            return s;
        }
        if (Subscription.PAST_DUE.equals(s.status())) {
            Instant since = s.pastDueSince() != null ? s.pastDueSince() : Instant.ofEpochSecond(s.eventTime());
            Instant graceEnds = since.plus(grace);
            if (now.isBefore(graceEnds)) {
                return s;
            }
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("past_due_since", since.toString());
            details.put("grace_ended_at", graceEnds.toString());
            details.put("portal", PORTAL_ROUTE);
            throw new ApiException(402, "payment_required", "a payment failed on " + since
                    + " and is still unpaid after the grace period; pay it in the billing portal (POST "
                    + PORTAL_ROUTE + " returns its URL)", details);
        }
        throw new ApiException(402, "no_subscription", "the subscription is " + s.status()
                + "; subscribe to a plan (POST /billing/subscribe)");
    }
}
