package com.smeplug.integrations;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import com.smeplug.platform.aws.Items;
import com.smeplug.platform.aws.Table;
import com.smeplug.platform.tenant.TenantStore;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Back-offs as {@code PK=TENANT#<id>, SK=BACKOFF#<connector>} items, expired by TTL an hour after they end. */
final class DynamoBackoffs implements Backoffs {

    private final Table table;

    DynamoBackoffs(Table table) {
        this.table = table;
    }

    @Override
    public Optional<Backoff> find(String tenantId, String connector) {
        var item = table.client().getItem(b -> b.tableName(table.name())
                .key(Items.key(TenantStore.pk(tenantId), "BACKOFF#" + connector)).consistentRead(true)).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Backoff(Instant.parse(Items.str(item, "until")), (int) Items.num(item, "status", 429),
                Items.str(item, "reason")));
    }

    @Override
    public void hold(String tenantId, String connector, Backoff backoff) {
        Map<String, AttributeValue> item = new HashMap<>(Items.key(TenantStore.pk(tenantId), "BACKOFF#" + connector));
        item.put("until", Items.s(backoff.until().toString()));
        item.put("status", Items.n(backoff.status()));
        item.put("reason", Items.s(backoff.reason()));
        item.put(Table.TTL_ATTRIBUTE, Items.n(backoff.until().getEpochSecond() + 3600));
        table.client().putItem(b -> b.tableName(table.name()).item(item));
    }
}
