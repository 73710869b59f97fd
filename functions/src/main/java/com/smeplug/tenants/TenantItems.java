package com.smeplug.tenants;

import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.smeplug.platform.aws.Items;
import com.smeplug.platform.tenant.TenantStore;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Where a tenant's items live, by key, whatever their kind: its own partition {@code TENANT#id} (profile, members,
 * invitations, subscription, ledger, sessions, jobs, specialisations, snapshots, connections...) and its usage
 * partitions {@code USAGE#id#YYYY-MM}, one per month. Items elsewhere that name the tenant (the user-to-tenant
 * membership, invitation pointers, the Stripe customer map, the monthly usage registry) are found by
 * {@link #SCAN_FILTER}.
 */
final class TenantItems {

    /** How far back usage partitions are read for a tenant whose creation date is unknown (the seeded samples). */
    static final int MONTHS_WITHOUT_CREATION_DATE = 36;

    /** A scan filter matching every item with the tenant's key or naming the tenant; values {@link #filterValues}. */
    static final String SCAN_FILTER = "PK = :pk OR begins_with(PK, :usage) OR SK = :pk OR tenant_id = :t OR invited_to = :t";

    private TenantItems() {
    }

    static Map<String, AttributeValue> filterValues(String tenantId) {
        return Map.of(":pk", Items.s(TenantStore.pk(tenantId)), ":usage", Items.s(usagePrefix(tenantId)), ":t", Items.s(tenantId));
    }

    static String usagePrefix(String tenantId) {
        return "USAGE#" + tenantId + "#";
    }

    /** The tenant's partitions in export order: its own, then each month's usage, oldest first. */
    static List<String> partitions(String tenantId, Instant createdAt, Clock clock) {
        YearMonth now = YearMonth.now(clock.withZone(ZoneOffset.UTC));
        YearMonth first = createdAt == null ? now.minusMonths(MONTHS_WITHOUT_CREATION_DATE)
                : YearMonth.from(createdAt.atZone(ZoneOffset.UTC));
        List<String> partitions = new ArrayList<>();
        partitions.add(TenantStore.pk(tenantId));
        for (YearMonth month = first; !month.isAfter(now); month = month.plusMonths(1)) {
            partitions.add(usagePrefix(tenantId) + month);
        }
        return partitions;
    }
}
