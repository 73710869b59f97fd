package com.smeplug.integrations.connections;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.smeplug.platform.aws.Items;
import com.smeplug.platform.aws.Table;
import com.smeplug.platform.tenant.TenantStore;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * Connections as their own items under the tenant's key: {@code PK=TENANT#<id>, SK=CONNECTION#<system>}, so deleting
 * every item of a tenant deletes them. The secret is stored only sealed ({@code secret}); nothing here logs it.
 */
public final class ConnectionStore {

    private static final String SK_PREFIX = "CONNECTION#";

    private final Table table;

    public ConnectionStore(Table table) {
        this.table = table;
    }

    static String sk(String system) {
        return SK_PREFIX + system;
    }

    public Optional<Connection> find(String tenantId, String system) {
        var item = table.client().getItem(b -> b.tableName(table.name())
                .key(Items.key(TenantStore.pk(tenantId), sk(system))).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(read(item));
    }

    public List<Connection> list(String tenantId) {
        List<Connection> connections = new ArrayList<>();
        var pages = table.client().queryPaginator(QueryRequest.builder().tableName(table.name())
                .keyConditionExpression("PK = :pk AND begins_with(SK, :sk)")
                .expressionAttributeValues(Map.of(":pk", Items.s(TenantStore.pk(tenantId)), ":sk", Items.s(SK_PREFIX)))
                .consistentRead(true).build());
        pages.items().forEach(item -> connections.add(read(item)));
        return connections;
    }

    public void put(Connection connection) {
        Map<String, AttributeValue> item = new HashMap<>(Items.key(TenantStore.pk(connection.tenantId()),
                sk(connection.system())));
        item.put("tenant_id", Items.s(connection.tenantId()));
        item.put("system", Items.s(connection.system()));
        item.put("status", Items.s(connection.status().wire()));
        Map<String, AttributeValue> details = new HashMap<>();
        connection.details().forEach((k, v) -> details.put(k, Items.s(v)));
        item.put("details", AttributeValue.fromM(details));
        item.put("secret", Items.s(connection.sealedSecret()));
        item.put("connected_at", Items.s(connection.connectedAt().toString()));
        if (connection.lastSyncAt() != null) {
            item.put("last_sync_at", Items.s(connection.lastSyncAt().toString()));
        }
        if (connection.lastError() != null) {
            item.put("last_error", Items.s(connection.lastError()));
        }
        table.client().putItem(b -> b.tableName(table.name()).item(item));
    }

    /**
     * Replaces the sealed secret only if it is still {@code expected} (refresh-token rotation: of two refreshes that
     * raced, the second must not overwrite the newer token with an older one). False when it had changed.
     */
    public boolean replaceSecret(String tenantId, String system, String expected, String replacement) {
        try {
            table.client().updateItem(b -> b.tableName(table.name())
                    .key(Items.key(TenantStore.pk(tenantId), sk(system)))
                    .updateExpression("SET secret = :new")
                    .conditionExpression("secret = :old")
                    .expressionAttributeValues(Map.of(":new", Items.s(replacement), ":old", Items.s(expected))));
            return true;
        }
        catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** Sets the status and last error of a connection that still exists (a disconnect that raced wins). */
    public void markStatus(String tenantId, String system, Connection.Status status, String error) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":status", Items.s(status.wire()));
        String expression = "SET #status = :status";
        if (error == null) {
            expression += " REMOVE last_error";
        }
        else {
            expression = "SET #status = :status, last_error = :error";
            values.put(":error", Items.s(error));
        }
        update(tenantId, system, expression, values);
    }

    private void update(String tenantId, String system, String expression, Map<String, AttributeValue> values) {
        try {
            table.client().updateItem(b -> b.tableName(table.name())
                    .key(Items.key(TenantStore.pk(tenantId), sk(system)))
                    .updateExpression(expression)
                    .conditionExpression("attribute_exists(PK)")
                    .expressionAttributeNames(Map.of("#status", "status"))
                    .expressionAttributeValues(values));
        }
        catch (ConditionalCheckFailedException e) {
            // disconnected meanwhile: nothing to record
        }
    }

    public void delete(String tenantId, String system) {
        table.client().deleteItem(b -> b.tableName(table.name()).key(Items.key(TenantStore.pk(tenantId), sk(system))));
    }

    private static Connection read(Map<String, AttributeValue> item) {
        Map<String, String> details = new HashMap<>();
        Items.map(item, "details").ifPresent(m -> m.forEach((k, v) -> details.put(k, v.s())));
        String lastSync = Items.str(item, "last_sync_at");
        return new Connection(Items.str(item, "tenant_id"), Items.str(item, "system"),
                Connection.Status.valueOf(Items.str(item, "status").toUpperCase(java.util.Locale.ROOT)),
                Map.copyOf(details), Items.str(item, "secret"), Instant.parse(Items.str(item, "connected_at")),
                lastSync == null ? null : Instant.parse(lastSync), Items.str(item, "last_error"));
    }
}
