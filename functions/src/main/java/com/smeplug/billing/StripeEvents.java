package com.smeplug.billing;

import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.smeplug.platform.http.ApiException;
import com.smeplug.platform.http.Json;
import com.stripe.exception.SignatureVerificationException;
import com.stripe.net.Webhook;
import tools.jackson.core.JacksonException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Stripe's webhook: the {@code Stripe-Signature} header is verified with stripe-java's verifier against the
 * endpoint secret (timestamp tolerance {@code STRIPE_WEBHOOK_TOLERANCE_SECONDS}), then the event is read as
 * Stripe's JSON (whatever API version the endpoint is pinned to) and applied through {@link SubscriptionEvents}.
 */
final class StripeEvents {

    public static final String CHECKOUT_COMPLETED = "checkout.session.completed";
    public static final String SUBSCRIPTION_UPDATED = "customer.subscription.updated";
    public static final String SUBSCRIPTION_DELETED = "customer.subscription.deleted";
    public static final String INVOICE_PAID = "invoice.paid";
    public static final String INVOICE_PAYMENT_FAILED = "invoice.payment_failed";

    static final int MAX_TEXT_LENGTH = 500;
    private static final Logger log = LoggerFactory.getLogger(StripeEvents.class);

    public record Received(String eventId, String type, SubscriptionEvents.Outcome outcome) {
    }

    /** Reads a Stripe object as Stripe's JSON (real mode); the sample webhook has no Stripe to ask. */
    public interface StripeObjects {

        JsonNode subscription(String subscriptionId);

        /** Cancels a subscription at once (a second one a raced checkout created). */
        default void cancelSubscription(String subscriptionId) {
        }

        StripeObjects NONE = id -> null;
    }

    private final String secret;
    private final long toleranceSeconds;
    private final Clock clock;
    private final SubscriptionEvents events;
    private final StripeObjects stripe;
    private final Map<String, String> planByPrice;

    /**
     * {@code secret} null: no Stripe endpoint is configured, so no event can be verified. {@code planByPrice}: our
     * plans by their Stripe price id, so a subscription's plan is read from what Stripe bills.
     */
    public StripeEvents(String secret, long toleranceSeconds, Clock clock, SubscriptionEvents events,
            StripeObjects stripe, Map<String, String> planByPrice) {
        this.secret = secret;
        this.toleranceSeconds = toleranceSeconds;
        this.clock = clock;
        this.events = events;
        this.stripe = stripe;
        this.planByPrice = Map.copyOf(planByPrice);
    }

    public Received receive(String payload, String signatureHeader) {
        verify(payload, signatureHeader);
        JsonNode event;
        try {
            event = Json.tree(payload);
        }
        catch (JacksonException e) {
            throw ApiException.invalid("event body is not valid JSON");
        }
        String id = text(event, "id");
        String type = text(event, "type");
        if (id == null || type == null || !event.path("created").isIntegralNumber()
                || !event.path("created").canConvertToLong()) {
            throw ApiException.invalid("event must have id, type and created");
        }
        long created = event.path("created").asLong();
        JsonNode object = event.path("data").path("object");
        BillingEvent change = switch (type) {
            case CHECKOUT_COMPLETED -> checkoutCompleted(object, created);
            case SUBSCRIPTION_UPDATED -> subscriptionUpdated(object, created);
            case SUBSCRIPTION_DELETED -> new BillingEvent.SubscriptionDeleted(id(object, "customer"),
                    text(object, "id"), created);
            case INVOICE_PAID -> new BillingEvent.InvoicePaid(id(object, "customer"), invoiceSubscription(object),
                    text(object, "id"), created);
            case INVOICE_PAYMENT_FAILED -> new BillingEvent.InvoicePaymentFailed(id(object, "customer"),
                    invoiceSubscription(object), text(object, "id"), created);
            default -> null;
        };
        SubscriptionEvents.Outcome outcome;
        if (change == null) {
            outcome = events.ignore(id, type, "event type " + type + " is not used");
        }
        else if (change instanceof BillingEvent.CheckoutCompleted checkout && checkout.plan() == null) {
            outcome = events.ignore(id, type, "not a subscription checkout of ours");
        }
        else if (needsSubscriptionId(change)) {
            throw ApiException.invalid("event " + id + " has no subscription id");
        }
        else {
            outcome = events.apply(id, type, change);
        }
        if (outcome.status() == SubscriptionEvents.Status.IGNORED) {
            log.info("stripe event {} ({}) acknowledged and ignored: {}", id, type, outcome.reason());
            if (change instanceof BillingEvent.CheckoutCompleted checkout && outcome.reason() != null
                    && outcome.reason().startsWith(SubscriptionEvents.SECOND_SUBSCRIPTION)) {
                stripe.cancelSubscription(checkout.subscriptionId());
            }
        }
        return new Received(id, type, outcome);
    }

    private void verify(String payload, String signatureHeader) {
        if (secret == null) {
            throw new ApiException(400, "invalid_signature",
                    "no webhook signing secret is configured (STRIPE_WEBHOOK_SECRET), so no event can be verified");
        }
        if (signatureHeader == null || signatureHeader.isBlank()) {
            throw new ApiException(400, "invalid_signature", "the Stripe-Signature header is missing");
        }
        try {
            Webhook.Signature.verifyHeader(payload, signatureHeader, secret, toleranceSeconds, clock);
        }
        catch (SignatureVerificationException | RuntimeException e) {
            // a RuntimeException here is a header stripe-java cannot parse (e.g. a timestamp that is not a long)
            throw new ApiException(400, "invalid_signature", "the Stripe-Signature header does not verify this body");
        }
        // stripe-java refuses only timestamps older than the tolerance; one from the future is refused here too
        if (toleranceSeconds > 0 && signedAt(signatureHeader) > clock.instant().getEpochSecond() + toleranceSeconds) {
            throw new ApiException(400, "invalid_signature", "the Stripe-Signature timestamp is in the future");
        }
        try {
            Webhook.constructEventWithoutVerification(payload);
        }
        catch (RuntimeException e) {
            // a verified body that stripe-java cannot parse as an event
            throw ApiException.invalid("event body is not a Stripe event");
        }
    }

    /** The signed timestamp ({@code t=}); the header verified, so there is one and it is a number. */
    private static long signedAt(String signatureHeader) {
        for (String part : signatureHeader.split(",")) {
            String[] pair = part.trim().split("=", 2);
            if (pair.length == 2 && pair[0].equals("t")) {
                return Long.parseLong(pair[1]);
            }
        }
        throw new ApiException(400, "invalid_signature", "the Stripe-Signature header has no timestamp");
    }

    private static boolean needsSubscriptionId(BillingEvent change) {
        if (change instanceof BillingEvent.SubscriptionUpdated e) {
            return e.subscriptionId() == null;
        }
        if (change instanceof BillingEvent.SubscriptionDeleted e) {
            return e.subscriptionId() == null;
        }
        return false;
    }

    /**
     * A completed subscription checkout: the tenant and plugs are what we set on the session; the subscription's state
     * (status, plan by its price, period) is read from Stripe's subscription object where Stripe can be asked.
     */
    private BillingEvent checkoutCompleted(JsonNode session, long created) {
        if (!"subscription".equals(text(session, "mode"))) {
            return new BillingEvent.CheckoutCompleted(null, text(session, "id"), null, null, null, null, null, null,
                    null, false, created);
        }
        String subscriptionId = id(session, "subscription");
        JsonNode subscription = subscriptionId == null ? null : stripe.subscription(subscriptionId);
        String paymentStatus = text(session, "payment_status");
        String status = "paid".equals(paymentStatus) || "no_payment_required".equals(paymentStatus)
                ? Subscription.ACTIVE : "incomplete";
        String plan = metadata(session, "plan");
        Instant periodStart = null;
        Instant periodEnd = null;
        if (subscription != null) {
            JsonNode item = subscription.path("items").path("data").path(0);
            status = text(subscription, "status") != null ? text(subscription, "status") : status;
            plan = planOf(item, plan);
            periodStart = firstEpoch(item, subscription, "current_period_start");
            periodEnd = firstEpoch(item, subscription, "current_period_end");
        }
        return new BillingEvent.CheckoutCompleted(text(session, "client_reference_id"), text(session, "id"), plan,
                plugIds(metadata(session, "plug_ids")), id(session, "customer"), subscriptionId, status, periodStart,
                periodEnd, false, created);
    }

    /** The subscription's state from its object: the event's, or Stripe's own when the event is thin. */
    private BillingEvent subscriptionUpdated(JsonNode subscription, long created) {
        String subscriptionId = text(subscription, "id");
        if (subscriptionId != null && (text(subscription, "status") == null || subscription.path("items").isMissingNode())) {
            JsonNode fetched = stripe.subscription(subscriptionId);
            subscription = fetched != null ? fetched : subscription;
        }
        // API versions from 2025-03-31 keep the period on the subscription items, older ones on the subscription
        JsonNode item = subscription.path("items").path("data").path(0);
        return new BillingEvent.SubscriptionUpdated(id(subscription, "customer"), subscriptionId,
                text(subscription, "status"), planOf(item, metadata(subscription, "plan")),
                plugIds(metadata(subscription, "plug_ids")), epoch(subscription, "start_date"),
                firstEpoch(item, subscription, "current_period_start"), firstEpoch(item, subscription, "current_period_end"),
                subscription.path("cancel_at_period_end").asBoolean(false), created);
    }

    /** Our plan billed by the item's price; the metadata's word only where the price is not one of ours. */
    private String planOf(JsonNode item, String fallback) {
        String price = id(item, "price");
        String plan = price == null ? null : planByPrice.get(price);
        return plan != null ? plan : fallback;
    }

    /** The invoice's subscription: {@code parent.subscription_details.subscription} (new API) or {@code subscription}. */
    private static String invoiceSubscription(JsonNode invoice) {
        String id = id(invoice.path("parent").path("subscription_details"), "subscription");
        return id != null ? id : id(invoice, "subscription");
    }

    private static List<String> plugIds(String csv) {
        if (csv == null || csv.isBlank()) {
            return null;
        }
        return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static String metadata(JsonNode object, String key) {
        return text(object.path("metadata"), key);
    }

    /**
     * A text field of the event. Stripe's ids are short and its metadata values at most 500 characters; anything
     * longer is not a Stripe event, and is refused before it can reach a table key (DynamoDB refuses keys over 2 KB).
     */
    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (value.isString() && value.asString().length() > MAX_TEXT_LENGTH) {
            throw ApiException.invalid("event field " + field + " is longer than " + MAX_TEXT_LENGTH + " characters");
        }
        return value.isString() && !value.asString().isBlank() ? value.asString() : null;
    }

    /** An expandable field: the id, or the expanded object's id. */
    private static String id(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isObject() ? text(value, "id") : text(node, field);
    }

    private static Instant epoch(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isIntegralNumber() && value.canConvertToLong() ? Instant.ofEpochSecond(value.asLong()) : null;
    }

    private static Instant firstEpoch(JsonNode first, JsonNode second, String field) {
        Instant value = epoch(first, field);
        return value != null ? value : epoch(second, field);
    }
}
