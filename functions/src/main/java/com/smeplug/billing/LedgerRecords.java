package com.smeplug.billing;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.smeplug.platform.aws.Items;
import com.smeplug.platform.aws.Table;
import com.smeplug.platform.tenant.TenantStore;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * The sample ledger's items under {@code PK=TENANT#id}: a period's recorded charge ({@code LEDGER#CHARGE#<start>}),
 * what a period was billed at before a change within it ({@code LEDGER#BASE#<start>}) and the proration lines of
 * those changes ({@code LEDGER#LINE#<start>#<change time>#<request>#<n>}). Every item is written once (conditional put).
 */
final class LedgerRecords {

    static final String CHARGE = "LEDGER#CHARGE#";
    static final String BASE = "LEDGER#BASE#";
    static final String LINE = "LEDGER#LINE#";

    /** All of a tenant's ledger items, by kind and period start. */
    record Ledger(Map<String, Map<String, AttributeValue>> charges, Map<String, Map<String, AttributeValue>> bases,
            Map<String, List<Invoice.Line>> lines) {

        List<Invoice.Line> linesOf(String periodStart) {
            return lines.getOrDefault(periodStart, List.of());
        }
    }

    private final Table table;

    LedgerRecords(Table table) {
        this.table = table;
    }

    Ledger read(String tenantId) {
        Map<String, Map<String, AttributeValue>> charges = new HashMap<>();
        Map<String, Map<String, AttributeValue>> bases = new HashMap<>();
        Map<String, List<Invoice.Line>> lines = new HashMap<>();
        List<Map<String, AttributeValue>> lineItems = new ArrayList<>();
        Map<String, AttributeValue> startKey = null;
        do {
            var page = table.client().query(QueryRequest.builder().tableName(table.name())
                    .keyConditionExpression("PK = :pk AND begins_with(SK, :prefix)")
                    .expressionAttributeValues(Map.of(":pk", Items.s(TenantStore.pk(tenantId)), ":prefix", Items.s("LEDGER#")))
                    .exclusiveStartKey(startKey)
                    .consistentRead(true)
                    .build());
            for (var item : page.items()) {
                String sk = Items.str(item, "SK");
                String start = Items.str(item, "period_start");
                if (sk.startsWith(CHARGE)) {
                    charges.put(start, item);
                }
                else if (sk.startsWith(BASE)) {
                    bases.put(start, item);
                }
                else if (sk.startsWith(LINE)) {
                    lineItems.add(item);
                }
            }
            startKey = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (startKey != null);
        // a period's lines in the order of their changes (the sort key orders one change's lines)
        lineItems.sort(Comparator.comparing((Map<String, AttributeValue> item) -> Items.str(item, "changed_at"))
                .thenComparing(item -> Items.str(item, "SK")));
        for (var item : lineItems) {
            lines.computeIfAbsent(Items.str(item, "period_start"), start -> new ArrayList<>()).add(new Invoice.Line(
                    Items.str(item, "description"), Plan.money(new BigDecimal(item.get("amount").n())), true));
        }
        return new Ledger(charges, bases, lines);
    }

    /** Records {@code item} under {@code sk} unless something is recorded there already; true if written now. */
    boolean putOnce(String tenantId, String sk, Map<String, AttributeValue> values) {
        Map<String, AttributeValue> item = new HashMap<>(values);
        item.putAll(Items.key(TenantStore.pk(tenantId), sk));
        item.put("tenant_id", Items.s(tenantId));
        item.put("mock_mode", Items.bool(true));
        try {
            table.client().putItem(PutItemRequest.builder().tableName(table.name()).item(item)
                    .conditionExpression("attribute_not_exists(PK)").build());
            return true;
        }
        catch (ConditionalCheckFailedException recordedBefore) {
            return false;
        }
    }

    static Map<String, AttributeValue> line(String periodStart, Invoice.Line line, Instant at) {
        return Map.of("period_start", Items.s(periodStart), "description", Items.s(line.description()),
                "amount", AttributeValue.fromN(line.amount().toPlainString()), "changed_at", Items.s(at.toString()));
    }
}
