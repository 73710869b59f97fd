package com.smeplug.billing;

import java.util.Map;
import java.util.Optional;

import com.smeplug.platform.aws.Items;
import com.smeplug.platform.aws.Table;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

/**
 * Which tenant a Stripe customer belongs to ({@code PK=STRIPE_CUSTOMER#<id>, SK=TENANT}), learned from the first
 * completed checkout, so events that carry only the customer (invoices) find their tenant. A customer once mapped
 * never moves to another tenant.
 */
final class StripeCustomers {

    private final Table table;

    public StripeCustomers(Table table) {
        this.table = table;
    }

    public Optional<String> tenantOf(String customerId) {
        if (customerId == null) {
            return Optional.empty();
        }
        var item = table.client().getItem(GetItemRequest.builder().tableName(table.name())
                .key(Items.key(pk(customerId), "TENANT")).consistentRead(true).build()).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.ofNullable(Items.str(item, "tenant_id"));
    }

    /** Maps the customer to the tenant; false if it already belongs to another tenant. */
    public boolean link(String customerId, String tenantId) {
        try {
            table.client().putItem(PutItemRequest.builder().tableName(table.name())
                    .item(Map.of("PK", Items.s(pk(customerId)), "SK", Items.s("TENANT"),
                            "tenant_id", Items.s(tenantId), "customer_id", Items.s(customerId)))
                    .conditionExpression("attribute_not_exists(PK) OR tenant_id = :tenant")
                    .expressionAttributeValues(Map.of(":tenant", Items.s(tenantId)))
                    .build());
            return true;
        }
        catch (ConditionalCheckFailedException otherTenant) {
            return false;
        }
    }

    private static String pk(String customerId) {
        return "STRIPE_CUSTOMER#" + customerId;
    }
}
