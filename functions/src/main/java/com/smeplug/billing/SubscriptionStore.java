package com.smeplug.billing;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.smeplug.platform.auth.Probe;
import com.smeplug.platform.aws.Items;
import com.smeplug.platform.aws.ProbeItems;
import com.smeplug.platform.aws.Table;
import com.smeplug.platform.tenant.TenantStore;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

/**
 * The subscription item of a tenant ({@code PK=TENANT#id, SK=SUBSCRIPTION}). Changes that come from billing
 * events go through {@link #putIfNotOlder}: one conditional write that refuses an event older than the stored
 * state, so events applied out of order (Stripe does not order its deliveries) never roll the state back.
 */
final class SubscriptionStore implements Subscriptions {

    /** What else, besides not being older, a change needs from the stored state. */
    public enum Guard {
        /** A new subscription (completed checkout): replaces whatever the tenant had, if not older. */
        ANY,
        /** A change of the stored subscription: only when it is the same Stripe subscription (or none is stored). */
        SAME_SUBSCRIPTION,
        /** As {@link #SAME_SUBSCRIPTION}, and never once it is canceled: a late update does not resurrect it. */
        SAME_LIVE_SUBSCRIPTION,
        /**
         * A first sample subscription: only while the tenant has no live (billed) sample subscription, so of two
         * first subscribes that raced past the check for one, exactly one writes.
         */
        NO_LIVE_SAMPLE_SUBSCRIPTION,
        /**
         * A new Stripe subscription (completed checkout): only while no other live (billed) Stripe subscription is
         * stored, so of two checkouts completing at once, exactly one is stored and the other can be cancelled.
         */
        NO_OTHER_LIVE_SUBSCRIPTION
    }

    private static final String SK = "SUBSCRIPTION";
    /**
     * Priming's probe tenant (see Probe) subscribes to every plug: the table's answer to its read (ProbeItems), never
     * written.
     */
    private static final Map<String, AttributeValue> PROBE_SUBSCRIPTION = item(new Subscription(Probe.TENANT,
            "professional", List.of("healthcare", "legal", "engineering"), Subscription.ACTIVE, Instant.EPOCH, null,
            null, true, 0));

    static {
        ProbeItems.declare(TenantStore.pk(Probe.TENANT), SK, PROBE_SUBSCRIPTION);
    }

    private final Table table;

    public SubscriptionStore(Table table) {
        this.table = table;
    }

    @Override
    public Optional<Subscription> current(String tenantId) {
        var item = table.client().getItem(GetItemRequest.builder()
                .tableName(table.name())
                .key(Items.key(TenantStore.pk(tenantId), SK))
                .consistentRead(true)
                .build()).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Subscription(tenantId, Items.str(item, "plan"), Items.list(item, "plug_ids"),
                Items.str(item, "status"), instant(item, "started_at"),
                Items.str(item, "stripe_customer_id"), Items.str(item, "stripe_subscription_id"),
                Items.flag(item, "mock_mode"), Items.num(item, "event_time", 0),
                instant(item, "current_period_start"), instant(item, "current_period_end"),
                Items.flag(item, "cancel_at_period_end"), instant(item, "past_due_since")));
    }

    /** Unconditional write (seeding sample tenants). */
    public void put(Subscription subscription) {
        table.client().putItem(PutItemRequest.builder().tableName(table.name()).item(item(subscription)).build());
    }

    /**
     * Writes {@code next} unless the stored state comes from a newer event (or fails {@code guard}). Returns false
     * when refused. Events of the same second both apply, in the order they arrive.
     */
    public boolean putIfNotOlder(Subscription next, Guard guard) {
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":t", Items.n(next.eventTime()));
        String condition = "event_time <= :t";
        if (guard == Guard.NO_LIVE_SAMPLE_SUBSCRIPTION) {
            values.put(":real", Items.bool(false));
            values.put(":ending", Items.bool(true));
            values.put(":now", Items.s(Instant.ofEpochSecond(next.eventTime()).toString()));
            // the negation of Subscribing.live in sample mode: billable, the ledger's, and not cancelled and over
            condition += " AND (" + notBillable(names, values) + " OR mock_mode = :real"
                    + " OR (cancel_at_period_end = :ending AND current_period_end <= :now))";
        }
        else if (guard == Guard.NO_OTHER_LIVE_SUBSCRIPTION) {
            values.put(":sample", Items.bool(true));
            values.put(":sub", Items.s(next.stripeSubscriptionId()));
            condition += " AND (" + notBillable(names, values) + " OR mock_mode = :sample"
                    + " OR attribute_not_exists(stripe_subscription_id) OR stripe_subscription_id = :sub)";
        }
        else if (guard != Guard.ANY) {
            if (next.stripeSubscriptionId() == null) {
                throw new IllegalArgumentException("a change of a subscription must name it");
            }
            values.put(":sub", Items.s(next.stripeSubscriptionId()));
            condition += " AND (attribute_not_exists(stripe_subscription_id) OR stripe_subscription_id = :sub)";
        }
        if (guard == Guard.SAME_LIVE_SUBSCRIPTION) {
            names.put("#status", "status");
            values.put(":canceled", Items.s(Subscription.CANCELED));
            condition += " AND #status <> :canceled";
        }
        var request = PutItemRequest.builder().tableName(table.name()).item(item(next))
                .conditionExpression("attribute_not_exists(PK) OR (" + condition + ")")
                .expressionAttributeValues(values);
        if (!names.isEmpty()) {
            request.expressionAttributeNames(names);
        }
        try {
            table.client().putItem(request.build());
            return true;
        }
        catch (ConditionalCheckFailedException refused) {
            return false;
        }
    }

    /** The condition that the stored subscription is not billed ({@link Subscription#billable}), its names and values. */
    private static String notBillable(Map<String, String> names, Map<String, AttributeValue> values) {
        names.put("#status", "status");
        values.put(":active", Items.s(Subscription.ACTIVE));
        values.put(":pastDue", Items.s(Subscription.PAST_DUE));
        return "(#status <> :active AND #status <> :pastDue)";
    }

    private static Map<String, AttributeValue> item(Subscription subscription) {
        Map<String, AttributeValue> item = new HashMap<>(Items.key(TenantStore.pk(subscription.tenantId()), SK));
        item.put("tenant_id", Items.s(subscription.tenantId()));
        if (subscription.plan() != null) {
            item.put("plan", Items.s(subscription.plan()));
        }
        item.put("plug_ids", Items.strings(subscription.plugIds()));
        item.put("status", Items.s(subscription.status()));
        putInstant(item, "started_at", subscription.startedAt());
        putInstant(item, "current_period_start", subscription.currentPeriodStart());
        putInstant(item, "current_period_end", subscription.currentPeriodEnd());
        putInstant(item, "past_due_since", subscription.pastDueSince());
        if (subscription.stripeCustomerId() != null) {
            item.put("stripe_customer_id", Items.s(subscription.stripeCustomerId()));
        }
        if (subscription.stripeSubscriptionId() != null) {
            item.put("stripe_subscription_id", Items.s(subscription.stripeSubscriptionId()));
        }
        item.put("mock_mode", Items.bool(subscription.mockMode()));
        item.put("cancel_at_period_end", Items.bool(subscription.cancelAtPeriodEnd()));
        item.put("event_time", Items.n(subscription.eventTime()));
        return item;
    }

    private static void putInstant(Map<String, AttributeValue> item, String name, Instant value) {
        if (value != null) {
            item.put(name, Items.s(value.toString()));
        }
    }

    private static Instant instant(Map<String, AttributeValue> item, String name) {
        String value = Items.str(item, name);
        return value == null ? null : Instant.parse(value);
    }
}
