package com.smeplug.tenants;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import com.smeplug.billing.PaymentProvider;
import com.smeplug.integrations.connections.Connections;
import com.smeplug.platform.aws.Items;
import com.smeplug.platform.aws.Table;
import com.smeplug.platform.http.ApiException;
import com.smeplug.platform.http.ApiRequest;
import com.smeplug.platform.http.ApiResponse;
import com.smeplug.platform.tenant.Membership;
import com.smeplug.platform.tenant.MembershipStore;
import com.smeplug.platform.tenant.Tenant;
import com.smeplug.platform.tenant.TenantStore;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

/**
 * {@code DELETE /tenants {confirm: "<tenant name>"}} (admin): closes the tenant at once — every member's access is
 * revoked and the profile removed before the 202, so the next call of any member is {@code 403 unknown_tenant} —
 * cancels its subscription through billing's port (Stripe in real mode), revokes its connections (its Salesforce
 * refresh token at Salesforce) through the connections port, and hands the deletion of its items to
 * delayed steps on the deletion queue ({@link DeletionWorker}). The deletion is recorded under
 * {@code PK=DELETION#id}, outside the tenant's key, so its progress outlives the tenant.
 */
final class TenantDeletion {

    private static final SecureRandom RANDOM = new SecureRandom();

    record Confirm(String confirm) {
    }

    private final TenantStore tenants;
    private final MembershipStore memberships;
    private final PaymentProvider payments;
    private final Connections connections;
    private final DeletionQueue queue;
    private final Table table;
    private final Clock clock;

    TenantDeletion(TenantStore tenants, MembershipStore memberships, PaymentProvider payments, Connections connections,
            DeletionQueue queue, Table table, Clock clock) {
        this.tenants = tenants;
        this.memberships = memberships;
        this.payments = payments;
        this.connections = connections;
        this.queue = queue;
        this.table = table;
        this.clock = clock;
    }

    static Map<String, AttributeValue> recordKey(String deletionId) {
        return Items.key("DELETION#" + deletionId, "DELETION");
    }

    ApiResponse delete(ApiRequest request) {
        String tenantId = request.tenant();
        Tenant tenant = tenants.find(tenantId).orElseThrow(() -> ApiException.forbidden("unknown_tenant",
                "the caller belongs to no registered tenant"));
        String confirm = request.bodyAs(Confirm.class).confirm();
        if (confirm == null || !confirm.equals(tenant.name())) {
            throw ApiException.invalid("confirm must be the tenant's name exactly: \"" + tenant.name() + "\"");
        }
        // Stripe, then the connections, first: if either fails, the tenant is still open and the admin can try again
        // (a connection already revoked is gone, so a retry does not revoke it twice).
        payments.cancelSubscription(tenantId);
        connections.revokeAll(tenantId);
        String deletionId = "del_" + HexFormat.of().formatHex(randomBytes());
        Map<String, AttributeValue> record = new HashMap<>(recordKey(deletionId));
        record.put("deleted_tenant", Items.s(tenantId));
        record.put("requested_by", Items.s(request.user()));
        record.put("requested_at", Items.s(clock.instant().toString()));
        record.put("status", Items.s("deleting"));
        table.client().putItem(PutItemRequest.builder().tableName(table.name()).item(record).build());
        // The first step is queued before access ends: from here on, the tenant's items go, even if what follows fails.
        queue.send(new DeletionStep(deletionId, tenantId, DeletionStep.PARTITION, null, 0, 0));
        for (Membership member : memberships.members(tenantId)) {
            memberships.revokeAccess(tenantId, member.userId());
        }
        tenants.close(tenantId);

        Map<String, Object> body = new LinkedHashMap<>();
        body.put("deletion_id", deletionId);
        body.put("tenant_id", tenantId);
        body.put("status", "deleting");
        return ApiResponse.accepted(body);
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
