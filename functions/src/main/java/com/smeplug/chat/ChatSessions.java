package com.smeplug.chat;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.smeplug.platform.auth.Probe;
import com.smeplug.platform.aws.Items;
import com.smeplug.platform.aws.Table;
import com.smeplug.platform.http.Json;
import com.smeplug.platform.tenant.TenantStore;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * Chat sessions in the table, always under the tenant: one item per turn
 * ({@code PK=TENANT#<id>, SK=SESSION#<session_id>#TURN#<000001>}) and one per answered request id
 * ({@code SK=CHATREQ#<request_id>}, holding the response, so a retried request gets the same answer). Every item
 * carries {@code expires_at} ({@code SESSION_TTL_HOURS} after the turn); DynamoDB deletes expired items lazily and
 * dynalite never does, so reads ignore expired items themselves. A session exists once its first turn is stored;
 * another tenant's session id is simply not found under this tenant's key.
 */
final class ChatSessions {

    private static final int APPEND_ATTEMPTS = 3;

    private final Table table;
    private final Clock clock;
    private final Duration ttl;

    public ChatSessions(Table table, Clock clock, Duration ttl) {
        this.table = table;
        this.clock = clock;
        this.ttl = ttl;
    }

    /**
     * 128 random bits, URL-safe (22 characters). The generator is made per call, never held from the init phase, so
     * environments restored from one SnapStart snapshot cannot hand out the same ids.
     */
    public static String newSessionId() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The session's latest turns, oldest first; empty when the session does not exist (for this tenant) or expired. */
    public List<Turn> recent(String tenantId, String sessionId, int max) {
        var items = table.client().query(QueryRequest.builder()
                .tableName(table.name())
                .keyConditionExpression("PK = :pk AND begins_with(SK, :prefix)")
                .expressionAttributeValues(Map.of(
                        ":pk", Items.s(TenantStore.pk(tenantId)),
                        ":prefix", Items.s(turnPrefix(sessionId))))
                .scanIndexForward(false)
                .limit(max)
                .consistentRead(true)
                .build()).items();
        long now = clock.instant().getEpochSecond();
        List<Turn> turns = new ArrayList<>();
        for (var item : items) {
            if (Items.num(item, Table.TTL_ATTRIBUTE, Long.MAX_VALUE) <= now) {
                break;
            }
            String created = Items.str(item, "created_at");
            turns.add(new Turn((int) Items.num(item, "turn", 0), Items.str(item, "message"), Items.str(item, "reply"),
                    Items.str(item, "plug_id"), created == null ? null : Instant.parse(created)));
        }
        Collections.reverse(turns);
        return turns;
    }

    /**
     * Stores a turn after {@code previous} (the turn the answer was based on, 0 for a new session) and remembers the
     * response under its request id. A turn stored concurrently in between takes the number; this one goes after it.
     */
    public int append(String tenantId, String sessionId, int previous, String requestId, String message,
            ChatResponse response) {
        Instant now = clock.instant();
        long expiresAt = now.plus(ttl).getEpochSecond();
        String responseJson = Json.write(response);
        int number = previous + 1;
        if (Probe.isTenant(tenantId)) {
            return number; // priming's probe: its turns are never stored
        }
        for (int attempt = 1; ; attempt++) {
            Map<String, AttributeValue> item = new HashMap<>(Items.key(TenantStore.pk(tenantId),
                    turnPrefix(sessionId) + String.format("%06d", number)));
            item.put("session_id", Items.s(sessionId));
            item.put("turn", Items.n(number));
            item.put("request_id", Items.s(requestId));
            item.put("message", Items.s(message));
            item.put("reply", Items.s(response.reply()));
            item.put("plug_id", Items.s(response.activePlug()));
            item.put("model", Items.s(response.model()));
            item.put("created_at", Items.s(now.toString()));
            item.put(Table.TTL_ATTRIBUTE, Items.n(expiresAt));
            try {
                table.client().putItem(PutItemRequest.builder()
                        .tableName(table.name())
                        .item(item)
                        .conditionExpression("attribute_not_exists(SK)")
                        .build());
                break;
            }
            catch (ConditionalCheckFailedException taken) {
                if (attempt == APPEND_ATTEMPTS) {
                    throw taken;
                }
                number++;
            }
        }
        Map<String, AttributeValue> answered = new HashMap<>(Items.key(TenantStore.pk(tenantId), requestPrefix(requestId)));
        answered.put("session_id", Items.s(sessionId));
        answered.put("turn", Items.n(number));
        answered.put("response", Items.s(responseJson));
        answered.put(Table.TTL_ATTRIBUTE, Items.n(expiresAt));
        table.client().putItem(PutItemRequest.builder().tableName(table.name()).item(answered).build());
        return number;
    }

    /** The response given earlier to this request id, if it was stored and has not expired. */
    public Optional<ChatResponse> answered(String tenantId, String requestId) {
        var item = table.client().getItem(GetItemRequest.builder()
                .tableName(table.name())
                .key(Items.key(TenantStore.pk(tenantId), requestPrefix(requestId)))
                .consistentRead(true)
                .build()).item();
        if (item == null || item.isEmpty()
                || Items.num(item, Table.TTL_ATTRIBUTE, Long.MAX_VALUE) <= clock.instant().getEpochSecond()) {
            return Optional.empty();
        }
        return Optional.of(Json.read(Items.str(item, "response"), ChatResponse.class));
    }

    private static String turnPrefix(String sessionId) {
        return "SESSION#" + sessionId + "#TURN#";
    }

    private static String requestPrefix(String requestId) {
        return "CHATREQ#" + requestId;
    }
}
