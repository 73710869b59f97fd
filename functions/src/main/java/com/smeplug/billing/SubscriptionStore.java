package com.smeplug.billing;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import com.smeplug.platform.aws.Items;
import com.smeplug.platform.aws.Table;
import com.smeplug.platform.tenant.TenantStore;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

/** The subscription item of a tenant ({@code PK=TENANT#id, SK=SUBSCRIPTION}). */
public final class SubscriptionStore implements Subscriptions {

    private final Table table;

    public SubscriptionStore(Table table) {
        this.table = table;
    }

    @Override
    public Optional<Subscription> current(String tenantId) {
        var item = table.client().getItem(GetItemRequest.builder()
                .tableName(table.name())
                .key(Items.key(TenantStore.pk(tenantId), "SUBSCRIPTION"))
                .consistentRead(true)
                .build()).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        String started = Items.str(item, "started_at");
        return Optional.of(new Subscription(tenantId, Items.str(item, "plan"), Items.list(item, "plug_ids"),
                Items.str(item, "status"), started == null ? null : Instant.parse(started),
                Items.str(item, "stripe_customer_id"), Items.str(item, "stripe_subscription_id"),
                Items.flag(item, "mock_mode"), Items.num(item, "event_time", 0)));
    }

    public void put(Subscription subscription) {
        Map<String, AttributeValue> item = new HashMap<>(Items.key(TenantStore.pk(subscription.tenantId()), "SUBSCRIPTION"));
        item.put("tenant_id", Items.s(subscription.tenantId()));
        item.put("plan", Items.s(subscription.plan()));
        item.put("plug_ids", Items.strings(subscription.plugIds()));
        item.put("status", Items.s(subscription.status()));
        if (subscription.startedAt() != null) {
            item.put("started_at", Items.s(subscription.startedAt().toString()));
        }
        if (subscription.stripeCustomerId() != null) {
            item.put("stripe_customer_id", Items.s(subscription.stripeCustomerId()));
        }
        if (subscription.stripeSubscriptionId() != null) {
            item.put("stripe_subscription_id", Items.s(subscription.stripeSubscriptionId()));
        }
        item.put("mock_mode", Items.bool(subscription.mockMode()));
        item.put("event_time", Items.n(subscription.eventTime()));
        table.client().putItem(PutItemRequest.builder().tableName(table.name()).item(item).build());
    }
}
