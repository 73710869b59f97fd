package com.smeplug.billing;

import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import com.smeplug.platform.http.ApiException;
import com.smeplug.platform.http.Json;
import com.stripe.exception.SignatureVerificationException;
import com.stripe.net.Webhook;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Stripe's webhook: the {@code Stripe-Signature} header is verified with stripe-java's verifier against the
 * endpoint secret (timestamp tolerance {@code STRIPE_WEBHOOK_TOLERANCE_SECONDS}), then the event is read as
 * Stripe's JSON (whatever API version the endpoint is pinned to) and applied through {@link SubscriptionEvents}.
 */
public final class StripeEvents {

    public static final String CHECKOUT_COMPLETED = "checkout.session.completed";
    public static final String SUBSCRIPTION_UPDATED = "customer.subscription.updated";
    public static final String SUBSCRIPTION_DELETED = "customer.subscription.deleted";
    public static final String INVOICE_PAID = "invoice.paid";
    public static final String INVOICE_PAYMENT_FAILED = "invoice.payment_failed";

    public record Received(String eventId, String type, SubscriptionEvents.Outcome outcome) {
    }

    private final String secret;
    private final long toleranceSeconds;
    private final Clock clock;
    private final SubscriptionEvents events;

    /** {@code secret} null: no Stripe endpoint is configured (sample mode), so no event can be verified. */
    public StripeEvents(String secret, long toleranceSeconds, Clock clock, SubscriptionEvents events) {
        this.secret = secret;
        this.toleranceSeconds = toleranceSeconds;
        this.clock = clock;
        this.events = events;
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
        if (id == null || type == null || !event.path("created").isIntegralNumber()) {
            throw ApiException.invalid("event must have id, type and created");
        }
        long created = event.path("created").asLong();
        JsonNode object = event.path("data").path("object");
        BillingEvent change = switch (type) {
            case CHECKOUT_COMPLETED -> checkoutCompleted(object, created);
            case SUBSCRIPTION_UPDATED -> subscriptionUpdated(object, created);
            case SUBSCRIPTION_DELETED -> new BillingEvent.SubscriptionDeleted(metadata(object, "tenant_id"),
                    id(object, "customer"), text(object, "id"), created);
            case INVOICE_PAID -> new BillingEvent.InvoicePaid(invoiceMetadata(object, "tenant_id"),
                    id(object, "customer"), invoiceSubscription(object), text(object, "id"), created);
            case INVOICE_PAYMENT_FAILED -> new BillingEvent.InvoicePaymentFailed(invoiceMetadata(object, "tenant_id"),
                    id(object, "customer"), invoiceSubscription(object), text(object, "id"), created);
            default -> null;
        };
        if (change == null) {
            return new Received(id, type, events.ignore(id, type, "event type " + type + " is not used"));
        }
        if (change instanceof BillingEvent.CheckoutCompleted checkout && checkout.plan() == null) {
            return new Received(id, type, events.ignore(id, type, "not a subscription checkout of ours"));
        }
        if (needsSubscriptionId(change)) {
            throw ApiException.invalid("event " + id + " has no subscription id");
        }
        return new Received(id, type, events.apply(id, type, change));
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
            Webhook.constructEvent(payload, signatureHeader, secret, toleranceSeconds, clock);
        }
        catch (SignatureVerificationException e) {
            throw new ApiException(400, "invalid_signature", "the Stripe-Signature header does not verify this body");
        }
        catch (RuntimeException e) {
            // a verified body that stripe-java cannot parse as an event
            throw ApiException.invalid("event body is not a Stripe event");
        }
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

    private static BillingEvent checkoutCompleted(JsonNode session, long created) {
        if (!"subscription".equals(text(session, "mode"))) {
            return new BillingEvent.CheckoutCompleted(null, text(session, "id"), null, null, null, null, false, null,
                    null, false, created);
        }
        String tenant = text(session, "client_reference_id");
        if (tenant == null) {
            tenant = metadata(session, "tenant_id");
        }
        String paymentStatus = text(session, "payment_status");
        boolean paid = "paid".equals(paymentStatus) || "no_payment_required".equals(paymentStatus);
        return new BillingEvent.CheckoutCompleted(tenant, text(session, "id"), metadata(session, "plan"),
                plugIds(metadata(session, "plug_ids")), id(session, "customer"), id(session, "subscription"), paid, null,
                null, false, created);
    }

    private static BillingEvent subscriptionUpdated(JsonNode subscription, long created) {
        // API versions from 2025-03-31 keep the period on the subscription items, older ones on the subscription
        JsonNode item = subscription.path("items").path("data").path(0);
        return new BillingEvent.SubscriptionUpdated(metadata(subscription, "tenant_id"), id(subscription, "customer"),
                text(subscription, "id"), text(subscription, "status"), metadata(subscription, "plan"),
                plugIds(metadata(subscription, "plug_ids")), epoch(subscription, "start_date"),
                firstEpoch(item, subscription, "current_period_start"), firstEpoch(item, subscription, "current_period_end"),
                created);
    }

    /** The invoice's subscription: {@code parent.subscription_details.subscription} (new API) or {@code subscription}. */
    private static String invoiceSubscription(JsonNode invoice) {
        String id = id(invoice.path("parent").path("subscription_details"), "subscription");
        return id != null ? id : id(invoice, "subscription");
    }

    private static String invoiceMetadata(JsonNode invoice, String key) {
        String value = text(invoice.path("parent").path("subscription_details").path("metadata"), key);
        return value != null ? value : text(invoice.path("subscription_details").path("metadata"), key);
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

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isString() && !value.asString().isBlank() ? value.asString() : null;
    }

    /** An expandable field: the id, or the expanded object's id. */
    private static String id(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isObject() ? text(value, "id") : text(node, field);
    }

    private static Instant epoch(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isIntegralNumber() ? Instant.ofEpochSecond(value.asLong()) : null;
    }

    private static Instant firstEpoch(JsonNode first, JsonNode second, String field) {
        Instant value = epoch(first, field);
        return value != null ? value : epoch(second, field);
    }
}
