package com.smeplug.tenants;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.smeplug.platform.aws.Items;
import com.smeplug.platform.aws.Table;
import com.smeplug.platform.tenant.TenantStore;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one deletion step and sends the next. Every step is idempotent and resumable: deleting what is already gone
 * does nothing, the partition phase re-reads from the start of what is left, and a redelivered scan step repeats its
 * page. First the tenant's own partition is emptied by key (any item kind, connections included); then scan passes
 * over the whole table delete whatever {@link TenantItems#belongs} to the tenant (usage partitions, idempotency keys,
 * memberships, invitation pointers, the Stripe customer map, items written while the deletion ran) until a pass finds
 * none.
 */
final class DeletionWorker {

    private static final Logger log = LoggerFactory.getLogger(DeletionWorker.class);
    private static final int BATCH = 25;

    private final Table table;
    private final DeletionQueue queue;
    private final Clock clock;
    private final int batchesPerStep;
    private final int scanPageItems;

    DeletionWorker(Table table, DeletionQueue queue, Clock clock, int batchesPerStep, int scanPageItems) {
        this.table = table;
        this.queue = queue;
        this.clock = clock;
        this.batchesPerStep = batchesPerStep;
        this.scanPageItems = scanPageItems;
    }

    void handle(DeletionStep step) {
        switch (step.phase()) {
            case DeletionStep.PARTITION -> partition(step);
            case DeletionStep.SCAN -> scan(step);
            default -> log.warn("deletion step with unknown phase {} ignored deletion_id={}", step.phase(), step.deletionId());
        }
    }

    private void partition(DeletionStep step) {
        QueryResponse page = table.client().query(q -> q.tableName(table.name()).keyConditionExpression("PK = :pk")
                .expressionAttributeValues(Map.of(":pk", Items.s(TenantStore.pk(step.tenantId()))))
                .projectionExpression("PK, SK").limit(BATCH * batchesPerStep).consistentRead(true));
        deleteAll(page.items());
        boolean more = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty();
        progress(step, page.count(), more ? "deleting the tenant's partition" : "scanning for the rest");
        queue.send(more ? step : new DeletionStep(step.deletionId(), step.tenantId(), DeletionStep.SCAN, null, 1, 0));
    }

    private void scan(DeletionStep step) {
        Map<String, AttributeValue> start = step.cursor() == null ? null
                : Items.key(cursorPart(step.cursor(), 0), cursorPart(step.cursor(), 1));
        ScanResponse page = table.client().scan(s -> s.tableName(table.name()).filterExpression(TenantItems.SCAN_FILTER)
                .expressionAttributeValues(TenantItems.filterValues(step.tenantId()))
                .projectionExpression(TenantItems.SCAN_PROJECTION)
                .limit(scanPageItems).exclusiveStartKey(start).consistentRead(true));
        List<Map<String, AttributeValue>> tenants = page.items().stream()
                .filter(item -> TenantItems.belongs(item, step.tenantId())).toList();
        deleteAll(tenants);
        long found = step.found() + tenants.size();
        if (page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()) {
            String cursor = page.lastEvaluatedKey().get("PK").s() + "\n" + page.lastEvaluatedKey().get("SK").s();
            progress(step, tenants.size(), "scan pass " + step.pass());
            queue.send(new DeletionStep(step.deletionId(), step.tenantId(), DeletionStep.SCAN, cursor, step.pass(), found));
        }
        else if (found > 0) {
            progress(step, tenants.size(), "scan pass " + step.pass() + " found " + found + "; another pass");
            queue.send(new DeletionStep(step.deletionId(), step.tenantId(), DeletionStep.SCAN, null, step.pass() + 1, 0));
        }
        else {
            complete(step);
        }
    }

    private static String cursorPart(String cursor, int index) {
        return cursor.split("\n", 2)[index];
    }

    private void deleteAll(List<Map<String, AttributeValue>> items) {
        for (int from = 0; from < items.size(); from += BATCH) {
            List<WriteRequest> writes = new ArrayList<>();
            for (Map<String, AttributeValue> item : items.subList(from, Math.min(items.size(), from + BATCH))) {
                writes.add(WriteRequest.builder().deleteRequest(DeleteRequest.builder()
                        .key(Items.key(item.get("PK").s(), item.get("SK").s())).build()).build());
            }
            Map<String, List<WriteRequest>> pending = Map.of(table.name(), writes);
            for (int attempt = 0; !pending.isEmpty() && attempt < 8; attempt++) {
                BatchWriteItemResponse response = table.client().batchWriteItem(BatchWriteItemRequest.builder()
                        .requestItems(pending).build());
                pending = response.hasUnprocessedItems() ? response.unprocessedItems() : Map.of();
                pending = pending.values().stream().allMatch(List::isEmpty) ? Map.of() : pending;
            }
            if (!pending.isEmpty()) {
                throw new IllegalStateException("DynamoDB left deletes unprocessed; the step is retried");
            }
        }
    }

    private void progress(DeletionStep step, int deleted, String detail) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":n", Items.n(deleted));
        values.put(":d", Items.s(detail));
        values.put(":at", Items.s(clock.instant().toString()));
        values.put(":zero", Items.n(0));
        table.client().updateItem(UpdateItemRequest.builder().tableName(table.name())
                .key(TenantDeletion.recordKey(step.deletionId()))
                .updateExpression("SET items_deleted = if_not_exists(items_deleted, :zero) + :n, step_detail = :d, updated_at = :at")
                .expressionAttributeValues(values).build());
    }

    private void complete(DeletionStep step) {
        table.client().updateItem(UpdateItemRequest.builder().tableName(table.name())
                .key(TenantDeletion.recordKey(step.deletionId()))
                .updateExpression("SET #s = :s, completed_at = :at, step_detail = :d")
                .expressionAttributeNames(Map.of("#s", "status"))
                .expressionAttributeValues(Map.of(":s", Items.s("deleted"), ":at", Items.s(clock.instant().toString()),
                        ":d", Items.s("scan pass " + step.pass() + " found no item of the tenant")))
                .build());
        log.info("tenant deleted deletion_id={} tenant={} passes={}", step.deletionId(), step.tenantId(), step.pass());
    }
}
