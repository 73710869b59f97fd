package com.smeplug.platform.tenant;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.smeplug.platform.auth.Probe;
import com.smeplug.platform.aws.Items;
import com.smeplug.platform.aws.ProbeItems;
import com.smeplug.platform.aws.Table;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

/**
 * Tenant profiles ({@code PK=TENANT#id, SK=PROFILE}). Existence is cached briefly per container because every
 * authenticated request asks; a tenant that is not found is never cached, so a new tenant works at once.
 */
public final class TenantStore implements TenantDirectory {

    private static final Duration KNOWN_TENANT_CACHE = Duration.ofMinutes(5);

    /** Priming's probe tenant (see Probe): the table's answer to its read (ProbeItems), never written. */
    private static final Map<String, AttributeValue> PROBE_PROFILE = Map.of("name", Items.s("SnapStart probe"),
            "sample_data", Items.bool(false), "connections", AttributeValue.fromM(Map.of()));

    static {
        ProbeItems.declare(pk(Probe.TENANT), "PROFILE", PROBE_PROFILE);
    }

    private final Table table;
    private final Clock clock;
    private final Map<String, Instant> known = new ConcurrentHashMap<>();

    public TenantStore(Table table, Clock clock) {
        this.table = table;
        this.clock = clock;
    }

    public static String pk(String tenantId) {
        return "TENANT#" + tenantId;
    }

    @Override
    public boolean exists(String tenantId) {
        Instant seen = known.get(tenantId);
        if (seen != null && seen.plus(KNOWN_TENANT_CACHE).isAfter(clock.instant())) {
            return true;
        }
        boolean found = find(tenantId).isPresent();
        if (found) {
            known.put(tenantId, clock.instant());
        }
        return found;
    }

    public Optional<Tenant> find(String tenantId) {
        var item = table.client().getItem(GetItemRequest.builder()
                .tableName(table.name())
                .key(Items.key(pk(tenantId), "PROFILE"))
                .build()).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> connections = new HashMap<>();
        Items.map(item, "connections").ifPresent(m -> m.forEach((k, v) -> connections.put(k, v.s())));
        return Optional.of(new Tenant(tenantId, Items.str(item, "name"), Items.flag(item, "sample_data"),
                Map.copyOf(connections)));
    }

    /**
     * Registers a new tenant created by a user: no sample data, no connections, no plan. False if the id is taken
     * (the caller generates another).
     */
    public boolean create(Tenant tenant, String industry, String createdBy) {
        Map<String, AttributeValue> item = new HashMap<>(Items.key(pk(tenant.tenantId()), "PROFILE"));
        item.put("tenant_id", Items.s(tenant.tenantId()));
        item.put("name", Items.s(tenant.name()));
        item.put("sample_data", Items.bool(false));
        item.put("connections", AttributeValue.fromM(Map.of()));
        item.put("created_at", Items.s(clock.instant().toString()));
        item.put("created_by", Items.s(createdBy));
        if (industry != null) {
            item.put("industry", Items.s(industry));
        }
        try {
            table.client().putItem(PutItemRequest.builder().tableName(table.name()).item(item)
                    .conditionExpression("attribute_not_exists(PK)").build());
            return true;
        }
        catch (software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** When the tenant was created through the API; empty for the seeded sample tenants. */
    public Optional<Instant> createdAt(String tenantId) {
        var item = table.client().getItem(GetItemRequest.builder().tableName(table.name())
                .key(Items.key(pk(tenantId), "PROFILE")).build()).item();
        return Optional.ofNullable(item == null ? null : Items.str(item, "created_at")).map(Instant::parse);
    }

    /** Removes the profile at once (a closed tenant is unknown from then on; its other items follow in batches). */
    public void close(String tenantId) {
        known.remove(tenantId);
        table.client().deleteItem(b -> b.tableName(table.name()).key(Items.key(pk(tenantId), "PROFILE")));
    }

    public void put(Tenant tenant) {
        Map<String, AttributeValue> connections = new HashMap<>();
        tenant.connections().forEach((k, v) -> connections.put(k, Items.s(v)));
        Map<String, AttributeValue> item = new HashMap<>(Items.key(pk(tenant.tenantId()), "PROFILE"));
        item.put("tenant_id", Items.s(tenant.tenantId()));
        item.put("name", Items.s(tenant.name()));
        item.put("sample_data", Items.bool(tenant.sampleData()));
        item.put("connections", AttributeValue.fromM(connections));
        table.client().putItem(PutItemRequest.builder().tableName(table.name()).item(item).build());
    }
}
