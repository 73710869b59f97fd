package com.smeplug.tenants;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.smeplug.platform.aws.Items;
import com.smeplug.platform.aws.Table;
import com.smeplug.platform.http.ApiException;
import com.smeplug.platform.http.ApiRequest;
import com.smeplug.platform.http.ApiResponse;
import com.smeplug.platform.http.IdempotencyKeys;
import com.smeplug.platform.http.Json;
import com.smeplug.platform.tenant.TenantStore;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * {@code GET /tenants/export[?cursor=]} (admin): everything stored for the tenant, page by page. A page holds at most
 * {@code pageSize} items (and DynamoDB reads at most 1 MB per query), far under Lambda's 6 MB response; {@code
 * next_cursor} (null on the last page) says where the next page starts. The cursor names a partition index and a sort
 * key only: the partition key always comes from the caller's own tenant, so a cursor cannot reach another tenant.
 * Attributes that hold secrets (tokens, passwords, keys, encrypted credentials) are left out.
 */
final class TenantExport {

    private static final Pattern SECRET = Pattern.compile("(?i).*(secret|token|password|credential|encrypted|private|api_key).*");

    record Cursor(int partition, String sk) {
    }

    private final Table table;
    private final TenantStore tenants;
    private final Clock clock;
    private final int pageSize;

    TenantExport(Table table, TenantStore tenants, Clock clock, int pageSize) {
        this.table = table;
        this.tenants = tenants;
        this.clock = clock;
        this.pageSize = pageSize;
    }

    ApiResponse page(ApiRequest request) {
        String tenantId = request.tenant();
        Cursor cursor = request.query("cursor").map(TenantExport::decode).orElse(new Cursor(0, null));
        List<String> partitions = TenantItems.partitions(tenantId, tenants.createdAt(tenantId).orElse(null), clock);
        if (cursor.partition() < 0 || cursor.partition() >= partitions.size()) {
            throw ApiException.invalid("cursor is not one this export gave");
        }
        List<Map<String, Object>> items = new ArrayList<>();
        Cursor next = null;
        int partition = cursor.partition();
        String startSk = cursor.sk();
        while (partition < partitions.size() && items.size() < pageSize) {
            String pk = partitions.get(partition);
            QueryRequest.Builder query = QueryRequest.builder().tableName(table.name())
                    .keyConditionExpression("PK = :pk").expressionAttributeValues(Map.of(":pk", Items.s(pk)))
                    .limit(pageSize - items.size()).consistentRead(true);
            if (startSk != null) {
                query.exclusiveStartKey(Items.key(pk, startSk));
            }
            QueryResponse page = table.client().query(query.build());
            page.items().forEach(item -> items.add(plain(item)));
            if (page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()) {
                startSk = page.lastEvaluatedKey().get("SK").s();
                next = new Cursor(partition, startSk);
            }
            else {
                partition++;
                startSk = null;
                next = partition < partitions.size() ? new Cursor(partition, null) : null;
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("tenant_id", tenantId);
        body.put("items", items);
        body.put("next_cursor", next == null ? null : encode(next));
        return ApiResponse.ok(body);
    }

    /** An item as plain JSON: the key and its kind first, then its attributes without secrets. */
    private static Map<String, Object> plain(Map<String, AttributeValue> item) {
        Map<String, Object> plain = new LinkedHashMap<>();
        plain.put("pk", item.get("PK").s());
        plain.put("sk", item.get("SK").s());
        plain.put("kind", kind(item.get("PK").s(), item.get("SK").s()));
        item.forEach((name, value) -> {
            if (!name.equals("PK") && !name.equals("SK") && !SECRET.matcher(name).matches()) {
                plain.put(name, value(value));
            }
        });
        return plain;
    }

    private static String kind(String pk, String sk) {
        if (pk.startsWith(IdempotencyKeys.partition(""))) {
            return "idempotency_key";
        }
        if (pk.startsWith("USAGE#")) {
            return sk.startsWith("EVENT#") ? "usage_event" : "usage_" + sk.toLowerCase(java.util.Locale.ROOT);
        }
        int hash = sk.indexOf('#');
        return (hash < 0 ? sk : sk.substring(0, hash)).toLowerCase(java.util.Locale.ROOT);
    }

    private static Object value(AttributeValue value) {
        if (value.s() != null) {
            return value.s();
        }
        if (value.n() != null) {
            return new java.math.BigDecimal(value.n());
        }
        if (value.bool() != null) {
            return value.bool();
        }
        if (value.hasM()) {
            Map<String, Object> map = new LinkedHashMap<>();
            value.m().forEach((k, v) -> {
                if (!SECRET.matcher(k).matches()) {
                    map.put(k, value(v));
                }
            });
            return map;
        }
        if (value.hasL()) {
            return value.l().stream().map(TenantExport::value).toList();
        }
        if (value.hasSs()) {
            return value.ss();
        }
        if (value.hasNs()) {
            return value.ns();
        }
        if (value.b() != null) {
            return "(binary, " + value.b().asByteArray().length + " bytes, not exported)";
        }
        return null;
    }

    static String encode(Cursor cursor) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Json.write(cursor).getBytes(StandardCharsets.UTF_8));
    }

    private static Cursor decode(String text) {
        try {
            Cursor cursor = Json.MAPPER.readValue(Base64.getUrlDecoder().decode(text), Cursor.class);
            if (cursor.sk() != null && cursor.sk().length() > 1024) {
                throw ApiException.invalid("cursor is not one this export gave");
            }
            return cursor;
        }
        catch (IllegalArgumentException | tools.jackson.core.JacksonException e) {
            throw ApiException.invalid("cursor is not one this export gave");
        }
    }
}
