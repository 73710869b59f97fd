package com.smeplug.local.fakes;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A local Salesforce for tests and the local stack, with two obviously fictional orgs ({@code fakes/salesforce-orgs.json}:
 * "harbor" and "quill", both with an Account named "Fictional Harbor Ltd"). Documented shapes it reproduces:
 * <ul>
 * <li>login host: {@code GET /services/oauth2/authorize} (an approval page listing the orgs), {@code POST} of that
 * page (302 to {@code redirect_uri?code=&state=}); {@code POST /services/oauth2/token} for
 * {@code authorization_code} (checks client id/secret, redirect_uri and the PKCE {@code code_verifier} against the
 * S256 {@code code_challenge}) and {@code refresh_token} (rotates: a new refresh token each time, the old one then
 * answers {@code invalid_grant}); {@code POST /services/oauth2/revoke};</li>
 * <li>one instance host per org: {@code GET /services/data/vXX.X/query?q=SOQL} for Account (by Id) and open Case
 * (optionally by AccountId), {@code Sforce-Limit-Info} on every answer, 401 {@code INVALID_SESSION_ID} for a token
 * of another org, 403 {@code REQUEST_LIMIT_EXCEEDED} once {@link #exhaustLimits} is set.</li>
 * </ul>
 */
public final class FakeSalesforce implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int API_LIMIT = 15_000;

    private record Code(String org, String clientId, String redirectUri, String challenge) {
    }

    private final String clientId;
    private final String clientSecret;
    private final JsonNode orgs;
    private final HttpServer login;
    private final Map<String, HttpServer> instances = new LinkedHashMap<>();
    private final Map<String, Code> codes = new ConcurrentHashMap<>();
    private final Map<String, String> refreshTokens = new ConcurrentHashMap<>();
    private final Set<String> everIssued = ConcurrentHashMap.newKeySet();
    private final Map<String, String> accessTokens = new ConcurrentHashMap<>();
    private final Set<String> exhausted = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> apiUsage = new ConcurrentHashMap<>();
    private final AtomicInteger revocations = new AtomicInteger();
    private final AtomicInteger refreshes = new AtomicInteger();
    private final List<String> queryLog = java.util.Collections.synchronizedList(new ArrayList<>());

    public FakeSalesforce(String clientId, String clientSecret) {
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        try (InputStream in = FakeSalesforce.class.getResourceAsStream("/fakes/salesforce-orgs.json")) {
            this.orgs = JSON.readTree(in);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        login = FakeHttp.start();
        login.createContext("/services/oauth2/authorize", this::authorize);
        login.createContext("/services/oauth2/token", this::token);
        login.createContext("/services/oauth2/revoke", this::revoke);
        for (String org : orgs.propertyNames()) {
            HttpServer instance = FakeHttp.start();
            instance.createContext("/services/data/", exchange -> query(org, exchange));
            instances.put(org, instance);
            apiUsage.put(org, new AtomicInteger());
        }
    }

    public String loginUrl() {
        return FakeHttp.baseUrl(login);
    }

    public String instanceUrl(String org) {
        return FakeHttp.baseUrl(instances.get(org));
    }

    public String orgId(String org) {
        return orgs.path(org).path("org_id").asString();
    }

    /** Every refresh token issued and still valid (tests look for them in the table and the log). */
    public Set<String> liveRefreshTokens(String org) {
        return refreshTokens.entrySet().stream().filter(e -> e.getValue().equals(org)).map(Map.Entry::getKey)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** Every refresh and access token ever issued, revoked and rotated ones included. */
    public Set<String> everIssuedTokens() {
        return Set.copyOf(everIssued);
    }

    public int revocations() {
        return revocations.get();
    }

    public int refreshes() {
        return refreshes.get();
    }

    /** The SOQL statements each org was asked, in order: "org: statement", or "org (refused): statement" past its limit. */
    public List<String> queries() {
        return List.copyOf(queryLog);
    }

    /** Makes an org answer every API call with 403 REQUEST_LIMIT_EXCEEDED (or stop doing so). */
    public void exhaustLimits(String org, boolean exhaust) {
        if (exhaust) {
            exhausted.add(org);
        }
        else {
            exhausted.remove(org);
        }
    }

    /** As an org admin revoking the app's access: the org's refresh tokens answer invalid_grant from now on. */
    public void revokeAllGrants(String org) {
        refreshTokens.values().removeIf(org::equals);
        accessTokens.values().removeIf(org::equals);
    }

    /**
     * What a user's browser does on the approval page: submits it for {@code org}. Returns the URL the fake redirects
     * to (the app's callback with {@code code} and {@code state}).
     */
    public String approve(String authorizeUrl, String org) {
        URI uri = URI.create(authorizeUrl);
        Map<String, String> parameters = new LinkedHashMap<>(FakeHttp.form(uri.getRawQuery()));
        parameters.put("org", org);
        String form = parameters.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(),
                StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(2)).build();
        try {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(
                    uri.getScheme() + "://" + uri.getRawAuthority() + uri.getRawPath()))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .timeout(Duration.ofSeconds(5))
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            return response.headers().firstValue("Location")
                    .orElseThrow(() -> new IllegalStateException("the fake did not redirect: " + response.body()));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // --- login host ------------------------------------------------------------------------------------------------

    private void authorize(HttpExchange exchange) throws IOException {
        if (exchange.getRequestMethod().equals("GET")) {
            Map<String, String> q = FakeHttp.query(exchange);
            StringBuilder page = new StringBuilder("<!doctype html><html><head><title>Fake Salesforce: allow access"
                    + "</title></head><body><h1>Fake Salesforce (local, fictional orgs)</h1>"
                    + "<p>Allow this app to access which fake org?</p>");
            for (String org : orgs.propertyNames()) {
                page.append("<form method=\"post\" action=\"/services/oauth2/authorize\">");
                q.forEach((k, v) -> page.append("<input type=\"hidden\" name=\"").append(FakeHttp.html(k))
                        .append("\" value=\"").append(FakeHttp.html(v)).append("\">"));
                page.append("<input type=\"hidden\" name=\"org\" value=\"").append(org).append("\">")
                        .append("<button type=\"submit\" id=\"allow-").append(org).append("\">Allow as ")
                        .append(FakeHttp.html(orgs.path(org).path("username").asString())).append("</button></form>");
            }
            FakeHttp.send(exchange, 200, "text/html; charset=utf-8", page.append("</body></html>").toString());
            return;
        }
        Map<String, String> form = FakeHttp.body(exchange);
        String org = form.get("org");
        if (!orgs.has(org == null ? "" : org) || !clientId.equals(form.get("client_id"))
                || !"code".equals(form.get("response_type")) || form.get("redirect_uri") == null) {
            FakeHttp.send(exchange, 400, "text/plain", "invalid authorize request");
            return;
        }
        if (!"S256".equals(form.get("code_challenge_method")) || form.getOrDefault("code_challenge", "").isEmpty()) {
            FakeHttp.send(exchange, 400, "text/plain", "this fake requires PKCE with S256");
            return;
        }
        String code = "aPrxFake" + random();
        codes.put(code, new Code(org, form.get("client_id"), form.get("redirect_uri"), form.get("code_challenge")));
        String location = form.get("redirect_uri") + (form.get("redirect_uri").contains("?") ? "&" : "?") + "code="
                + URLEncoder.encode(code, StandardCharsets.UTF_8) + "&state="
                + URLEncoder.encode(form.getOrDefault("state", ""), StandardCharsets.UTF_8);
        FakeHttp.redirect(exchange, location);
    }

    private void token(HttpExchange exchange) throws IOException {
        Map<String, String> form = FakeHttp.body(exchange);
        if (!clientId.equals(form.get("client_id")) || !clientSecret.equals(form.get("client_secret"))) {
            FakeHttp.json(exchange, 400, "{\"error\":\"invalid_client\",\"error_description\":\"invalid client credentials\"}");
            return;
        }
        switch (form.getOrDefault("grant_type", "")) {
            case "authorization_code" -> {
                Code code = codes.remove(form.getOrDefault("code", ""));
                if (code == null || !code.redirectUri().equals(form.get("redirect_uri"))) {
                    invalidGrant(exchange, "invalid authorization code");
                    return;
                }
                String verifier = form.get("code_verifier");
                if (verifier == null || !s256(verifier).equals(code.challenge())) {
                    invalidGrant(exchange, "invalid code verifier");
                    return;
                }
                String refresh = "5Aep861Fake" + random();
                refreshTokens.put(refresh, code.org());
                everIssued.add(refresh);
                FakeHttp.json(exchange, 200, tokenResponse(code.org(), refresh));
            }
            case "refresh_token" -> {
                String org = refreshTokens.remove(form.getOrDefault("refresh_token", ""));
                if (org == null) {
                    invalidGrant(exchange, "expired access/refresh token");
                    return;
                }
                refreshes.incrementAndGet();
                String rotated = "5Aep861Fake" + random();
                refreshTokens.put(rotated, org);
                everIssued.add(rotated);
                FakeHttp.json(exchange, 200, tokenResponse(org, rotated));
            }
            default -> FakeHttp.json(exchange, 400, "{\"error\":\"unsupported_grant_type\",\"error_description\":\"grant type not supported\"}");
        }
    }

    private String tokenResponse(String org, String refreshToken) {
        String access = orgId(org) + "!AQFake" + random();
        accessTokens.put(access, org);
        everIssued.add(access);
        ObjectNode body = JSON.createObjectNode();
        body.put("access_token", access);
        body.put("refresh_token", refreshToken);
        body.put("instance_url", instanceUrl(org));
        body.put("id", loginUrl() + "/id/" + orgId(org) + "/005FK0000000USR001");
        body.put("token_type", "Bearer");
        body.put("scope", "api refresh_token");
        body.put("issued_at", Long.toString(System.currentTimeMillis()));
        body.put("signature", "ZmFrZS1zaWduYXR1cmU=");
        return body.toString();
    }

    private void revoke(HttpExchange exchange) throws IOException {
        String token = FakeHttp.body(exchange).getOrDefault("token", "");
        revocations.incrementAndGet();
        if (refreshTokens.remove(token) == null && accessTokens.remove(token) == null) {
            FakeHttp.json(exchange, 400, "{\"error\":\"unsupported_token_type\",\"error_description\":\"this token type is not supported\"}");
            return;
        }
        FakeHttp.send(exchange, 200, "text/plain", "");
    }

    private static void invalidGrant(HttpExchange exchange, String description) throws IOException {
        FakeHttp.json(exchange, 400, "{\"error\":\"invalid_grant\",\"error_description\":\"" + description + "\"}");
    }

    // --- instance hosts --------------------------------------------------------------------------------------------

    private static final Pattern ACCOUNT_ID = Pattern.compile("FROM Account WHERE Id = '([A-Za-z0-9]+)'");
    private static final Pattern CASE_ACCOUNT = Pattern.compile("AccountId = '([A-Za-z0-9]+)'");

    private void query(String org, HttpExchange exchange) throws IOException {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        String token = authorization == null ? "" : authorization.replaceFirst("^Bearer ", "");
        if (!org.equals(accessTokens.get(token))) {
            FakeHttp.json(exchange, 401, "[{\"message\":\"Session expired or invalid\",\"errorCode\":\"INVALID_SESSION_ID\"}]");
            return;
        }
        if (exhausted.contains(org)) {
            queryLog.add(org + " (refused): " + FakeHttp.query(exchange).getOrDefault("q", ""));
            exchange.getResponseHeaders().set("Sforce-Limit-Info", "api-usage=" + API_LIMIT + "/" + API_LIMIT);
            FakeHttp.json(exchange, 403, "[{\"message\":\"TotalRequests Limit exceeded.\",\"errorCode\":\"REQUEST_LIMIT_EXCEEDED\"}]");
            return;
        }
        String soql = FakeHttp.query(exchange).getOrDefault("q", "");
        queryLog.add(org + ": " + soql);
        exchange.getResponseHeaders().set("Sforce-Limit-Info", "api-usage=" + apiUsage.get(org).incrementAndGet() + "/" + API_LIMIT);
        ArrayNode records = JSON.createArrayNode();
        JsonNode data = orgs.path(org);
        Matcher account = ACCOUNT_ID.matcher(soql);
        if (account.find()) {
            for (JsonNode a : data.path("accounts")) {
                if (a.path("Id").asString().equals(account.group(1))) {
                    records.add(record("Account", (ObjectNode) a.deepCopy()));
                }
            }
        }
        else if (soql.contains("FROM Case")) {
            Matcher byAccount = CASE_ACCOUNT.matcher(soql);
            String accountId = byAccount.find() ? byAccount.group(1) : null;
            for (JsonNode c : data.path("cases")) {
                boolean open = !c.path("IsClosed").asBoolean();
                if ((!soql.contains("IsClosed = false") || open)
                        && (accountId == null || accountId.equals(c.path("AccountId").asString()))) {
                    ObjectNode copy = (ObjectNode) c.deepCopy();
                    copy.putObject("Account").put("Name", accountName(data, c.path("AccountId").asString()));
                    records.add(record("Case", copy));
                }
            }
        }
        else {
            FakeHttp.json(exchange, 400, "[{\"message\":\"this fake answers only Account and Case queries\",\"errorCode\":\"MALFORMED_QUERY\"}]");
            return;
        }
        ObjectNode body = JSON.createObjectNode();
        body.put("totalSize", records.size());
        body.put("done", true);
        body.set("records", records);
        FakeHttp.json(exchange, 200, body.toString());
    }

    private static String accountName(JsonNode org, String accountId) {
        for (JsonNode a : org.path("accounts")) {
            if (a.path("Id").asString().equals(accountId)) {
                return a.path("Name").asString();
            }
        }
        return null;
    }

    private static ObjectNode record(String type, ObjectNode fields) {
        ObjectNode attributes = JSON.createObjectNode();
        attributes.put("type", type);
        attributes.put("url", "/services/data/v62.0/sobjects/" + type + "/" + fields.path("Id").asString());
        fields.set("attributes", attributes);
        return fields;
    }

    static String s256(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String random() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Override
    public void close() {
        login.stop(0);
        instances.values().forEach(server -> server.stop(0));
    }
}
