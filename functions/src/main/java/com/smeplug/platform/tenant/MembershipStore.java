package com.smeplug.platform.tenant;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.smeplug.platform.auth.Probe;
import com.smeplug.platform.auth.Role;
import com.smeplug.platform.aws.Items;
import com.smeplug.platform.aws.ProbeItems;
import com.smeplug.platform.aws.Table;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Memberships, stored twice: {@code PK=USER#sub, SK=MEMBERSHIP} answers "which tenant, which role" in one read on every
 * request and, written only if absent, keeps a user in one tenant at most; {@code PK=TENANT#id, SK=MEMBER#sub} lists a
 * tenant's members and goes with the tenant's other items when it is exported or deleted. The user item is written
 * first and removed last, so a half-done write never lets anyone in. Never cached: a role change or removal counts
 * from the next request.
 */
public final class MembershipStore implements MembershipDirectory {

    private static final String MEMBER_PREFIX = "MEMBER#";
    /** Priming's probe member (see Probe): the table's answer to its read (ProbeItems), never written. */
    private static final Map<String, AttributeValue> PROBE_MEMBERSHIP = Map.of("user_id", Items.s(Probe.MEMBER),
            "tenant_id", Items.s(Probe.TENANT), "role", Items.s("member"));

    static {
        ProbeItems.declare(userPk(Probe.MEMBER), "MEMBERSHIP", PROBE_MEMBERSHIP);
    }

    private final Table table;
    private final Clock clock;

    public MembershipStore(Table table, Clock clock) {
        this.table = table;
        this.clock = clock;
    }

    static String userPk(String userId) {
        return "USER#" + userId;
    }

    @Override
    public Optional<Membership> membershipOf(String userId) {
        var item = table.client().getItem(GetItemRequest.builder().tableName(table.name())
                .key(Items.key(userPk(userId), "MEMBERSHIP")).consistentRead(true).build()).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    /** Adds {@code membership}; false when the user already belongs to a tenant (this one or another). */
    public boolean join(Membership membership) {
        try {
            table.client().putItem(PutItemRequest.builder().tableName(table.name())
                    .item(item(membership, userPk(membership.userId()), "MEMBERSHIP"))
                    .conditionExpression("attribute_not_exists(PK)").build());
        }
        catch (ConditionalCheckFailedException e) {
            return false;
        }
        table.client().putItem(PutItemRequest.builder().tableName(table.name())
                .item(item(membership, TenantStore.pk(membership.tenantId()), MEMBER_PREFIX + membership.userId())).build());
        return true;
    }

    /**
     * Writes a changed role for a current member (both items); false when they are no longer a member of its tenant. Each
     * put is conditional on its item still being there (the user item on still naming this tenant), so a role change
     * that read the member before a concurrent removal cannot bring the membership back, nor move a user who has since
     * joined another tenant.
     */
    public boolean update(Membership membership) {
        try {
            table.client().putItem(PutItemRequest.builder().tableName(table.name())
                    .item(item(membership, userPk(membership.userId()), "MEMBERSHIP"))
                    .conditionExpression("tenant_id = :t")
                    .expressionAttributeValues(Map.of(":t", Items.s(membership.tenantId()))).build());
            table.client().putItem(PutItemRequest.builder().tableName(table.name())
                    .item(item(membership, TenantStore.pk(membership.tenantId()), MEMBER_PREFIX + membership.userId()))
                    .conditionExpression("attribute_exists(PK)").build());
            return true;
        }
        catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /**
     * Removes a member: the user item first, so access ends with the first write. False when the user item no longer
     * named this tenant (removed meanwhile); the tenant's member item is deleted either way.
     */
    public boolean remove(Membership membership) {
        boolean removed = true;
        try {
            table.client().deleteItem(DeleteItemRequest.builder().tableName(table.name())
                    .key(Items.key(userPk(membership.userId()), "MEMBERSHIP"))
                    .conditionExpression("tenant_id = :t")
                    .expressionAttributeValues(Map.of(":t", Items.s(membership.tenantId()))).build());
        }
        catch (ConditionalCheckFailedException alreadyGone) {
            removed = false; // a concurrent removal (a double click) got there first, or the user belongs elsewhere now
        }
        table.client().deleteItem(DeleteItemRequest.builder().tableName(table.name())
                .key(Items.key(TenantStore.pk(membership.tenantId()), MEMBER_PREFIX + membership.userId())).build());
        return removed;
    }

    /** Ends access for a user of {@code tenantId} at once (the tenant-side item goes with the tenant's other items). */
    public void revokeAccess(String tenantId, String userId) {
        try {
            table.client().deleteItem(DeleteItemRequest.builder().tableName(table.name())
                    .key(Items.key(userPk(userId), "MEMBERSHIP"))
                    .conditionExpression("tenant_id = :t")
                    .expressionAttributeValues(Map.of(":t", Items.s(tenantId))).build());
        }
        catch (ConditionalCheckFailedException e) {
            // already gone, or the user has since joined another tenant: nothing of this tenant to revoke
        }
    }

    /** Every member of {@code tenantId}, in user id order. */
    public List<Membership> members(String tenantId) {
        List<Membership> members = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryResponse page = table.client().query(QueryRequest.builder().tableName(table.name())
                    .keyConditionExpression("PK = :pk AND begins_with(SK, :sk)")
                    .expressionAttributeValues(Map.of(":pk", Items.s(TenantStore.pk(tenantId)), ":sk", Items.s(MEMBER_PREFIX)))
                    .consistentRead(true).exclusiveStartKey(start).build());
            page.items().forEach(item -> members.add(fromItem(item)));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        }
        while (start != null);
        return members;
    }

    private Map<String, AttributeValue> item(Membership membership, String pk, String sk) {
        Map<String, AttributeValue> item = new HashMap<>(Items.key(pk, sk));
        item.put("user_id", Items.s(membership.userId()));
        item.put("tenant_id", Items.s(membership.tenantId()));
        item.put("role", Items.s(membership.role().name().toLowerCase(Locale.ROOT)));
        if (membership.email() != null) {
            item.put("email", Items.s(membership.email()));
        }
        item.put("updated_at", Items.s(clock.instant().toString()));
        return item;
    }

    private static Membership fromItem(Map<String, AttributeValue> item) {
        return new Membership(Items.str(item, "user_id"), Items.str(item, "tenant_id"),
                Role.valueOf(Items.str(item, "role").toUpperCase(Locale.ROOT)), Items.str(item, "email"));
    }
}
