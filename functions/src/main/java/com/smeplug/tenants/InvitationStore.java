package com.smeplug.tenants;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import com.smeplug.platform.auth.Role;
import com.smeplug.platform.aws.Items;
import com.smeplug.platform.aws.Table;
import com.smeplug.platform.tenant.TenantStore;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Invitations: the invitation itself under its tenant ({@code PK=TENANT#id, SK=INVITATION#inv}), so it is exported and
 * deleted with the tenant, and a pointer {@code PK=INVITATION#inv, SK=INVITATION} naming the tenant, because the
 * accept URL names only the invitation. Both expire through the table's TTL a while after the invitation does (kept
 * meanwhile, so a late accept is told 410, not 404). Removing a member deletes the tenant's pending invitations to
 * their address ({@link #deletePending}): an accept of one is then 404, as for an unknown invitation.
 */
final class InvitationStore {

    /** How long after expiry DynamoDB may drop an invitation (TTL). */
    private static final Duration KEPT_AFTER_EXPIRY = Duration.ofDays(30);

    record Invitation(String invitationId, String tenantId, String email, Role role, Instant expiresAt, String invitedBy,
            String acceptedBy) {
    }

    private final Table table;

    InvitationStore(Table table) {
        this.table = table;
    }

    static String sk(String invitationId) {
        return "INVITATION#" + invitationId;
    }

    void put(Invitation invitation) {
        long ttl = invitation.expiresAt().plus(KEPT_AFTER_EXPIRY).getEpochSecond();
        Map<String, AttributeValue> pointer = new HashMap<>(Items.key(sk(invitation.invitationId()), "INVITATION"));
        pointer.put("invited_to", Items.s(invitation.tenantId()));
        pointer.put(Table.TTL_ATTRIBUTE, Items.n(ttl));
        table.client().putItem(PutItemRequest.builder().tableName(table.name()).item(pointer).build());

        Map<String, AttributeValue> item = new HashMap<>(Items.key(TenantStore.pk(invitation.tenantId()), sk(invitation.invitationId())));
        item.put("invitation_id", Items.s(invitation.invitationId()));
        item.put("email", Items.s(invitation.email()));
        item.put("role", Items.s(Onboarding.roleName(invitation.role())));
        item.put("expires", Items.s(invitation.expiresAt().toString()));
        item.put("invited_by", Items.s(invitation.invitedBy()));
        item.put(Table.TTL_ATTRIBUTE, Items.n(ttl));
        table.client().putItem(PutItemRequest.builder().tableName(table.name()).item(item).build());
    }

    Optional<Invitation> find(String invitationId) {
        var pointer = get(Items.key(sk(invitationId), "INVITATION"));
        if (pointer == null) {
            return Optional.empty();
        }
        String tenantId = Items.str(pointer, "invited_to");
        var item = get(Items.key(TenantStore.pk(tenantId), sk(invitationId)));
        if (item == null) {
            return Optional.empty();
        }
        return Optional.of(new Invitation(invitationId, tenantId, Items.str(item, "email"),
                Role.valueOf(Items.str(item, "role").toUpperCase(java.util.Locale.ROOT)), Instant.parse(Items.str(item, "expires")),
                Items.str(item, "invited_by"), Items.str(item, "accepted_by")));
    }

    /** Marks the invitation used by {@code userId}; false if it was used already. */
    boolean markAccepted(Invitation invitation, String userId) {
        try {
            table.client().updateItem(UpdateItemRequest.builder().tableName(table.name())
                    .key(Items.key(TenantStore.pk(invitation.tenantId()), sk(invitation.invitationId())))
                    .updateExpression("SET accepted_by = :u")
                    .conditionExpression("attribute_exists(PK) AND attribute_not_exists(accepted_by)")
                    .expressionAttributeValues(Map.of(":u", Items.s(userId))).build());
            return true;
        }
        catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** Undoes {@link #markAccepted} when joining failed after all. */
    void unmarkAccepted(Invitation invitation, String userId) {
        try {
            table.client().updateItem(UpdateItemRequest.builder().tableName(table.name())
                    .key(Items.key(TenantStore.pk(invitation.tenantId()), sk(invitation.invitationId())))
                    .updateExpression("REMOVE accepted_by")
                    .conditionExpression("accepted_by = :u")
                    .expressionAttributeValues(Map.of(":u", Items.s(userId))).build());
        }
        catch (ConditionalCheckFailedException e) {
            // not ours to undo
        }
    }

    /**
     * Deletes {@code tenantId}'s pending invitations addressed to {@code email} (an accepted one stays: the record of who
     * joined). Each delete is conditional on the invitation being unaccepted, and {@link #markAccepted} is conditional on
     * it existing, so a concurrent accept and this delete cannot both win.
     */
    void deletePending(String tenantId, String email) {
        Map<String, AttributeValue> start = null;
        do {
            QueryResponse page = table.client().query(QueryRequest.builder().tableName(table.name())
                    .keyConditionExpression("PK = :pk AND begins_with(SK, :sk)")
                    .filterExpression("email = :e AND attribute_not_exists(accepted_by)")
                    .expressionAttributeValues(Map.of(":pk", Items.s(TenantStore.pk(tenantId)), ":sk", Items.s("INVITATION#"),
                            ":e", Items.s(email)))
                    .consistentRead(true).exclusiveStartKey(start).build());
            page.items().forEach(item -> deleteUnaccepted(tenantId, Items.str(item, "invitation_id")));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        }
        while (start != null);
    }

    private void deleteUnaccepted(String tenantId, String invitationId) {
        try {
            table.client().deleteItem(DeleteItemRequest.builder().tableName(table.name())
                    .key(Items.key(TenantStore.pk(tenantId), sk(invitationId)))
                    .conditionExpression("attribute_not_exists(accepted_by)").build());
        }
        catch (ConditionalCheckFailedException e) {
            return; // accepted meanwhile: it stays, as every accepted invitation does
        }
        table.client().deleteItem(DeleteItemRequest.builder().tableName(table.name())
                .key(Items.key(sk(invitationId), "INVITATION")).build());
    }

    private Map<String, AttributeValue> get(Map<String, AttributeValue> key) {
        var item = table.client().getItem(GetItemRequest.builder().tableName(table.name()).key(key).consistentRead(true)
                .build()).item();
        return item == null || item.isEmpty() ? null : item;
    }
}
