package com.smeplug.local.fakes;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A local SAP S/4HANA OData v2 service for tests and the local stack, with obviously fictional data
 * ({@code fakes/sap-system.json}: plant 7010, company code 7000). Reproduces the documented shapes the connector uses:
 * {@code /sap/opu/odata/sap/<service>/<entity set>} answering {@code {"d": {"results": [...]}}} filtered by the
 * {@code $filter} clauses of the form {@code Field eq 'value'} (joined by and/or), {@code $top}; basic auth (a
 * communication user) or OAuth client credentials at {@code /oauth/token}; 401 with an OData error body for wrong
 * credentials; 429/503 with {@code Retry-After} once {@link #throttle} is set.
 */
public final class FakeSap implements AutoCloseable {

    public static final String USERNAME = "FAKE_COMM_USER";
    public static final String PASSWORD = "fictional-Sap-Passw0rd-7";
    public static final String CLIENT_ID = "sb-fake-sap!t7000";
    public static final String CLIENT_SECRET = "fictional-sap-client-secret-7000";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern CLAUSE = Pattern.compile("(\\w+) eq '([^']*)'");
    private static final String PREFIX = "/sap/opu/odata/sap/";

    private final JsonNode data;
    private final HttpServer server;
    private final Set<String> accessTokens = ConcurrentHashMap.newKeySet();
    private final AtomicInteger reads = new AtomicInteger();
    private volatile int throttleStatus;
    private volatile int retryAfterSeconds;

    public FakeSap() {
        try (InputStream in = FakeSap.class.getResourceAsStream("/fakes/sap-system.json")) {
            this.data = JSON.readTree(in);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server = FakeHttp.start();
        server.createContext("/oauth/token", this::token);
        server.createContext(PREFIX, this::read);
    }

    public String baseUrl() {
        return FakeHttp.baseUrl(server);
    }

    public String tokenUrl() {
        return baseUrl() + "/oauth/token";
    }

    /** Authenticated entity-set requests received so far (throttled ones included). */
    public int reads() {
        return reads.get();
    }

    /** From now on every read answers {@code status} (429 or 503) with {@code Retry-After}; 0 stops it. */
    public void throttle(int status, int retryAfterSeconds) {
        this.throttleStatus = status;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** From now on every read fails with {@code status} (e.g. 500), without Retry-After; 0 stops it. */
    public void failWith(int status) {
        throttle(status, 0);
    }

    private void token(HttpExchange exchange) throws IOException {
        String expected = "Basic " + Base64.getEncoder().encodeToString((CLIENT_ID + ":" + CLIENT_SECRET)
                .getBytes(StandardCharsets.UTF_8));
        Map<String, String> form = FakeHttp.body(exchange);
        if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))
                || !"client_credentials".equals(form.get("grant_type"))) {
            FakeHttp.json(exchange, 401, "{\"error\":\"unauthorized\",\"error_description\":\"Bad credentials (fake SAP)\"}");
            return;
        }
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String token = "eyJfake." + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        accessTokens.add(token);
        FakeHttp.json(exchange, 200, "{\"access_token\":\"" + token + "\",\"token_type\":\"bearer\",\"expires_in\":43199}");
    }

    private void read(HttpExchange exchange) throws IOException {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        String basic = "Basic " + Base64.getEncoder().encodeToString((USERNAME + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        boolean authorized = basic.equals(authorization)
                || (authorization != null && authorization.startsWith("Bearer ") && accessTokens.contains(authorization.substring(7)));
        if (!authorized) {
            FakeHttp.json(exchange, 401, error("/IWFND/MED/170", "Logon failed: user name or password is incorrect (fake SAP)"));
            return;
        }
        reads.incrementAndGet();
        if (throttleStatus != 0) {
            if (retryAfterSeconds > 0) {
                exchange.getResponseHeaders().set("Retry-After", Integer.toString(retryAfterSeconds));
            }
            FakeHttp.json(exchange, throttleStatus, error("/IWBEP/CM_MGW_RT/" + throttleStatus,
                    throttleStatus == 429 ? "Too many requests (fake SAP)" : "Service unavailable (fake SAP)"));
            return;
        }
        String entitySet = exchange.getRequestURI().getPath().substring(PREFIX.length());
        JsonNode rows = data.path(entitySet);
        if (!rows.isArray()) {
            FakeHttp.json(exchange, 404, error("/IWFND/MED/170", "No service found for namespace, name " + entitySet));
            return;
        }
        Map<String, String> query = FakeHttp.query(exchange);
        Map<String, Set<String>> filter = new HashMap<>();
        Matcher clause = CLAUSE.matcher(query.getOrDefault("$filter", ""));
        while (clause.find()) {
            filter.computeIfAbsent(clause.group(1), k -> new LinkedHashSet<>()).add(clause.group(2));
        }
        int top = Integer.parseInt(query.getOrDefault("$top", "1000"));
        List<JsonNode> matched = new ArrayList<>();
        for (JsonNode row : rows) {
            boolean matches = filter.entrySet().stream().allMatch(f -> !row.has(f.getKey())
                    || f.getValue().contains(row.path(f.getKey()).asString()));
            if (matches && matched.size() < top) {
                matched.add(row);
            }
        }
        ArrayNode results = JSON.createArrayNode();
        matched.forEach(results::add);
        ObjectNode body = JSON.createObjectNode();
        body.putObject("d").set("results", results);
        FakeHttp.json(exchange, 200, body.toString());
    }

    private static String error(String code, String message) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode error = body.putObject("error");
        error.put("code", code);
        error.putObject("message").put("lang", "en").put("value", message);
        return body.toString();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
