package com.smeplug.integrations;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import com.smeplug.platform.aws.Items;
import com.smeplug.platform.aws.Table;
import com.smeplug.platform.http.Json;
import com.smeplug.platform.tenant.TenantStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

/**
 * Snapshots in the table: {@code PK=TENANT#<id>, SK=SNAPSHOT#<connector>}, the records as JSON in {@code payload},
 * {@code synced_at} as ISO-8601. Items expire (TTL) a while after their last sync, so a tenant that stopped using a
 * connector does not keep data here for ever; until then an old snapshot can still stand in when the upstream is down.
 */
final class DynamoSnapshots implements Snapshots {

    private static final Logger log = LoggerFactory.getLogger(DynamoSnapshots.class);

    private final Table table;
    private final Duration retention;

    public DynamoSnapshots(Table table, Duration retention) {
        this.table = table;
        this.retention = retention;
    }

    public static String sk(String connector) {
        return "SNAPSHOT#" + connector;
    }

    @Override
    public <R> Optional<Snapshot<R>> find(String tenantId, String connector, Class<R> type) {
        var item = table.client().getItem(GetItemRequest.builder()
                .tableName(table.name())
                .key(Items.key(TenantStore.pk(tenantId), sk(connector)))
                .consistentRead(true)
                .build()).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        try {
            R records = Json.MAPPER.readValue(Items.str(item, "payload"), type);
            return Optional.of(new Snapshot<>(records, Items.str(item, "source"), Items.flag(item, "mock_mode"),
                    Items.str(item, "reference"), Instant.parse(Items.str(item, "synced_at"))));
        }
        catch (RuntimeException e) {
            // A snapshot we cannot read (written by an older shape) is as good as none: the next fetch replaces it.
            log.warn("ignoring unreadable {} snapshot of tenant {}: {}", connector, tenantId, e.toString());
            return Optional.empty();
        }
    }

    @Override
    public <R> void put(String tenantId, String connector, Snapshot<R> snapshot) {
        Map<String, AttributeValue> item = new HashMap<>(Items.key(TenantStore.pk(tenantId), sk(connector)));
        item.put("tenant_id", Items.s(tenantId));
        item.put("connector", Items.s(connector));
        item.put("source", Items.s(snapshot.source()));
        item.put("mock_mode", Items.bool(snapshot.mockMode()));
        item.put("reference", Items.s(snapshot.reference()));
        item.put("synced_at", Items.s(snapshot.syncedAt().toString()));
        item.put("payload", Items.s(Json.write(snapshot.records())));
        item.put(Table.TTL_ATTRIBUTE, Items.n(snapshot.syncedAt().plus(retention).getEpochSecond()));
        table.client().putItem(PutItemRequest.builder().tableName(table.name()).item(item).build());
    }
}
