package com.smeplug.billing;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.smeplug.platform.aws.Items;
import com.smeplug.platform.aws.Table;
import com.smeplug.platform.tenant.TenantStore;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Checkouts a tenant started and has not completed yet ({@code PK=TENANT#id, SK=CHECKOUT#<checkout id>}): in real
 * mode the Stripe Checkout Session, in sample mode the ledger's pending subscription. A completed checkout (webhook
 * or ledger) is marked {@code completed}; the subscription itself lives in the {@link SubscriptionStore}.
 */
final class PendingCheckouts {

    public static final String PENDING = "pending";
    public static final String COMPLETED = "completed";

    public record Checkout(String checkoutId, String plan, List<String> plugIds, String status, String url,
            boolean mockMode) {
    }

    private final Table table;

    public PendingCheckouts(Table table) {
        this.table = table;
    }

    /** Records a started checkout; a retry of the same checkout keeps the first record. */
    public void pending(String tenantId, Checkout checkout, Instant now) {
        Map<String, AttributeValue> item = new HashMap<>(key(tenantId, checkout.checkoutId()));
        item.put("tenant_id", Items.s(tenantId));
        item.put("checkout_id", Items.s(checkout.checkoutId()));
        item.put("plan", Items.s(checkout.plan()));
        item.put("plug_ids", Items.strings(checkout.plugIds()));
        item.put("status", Items.s(PENDING));
        if (checkout.url() != null) {
            item.put("url", Items.s(checkout.url()));
        }
        item.put("mock_mode", Items.bool(checkout.mockMode()));
        item.put("created_at", Items.s(now.toString()));
        try {
            table.client().putItem(PutItemRequest.builder().tableName(table.name()).item(item)
                    .conditionExpression("attribute_not_exists(PK)").build());
        }
        catch (ConditionalCheckFailedException alreadyRecorded) {
            // the same checkout again (a retried request): the first record stands
        }
    }

    public Optional<Checkout> find(String tenantId, String checkoutId) {
        var item = table.client().getItem(GetItemRequest.builder().tableName(table.name())
                .key(key(tenantId, checkoutId)).consistentRead(true).build()).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Checkout(checkoutId, Items.str(item, "plan"), Items.list(item, "plug_ids"),
                Items.str(item, "status"), Items.str(item, "url"), Items.flag(item, "mock_mode")));
    }

    /** Marks the checkout completed, if we recorded it (a checkout made elsewhere has no record to mark). */
    public void completed(String tenantId, String checkoutId, Instant at) {
        try {
            table.client().updateItem(UpdateItemRequest.builder().tableName(table.name())
                    .key(key(tenantId, checkoutId))
                    .conditionExpression("attribute_exists(PK)")
                    .updateExpression("SET #status = :completed, completed_at = :at")
                    .expressionAttributeNames(Map.of("#status", "status"))
                    .expressionAttributeValues(Map.of(":completed", Items.s(COMPLETED), ":at", Items.s(at.toString())))
                    .build());
        }
        catch (ConditionalCheckFailedException notOurs) {
            // nothing recorded for this checkout
        }
    }

    private static Map<String, AttributeValue> key(String tenantId, String checkoutId) {
        return Items.key(TenantStore.pk(tenantId), "CHECKOUT#" + checkoutId);
    }
}
