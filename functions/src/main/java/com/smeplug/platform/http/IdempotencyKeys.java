package com.smeplug.platform.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

import com.smeplug.platform.aws.Items;
import com.smeplug.platform.aws.Table;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import tools.jackson.core.JacksonException;

/**
 * Stripe's {@code Idempotency-Key} semantics for every authenticated POST route, around its endpoint: the first
 * request with a key binds the key to its body; the same key with the same body gets the stored answer (header
 * {@code Idempotent-Replayed: true}) without running again; the same key with another body is
 * {@code 422 idempotency_key_reused}; the same key while its first request still runs is {@code 409
 * idempotency_key_in_use}. Keys are scoped to the tenant and the route (method and path template) and kept 24 hours
 * ({@code PK=IDEMPOTENCY#<tenant>, SK=KEY#sha256(method route key)}, TTL); a request is the same when its path (its
 * path parameters) and body are. Only a 2xx answer is stored: after an error
 * the same request may be retried and runs again (its key stays bound to its body). Requests without the header run
 * as before. Unauthenticated routes (Stripe's webhook, whose event id is its key) are exempt.
 */
public final class IdempotencyKeys {

    public static final String HEADER = "idempotency-key";
    static final int MAX_KEY_LENGTH = 200;
    /** Answers larger than this are not stored (an item holds at most 400 KB); a retry then runs again. */
    static final int MAX_STORED_BODY = 300 * 1024;

    private static final String RUNNING = "running";
    private static final String STORED = "stored";
    private static final String FAILED = "failed";

    private final Table table;
    private final Clock clock;
    private final Duration retention;
    private final Duration lease;

    /** {@code lease}: how long a running first request holds its key before a retry may take it over. */
    public IdempotencyKeys(Table table, Clock clock, Duration retention, Duration lease) {
        this.table = table;
        this.clock = clock;
        this.retention = retention;
        this.lease = lease;
    }

    /** The partition that holds a scope's keys (a tenant's: {@code IDEMPOTENCY#<tenant>}); a tenant's export reads it. */
    public static String partition(String scope) {
        return "IDEMPOTENCY#" + scope;
    }

    /** Every POST that names a tenant; the webhook and other token-less routes are exempt. */
    static boolean applies(Route route) {
        return route.method().equals("POST") && route.authenticated();
    }

    Endpoint around(Endpoint endpoint) {
        return request -> {
            String key = request.header(HEADER).filter(value -> !value.isBlank()).orElse(null);
            if (key == null) {
                return endpoint.handle(request);
            }
            if (key.length() > MAX_KEY_LENGTH) {
                throw ApiException.invalid("Idempotency-Key is longer than " + MAX_KEY_LENGTH + " characters");
            }
            Map<String, AttributeValue> itemKey = Items.key(partition(scope(request)),
                    "KEY#" + sha256(request.method() + " " + routeOf(request) + "\n" + key));
            String fingerprint = fingerprint(request);
            Map<String, AttributeValue> earlier = claim(itemKey, fingerprint);
            if (earlier != null) {
                return replay(earlier, fingerprint);
            }
            ApiResponse response;
            try {
                response = endpoint.handle(request);
            }
            catch (RuntimeException failure) {
                finish(itemKey, FAILED, null);
                throw failure;
            }
            finish(itemKey, response.status() / 100 == 2 ? STORED : FAILED, response);
            return response;
        };
    }

    /**
     * Whose keys these are: the tenant's; on the routes of a signed-in user who has no tenant yet ({@code POST
     * /tenants}, accepting an invitation), the user's (the token's {@code sub}).
     */
    private static String scope(ApiRequest request) {
        return request.tenantIfAny().orElseGet(() -> "USER#" + request.user());
    }

    /**
     * Claims the key for this request: null if it is ours to run now (new, expired, or a failed/abandoned run with the
     * same body); otherwise the stored item to answer from.
     */
    private Map<String, AttributeValue> claim(Map<String, AttributeValue> itemKey, String fingerprint) {
        Instant now = clock.instant();
        Map<String, AttributeValue> item = new HashMap<>(itemKey);
        item.put("state", Items.s(RUNNING));
        item.put("fingerprint", Items.s(fingerprint));
        item.put("lease_until", Items.n(now.plus(lease).toEpochMilli()));
        item.put(Table.TTL_ATTRIBUTE, Items.n(now.plus(retention).getEpochSecond()));
        try {
            table.client().putItem(PutItemRequest.builder().tableName(table.name()).item(item)
                    .conditionExpression("attribute_not_exists(PK) OR #ttl < :nowSeconds OR (fingerprint = :fp AND "
                            + "(#state = :failed OR (#state = :running AND lease_until < :nowMillis)))")
                    .expressionAttributeNames(Map.of("#ttl", Table.TTL_ATTRIBUTE, "#state", "state"))
                    .expressionAttributeValues(Map.of(":nowSeconds", Items.n(now.getEpochSecond()),
                            ":nowMillis", Items.n(now.toEpochMilli()), ":fp", Items.s(fingerprint),
                            ":failed", Items.s(FAILED), ":running", Items.s(RUNNING)))
                    .build());
            return null;
        }
        catch (ConditionalCheckFailedException taken) {
            var stored = table.client().getItem(GetItemRequest.builder().tableName(table.name()).key(itemKey)
                    .consistentRead(true).build()).item();
            return stored == null || stored.isEmpty() ? claim(itemKey, fingerprint) : stored;
        }
    }

    private static ApiResponse replay(Map<String, AttributeValue> earlier, String fingerprint) {
        if (!fingerprint.equals(Items.str(earlier, "fingerprint"))) {
            throw new ApiException(422, "idempotency_key_reused", "this Idempotency-Key was used with another request "
                    + "body; use a new key for a new request");
        }
        if (!STORED.equals(Items.str(earlier, "state"))) {
            throw new ApiException(409, "idempotency_key_in_use",
                    "a request with this Idempotency-Key is still being processed; retry shortly");
        }
        Map<String, String> headers = new HashMap<>();
        Items.map(earlier, "headers").ifPresent(stored -> stored.forEach((name, value) -> headers.put(name, value.s())));
        headers.put("Idempotent-Replayed", "true");
        return ApiResponse.raw((int) Items.num(earlier, "status", 200), Items.str(earlier, "body"),
                headers.getOrDefault("Content-Type", "application/json; charset=utf-8"), headers);
    }

    private void finish(Map<String, AttributeValue> itemKey, String state, ApiResponse response) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":state", Items.s(state));
        String update = "SET #state = :state REMOVE lease_until";
        String body = response == null ? null
                : response.body() instanceof ApiResponse.RawBody raw ? raw.text() : Json.write(response.body());
        if (STORED.equals(state) && body != null && body.length() <= MAX_STORED_BODY) {
            Map<String, AttributeValue> headers = new HashMap<>();
            response.headers().forEach((name, value) -> headers.put(name, Items.s(value)));
            values.put(":status", Items.n(response.status()));
            values.put(":body", Items.s(body));
            values.put(":headers", AttributeValue.fromM(headers));
            update = "SET #state = :state, #status = :status, body = :body, headers = :headers REMOVE lease_until";
        }
        else if (STORED.equals(state)) {
            values.put(":state", Items.s(FAILED)); // too large to keep: a retry runs again
        }
        var request = UpdateItemRequest.builder().tableName(table.name()).key(itemKey).updateExpression(update)
                .expressionAttributeValues(values);
        request.expressionAttributeNames(update.contains("#status") ? Map.of("#state", "state", "#status", "status")
                : Map.of("#state", "state"));
        table.client().updateItem(request.build());
    }

    /** The route the request was made on: its path with each path parameter's value put back as {name}. */
    static String routeOf(ApiRequest request) {
        String route = request.path();
        for (var parameter : new java.util.TreeMap<>(request.pathParameters()).entrySet()) {
            route = route.replace("/" + parameter.getValue(), "/{" + parameter.getKey() + "}");
        }
        return route;
    }

    /**
     * What makes two requests on one route the same: the path (its parameters: which job, which connector) and the
     * body as compact JSON (so whitespace does not make it another request), or its bytes if it is not JSON.
     */
    private static String fingerprint(ApiRequest request) {
        byte[] body = request.body();
        String text = new String(body, StandardCharsets.UTF_8);
        try {
            text = body.length == 0 ? "" : Json.tree(text).toString();
        }
        catch (JacksonException | IllegalArgumentException notJson) {
            // compared byte for byte
        }
        return sha256(request.path() + "\n" + text);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
