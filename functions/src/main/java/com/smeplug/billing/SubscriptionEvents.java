package com.smeplug.billing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import com.smeplug.billing.SubscriptionStore.Guard;
import com.smeplug.platform.aws.Items;
import com.smeplug.platform.aws.Table;
import com.smeplug.platform.tenant.TenantDirectory;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Applies billing events to the tenant's subscription: the one code path for Stripe's webhook and for the sample
 * ledger's completed checkout. Each event id is applied once (a conditional put of {@code PK=STRIPE_EVENT#<id>}
 * claims it; a failure while applying releases the claim so Stripe's retry can apply it), and every change is a
 * write that refuses to replace state from a newer event.
 */
public final class SubscriptionEvents {

    /** Stripe retries a delivery for up to three days; the claim outlives that. */
    static final Duration EVENT_RETENTION = Duration.ofDays(30);

    public enum Status { APPLIED, DUPLICATE, STALE, IGNORED }

    public record Outcome(Status status, String tenantId, String reason) {

        static Outcome applied(String tenantId) {
            return new Outcome(Status.APPLIED, tenantId, null);
        }

        static Outcome stale(String tenantId, String reason) {
            return new Outcome(Status.STALE, tenantId, reason);
        }

        static Outcome ignored(String tenantId, String reason) {
            return new Outcome(Status.IGNORED, tenantId, reason);
        }
    }

    private final Table table;
    private final SubscriptionStore subscriptions;
    private final PendingCheckouts checkouts;
    private final StripeCustomers customers;
    private final TenantDirectory tenants;
    private final Clock clock;

    public SubscriptionEvents(Table table, SubscriptionStore subscriptions, PendingCheckouts checkouts,
            StripeCustomers customers, TenantDirectory tenants, Clock clock) {
        this.table = table;
        this.subscriptions = subscriptions;
        this.checkouts = checkouts;
        this.customers = customers;
        this.tenants = tenants;
        this.clock = clock;
    }

    /** Applies {@code event} unless an event with this id was applied (or is being applied) already. */
    public Outcome apply(String eventId, String type, BillingEvent event) {
        if (!claim(eventId, type)) {
            return new Outcome(Status.DUPLICATE, null, "event " + eventId + " was received before");
        }
        Outcome outcome;
        try {
            outcome = change(event);
        }
        catch (RuntimeException failure) {
            try {
                release(eventId);
            }
            catch (RuntimeException releaseFailure) {
                failure.addSuppressed(releaseFailure);
            }
            throw failure;
        }
        record(eventId, outcome);
        return outcome;
    }

    /** Records an event that needs no change (an unknown type), so a redelivery is recognised too. */
    public Outcome ignore(String eventId, String type, String reason) {
        if (!claim(eventId, type)) {
            return new Outcome(Status.DUPLICATE, null, "event " + eventId + " was received before");
        }
        Outcome outcome = Outcome.ignored(null, reason);
        record(eventId, outcome);
        return outcome;
    }

    private Outcome change(BillingEvent event) {
        Optional<String> tenant = tenantOf(event);
        if (tenant.isEmpty()) {
            return Outcome.ignored(null, "no registered tenant for this event");
        }
        String tenantId = tenant.get();
        if (event instanceof BillingEvent.CheckoutCompleted e) {
            return checkoutCompleted(tenantId, e);
        }
        if (event instanceof BillingEvent.SubscriptionUpdated e) {
            return subscriptionUpdated(tenantId, e);
        }
        if (event instanceof BillingEvent.SubscriptionDeleted e) {
            return subscriptionDeleted(tenantId, e);
        }
        if (event instanceof BillingEvent.InvoicePaid e) {
            return statusChange(tenantId, e.subscriptionId(), e.created(), Subscription.PAST_DUE, Subscription.ACTIVE);
        }
        var failed = (BillingEvent.InvoicePaymentFailed) event;
        return statusChange(tenantId, failed.subscriptionId(), failed.created(), Subscription.ACTIVE,
                Subscription.PAST_DUE);
    }

    /**
     * The customer mapping is authoritative once it exists; before it, what the event says (our
     * client_reference_id/metadata, which only we set) is used if that tenant is registered.
     */
    private Optional<String> tenantOf(BillingEvent event) {
        Optional<String> mapped = customers.tenantOf(event.customerId());
        if (mapped.isPresent()) {
            return mapped;
        }
        return Optional.ofNullable(event.tenantId()).filter(tenants::exists);
    }

    private Outcome checkoutCompleted(String tenantId, BillingEvent.CheckoutCompleted e) {
        if (e.customerId() != null && !customers.link(e.customerId(), tenantId)) {
            return Outcome.ignored(tenantId, "customer " + e.customerId() + " belongs to another tenant");
        }
        Instant at = Instant.ofEpochSecond(e.created());
        Subscription next = new Subscription(tenantId, e.plan(), e.plugIds(), e.paid() ? Subscription.ACTIVE : "incomplete",
                at, e.customerId(), e.subscriptionId(), e.mockMode(), e.created(), e.periodStart(), e.periodEnd());
        checkouts.completed(tenantId, e.checkoutId(), at);
        return subscriptions.putIfNotOlder(next, Guard.ANY) ? Outcome.applied(tenantId)
                : Outcome.stale(tenantId, "the subscription has changed since this checkout");
    }

    private Outcome subscriptionUpdated(String tenantId, BillingEvent.SubscriptionUpdated e) {
        Optional<Subscription> current = subscriptions.current(tenantId)
                .filter(s -> e.subscriptionId().equals(s.stripeSubscriptionId()));
        Subscription next = new Subscription(tenantId,
                e.plan() != null ? e.plan() : current.map(Subscription::plan).orElse(null),
                e.plugIds() != null ? e.plugIds() : current.map(Subscription::plugIds).orElse(null),
                e.status(),
                e.startedAt() != null ? e.startedAt()
                        : current.map(Subscription::startedAt).orElse(Instant.ofEpochSecond(e.created())),
                e.customerId() != null ? e.customerId() : current.map(Subscription::stripeCustomerId).orElse(null),
                e.subscriptionId(), false, e.created(),
                e.periodStart() != null ? e.periodStart() : current.map(Subscription::currentPeriodStart).orElse(null),
                e.periodEnd() != null ? e.periodEnd() : current.map(Subscription::currentPeriodEnd).orElse(null));
        return subscriptions.putIfNotOlder(next, Guard.SAME_LIVE_SUBSCRIPTION) ? Outcome.applied(tenantId)
                : Outcome.stale(tenantId, "newer state is stored, or the subscription has ended or been replaced");
    }

    private Outcome subscriptionDeleted(String tenantId, BillingEvent.SubscriptionDeleted e) {
        Optional<Subscription> current = subscriptions.current(tenantId)
                .filter(s -> e.subscriptionId().equals(s.stripeSubscriptionId()));
        Subscription next = new Subscription(tenantId, current.map(Subscription::plan).orElse(null),
                current.map(Subscription::plugIds).orElse(null), Subscription.CANCELED,
                current.map(Subscription::startedAt).orElse(null),
                e.customerId() != null ? e.customerId() : current.map(Subscription::stripeCustomerId).orElse(null),
                e.subscriptionId(), false, e.created(),
                current.map(Subscription::currentPeriodStart).orElse(null),
                current.map(Subscription::currentPeriodEnd).orElse(null));
        return subscriptions.putIfNotOlder(next, Guard.SAME_SUBSCRIPTION) ? Outcome.applied(tenantId)
                : Outcome.stale(tenantId, "newer state is stored, or another subscription replaced this one");
    }

    /** An invoice moves the stored subscription from {@code from} to {@code to}; nothing else changes. */
    private Outcome statusChange(String tenantId, String subscriptionId, long created, String from, String to) {
        if (subscriptionId == null) {
            return Outcome.ignored(tenantId, "the invoice belongs to no subscription");
        }
        Optional<Subscription> current = subscriptions.current(tenantId)
                .filter(s -> subscriptionId.equals(s.stripeSubscriptionId()));
        if (current.isEmpty() || !from.equals(current.get().status())) {
            return Outcome.ignored(tenantId, "no " + from + " subscription " + subscriptionId + " to change");
        }
        Subscription s = current.get();
        Subscription next = new Subscription(tenantId, s.plan(), s.plugIds(), to, s.startedAt(), s.stripeCustomerId(),
                s.stripeSubscriptionId(), s.mockMode(), created, s.currentPeriodStart(), s.currentPeriodEnd());
        return subscriptions.putIfNotOlder(next, Guard.SAME_LIVE_SUBSCRIPTION) ? Outcome.applied(tenantId)
                : Outcome.stale(tenantId, "newer state is stored");
    }

    private boolean claim(String eventId, String type) {
        Instant now = clock.instant();
        Map<String, AttributeValue> item = new HashMap<>(key(eventId));
        item.put("event_id", Items.s(eventId));
        item.put("type", Items.s(type));
        item.put("received_at", Items.s(now.toString()));
        item.put(Table.TTL_ATTRIBUTE, Items.n(now.plus(EVENT_RETENTION).getEpochSecond()));
        try {
            table.client().putItem(PutItemRequest.builder().tableName(table.name()).item(item)
                    .conditionExpression("attribute_not_exists(PK)").build());
            return true;
        }
        catch (ConditionalCheckFailedException seen) {
            return false;
        }
    }

    private void record(String eventId, Outcome outcome) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":outcome", Items.s(outcome.status().name().toLowerCase(java.util.Locale.ROOT)));
        String update = "SET outcome = :outcome";
        if (outcome.tenantId() != null) {
            values.put(":tenant", Items.s(outcome.tenantId()));
            update += ", tenant_id = :tenant";
        }
        table.client().updateItem(UpdateItemRequest.builder().tableName(table.name()).key(key(eventId))
                .updateExpression(update).expressionAttributeValues(values).build());
    }

    private void release(String eventId) {
        table.client().deleteItem(DeleteItemRequest.builder().tableName(table.name()).key(key(eventId)).build());
    }

    private static Map<String, AttributeValue> key(String eventId) {
        return Items.key("STRIPE_EVENT#" + eventId, "EVENT");
    }
}
