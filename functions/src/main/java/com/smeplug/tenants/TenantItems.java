package com.smeplug.tenants;

import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.smeplug.platform.aws.Items;
import com.smeplug.platform.http.IdempotencyKeys;
import com.smeplug.platform.tenant.TenantStore;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Which items are a tenant's, whatever their kind. An item is the tenant's when its partition key is keyed by the
 * tenant — {@code <KIND>#<tenant>} or {@code <KIND>#<tenant>#...}: its own partition {@code TENANT#id} (profile,
 * members, invitations, subscription, ledger, sessions, jobs, specialisations, snapshots, connections...), its usage
 * months {@code USAGE#id#YYYY-MM}, its idempotency keys {@code IDEMPOTENCY#id}, and any partition a store keys by the
 * tenant later — or when its sort key is the tenant's partition key (the monthly usage registry), or when it names the
 * tenant in {@code tenant_id} or {@code invited_to} (the user-to-tenant membership, invitation pointers, the Stripe
 * customer map). The rule names no kind of partition, so a new one cannot be missed by a deletion.
 */
final class TenantItems {

    /** How far back usage partitions are read for a tenant whose creation date is unknown (the seeded samples). */
    static final int MONTHS_WITHOUT_CREATION_DATE = 36;

    /**
     * A scan filter matching every item of the tenant (values {@link #filterValues}), and some that only look alike
     * ({@code TENANT#<tenant>x} contains {@code #<tenant>}): keep only those {@link #belongs} accepts.
     */
    static final String SCAN_FILTER = "contains(PK, :keyed) OR SK = :pk OR tenant_id = :t OR invited_to = :t";

    /** The attributes {@link #belongs} reads. */
    static final String SCAN_PROJECTION = "PK, SK, tenant_id, invited_to";

    private TenantItems() {
    }

    static Map<String, AttributeValue> filterValues(String tenantId) {
        return Map.of(":keyed", Items.s("#" + tenantId), ":pk", Items.s(TenantStore.pk(tenantId)), ":t", Items.s(tenantId));
    }

    /** Whether an item (at least its {@link #SCAN_PROJECTION}) is the tenant's. */
    static boolean belongs(Map<String, AttributeValue> item, String tenantId) {
        return keyedBy(Items.str(item, "PK"), tenantId) || TenantStore.pk(tenantId).equals(Items.str(item, "SK"))
                || tenantId.equals(Items.str(item, "tenant_id")) || tenantId.equals(Items.str(item, "invited_to"));
    }

    /** Whether a partition key is keyed by the tenant: its part after the kind is the tenant id. */
    static boolean keyedBy(String pk, String tenantId) {
        if (pk == null) {
            return false;
        }
        String[] parts = pk.split("#", 3);
        return parts.length >= 2 && parts[1].equals(tenantId);
    }

    static String usagePrefix(String tenantId) {
        return "USAGE#" + tenantId + "#";
    }

    /** The tenant's partitions in export order: its own, its idempotency keys, then each month's usage, oldest first. */
    static List<String> partitions(String tenantId, Instant createdAt, Clock clock) {
        YearMonth now = YearMonth.now(clock.withZone(ZoneOffset.UTC));
        YearMonth first = createdAt == null ? now.minusMonths(MONTHS_WITHOUT_CREATION_DATE)
                : YearMonth.from(createdAt.atZone(ZoneOffset.UTC));
        List<String> partitions = new ArrayList<>();
        partitions.add(TenantStore.pk(tenantId));
        partitions.add(IdempotencyKeys.partition(tenantId));
        for (YearMonth month = first; !month.isAfter(now); month = month.plusMonths(1)) {
            partitions.add(usagePrefix(tenantId) + month);
        }
        return partitions;
    }
}
