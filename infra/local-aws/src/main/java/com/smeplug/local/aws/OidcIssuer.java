package com.smeplug.local.aws;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real OIDC issuer for the local stack and the tests: OpenID discovery, a JWKS with one RS256 key (made at start,
 * kept in memory), and ID tokens shaped like a Cognito user pool's — {@code sub}, {@code email},
 * {@code email_verified}, {@code aud} = the app client id, {@code iss}, {@code iat}, {@code exp}. Deployed, API
 * Gateway's JWT authorizer verifies such tokens; locally {@link JwtAuthorizer} does exactly the same checks.
 *
 * <p>Signing in is a local shortcut: {@code POST /local/token {"sub", "email"}} returns an ID token for that user
 * (used by {@code ./infra/local/token}); nothing of this runs in AWS.
 */
public final class OidcIssuer implements AutoCloseable {

    /** The app client id the local tokens are issued to: the HTTP API's accepted audience. */
    public static final String AUDIENCE = "sme-plug-local-client";
    public static final Duration TOKEN_LIFETIME = Duration.ofHours(8);

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();
    private static final Duration CODE_LIFETIME = Duration.ofMinutes(2);

    /** An authorization code waiting to be exchanged, bound to its client, redirect URI and PKCE challenge. */
    private record PendingCode(String subject, String email, String redirectUri, String challenge, Instant expires) {
    }

    private final RSAKey key;
    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<String, String> subjects = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, PendingCode> codes = new java.util.concurrent.ConcurrentHashMap<>();

    private OidcIssuer(RSAKey key, HttpServer server, ExecutorService executor) {
        this.key = key;
        this.server = server;
        this.executor = executor;
    }

    /** Starts on {@code port} (0: a free one) at 127.0.0.1. */
    public static OidcIssuer start(int port) {
        try {
            RSAKey key = newKey();
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
            ExecutorService executor = Executors.newFixedThreadPool(4);
            server.setExecutor(executor);
            OidcIssuer issuer = new OidcIssuer(key, server, executor);
            server.createContext("/", issuer::handle);
            server.start();
            return issuer;
        }
        catch (IOException e) {
            throw new UncheckedIOException("could not start the local OIDC issuer on port " + port, e);
        }
    }

    /** A new RS256 signing key with a random key id (also used by tests to sign with a key the issuer never published). */
    public static RSAKey newKey() {
        try {
            return new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256)
                    .keyID(UUID.randomUUID().toString()).generate();
        }
        catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public String issuerUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public String jwksUrl() {
        return issuerUrl() + "/.well-known/jwks.json";
    }

    public String authorizeUrl() {
        return issuerUrl() + "/authorize";
    }

    public String tokenUrl() {
        return issuerUrl() + "/token";
    }

    /** Makes {@code email} sign in as {@code subject} (the sample tenants' users); others get {@link #subjectFor}. */
    public void registerUser(String subject, String email) {
        subjects.put(email.toLowerCase(java.util.Locale.ROOT), subject);
    }

    /** The stable subject of an email address nobody registered: the same address always signs in as the same user. */
    public static String subjectFor(String email) {
        return "local-" + UUID.nameUUIDFromBytes(email.toLowerCase(java.util.Locale.ROOT).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** The published verification key (public part only). */
    public RSAKey publicKey() {
        return key.toPublicJWK();
    }

    /** An ID token for {@code subject} with a verified {@code email} (null: no email claims). */
    public String idToken(String subject, String email) {
        return sign(idTokenClaims(subject, email).build());
    }

    /** The claims of an ID token this issuer would issue now, to change before {@link #sign} (tests). */
    public JWTClaimsSet.Builder idTokenClaims(String subject, String email) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(issuerUrl())
                .subject(subject)
                .audience(AUDIENCE)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(TOKEN_LIFETIME)))
                .jwtID(UUID.randomUUID().toString())
                .claim("token_use", "id");
        if (email != null) {
            claims.claim("email", email).claim("email_verified", true);
        }
        return claims;
    }

    /** Signs {@code claims} with this issuer's published key. */
    public String sign(JWTClaimsSet claims) {
        return sign(claims, key);
    }

    /** Signs {@code claims} RS256 with {@code signingKey}. */
    public static String sign(JWTClaimsSet claims, RSAKey signingKey) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(signingKey.getKeyID())
                    .type(JOSEObjectType.JWT).build(), claims);
            jwt.sign(new RSASSASigner(signingKey));
            return jwt.serialize();
        }
        catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String route = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
            switch (route) {
                case "GET /.well-known/openid-configuration" -> send(exchange, 200, discovery());
                case "GET /.well-known/jwks.json" -> send(exchange, 200, new JWKSet(publicKey()).toJSONObject());
                case "POST /local/token" -> signIn(exchange);
                case "GET /authorize" -> loginPage(exchange, query(exchange.getRequestURI().getRawQuery()));
                case "POST /authorize" -> login(exchange, query(new String(exchange.getRequestBody().readNBytes(16 * 1024),
                        java.nio.charset.StandardCharsets.UTF_8)));
                case "POST /token" -> exchangeCode(exchange);
                case "OPTIONS /token" -> {
                    cors(exchange);
                    exchange.getResponseHeaders().set("Access-Control-Allow-Methods", "POST");
                    exchange.getResponseHeaders().set("Access-Control-Allow-Headers", "Content-Type");
                    exchange.sendResponseHeaders(204, -1);
                }
                default -> send(exchange, 404, Map.of("error", "not_found"));
            }
        }
    }

    private Map<String, Object> discovery() {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("issuer", issuerUrl());
        document.put("jwks_uri", jwksUrl());
        document.put("authorization_endpoint", authorizeUrl());
        document.put("token_endpoint", tokenUrl());
        document.put("response_types_supported", List.of("code"));
        document.put("grant_types_supported", List.of("authorization_code"));
        document.put("code_challenge_methods_supported", List.of("S256"));
        document.put("subject_types_supported", List.of("public"));
        document.put("id_token_signing_alg_values_supported", List.of("RS256"));
        document.put("claims_supported", List.of("sub", "email", "email_verified"));
        return document;
    }

    private void signIn(HttpExchange exchange) throws IOException {
        JsonNode request;
        try (InputStream in = exchange.getRequestBody()) {
            request = MAPPER.readTree(in.readNBytes(16 * 1024));
        }
        catch (RuntimeException e) {
            send(exchange, 400, Map.of("error", "invalid_request"));
            return;
        }
        String subject = request.path("sub").asString("");
        String email = request.path("email").asString(null);
        if (subject.isBlank()) {
            send(exchange, 400, Map.of("error", "invalid_request", "error_description", "sub is required"));
            return;
        }
        send(exchange, 200, Map.of("id_token", idToken(subject, email), "token_type", "Bearer",
                "expires_in", TOKEN_LIFETIME.toSeconds()));
    }

    /**
     * The authorization-code flow with PKCE (S256 only), as the console runs it against Cognito's hosted login: the
     * login page asks for an email address (no password: this issuer is local), redirects back with a single-use code,
     * and {@code POST /token} exchanges it for the ID token when the code verifier matches the challenge.
     */
    private void loginPage(HttpExchange exchange, Map<String, String> params) throws IOException {
        String problem = authorizeProblem(params);
        if (problem != null) {
            html(exchange, 400, "<p>" + escape(problem) + "</p>");
            return;
        }
        StringBuilder hidden = new StringBuilder();
        for (String name : List.of("client_id", "redirect_uri", "state", "code_challenge", "code_challenge_method", "scope")) {
            hidden.append("<input type=\"hidden\" name=\"").append(name).append("\" value=\"")
                    .append(escape(params.getOrDefault(name, ""))).append("\">");
        }
        html(exchange, 200, "<h1>Sign in</h1><p>Local OIDC issuer of the SME-Plug local stack. Sample users: "
                + "admin@&lt;tenant&gt;.example, member@&lt;tenant&gt;.example (e.g. admin@lawfirm-alpha.example).</p>"
                + "<form method=\"post\" action=\"/authorize\">" + hidden
                + "<label for=\"email\">Email address</label> <input id=\"email\" name=\"email\" type=\"email\" required>"
                + " <button id=\"sign-in\" type=\"submit\">Sign in</button></form>");
    }

    private void login(HttpExchange exchange, Map<String, String> form) throws IOException {
        String problem = authorizeProblem(form);
        String email = form.getOrDefault("email", "").strip().toLowerCase(java.util.Locale.ROOT);
        if (problem == null && !email.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
            problem = "an email address is required";
        }
        if (problem != null) {
            html(exchange, 400, "<p>" + escape(problem) + "</p>");
            return;
        }
        byte[] random = new byte[24];
        RANDOM.nextBytes(random);
        String code = java.util.HexFormat.of().formatHex(random);
        codes.put(code, new PendingCode(subjects.getOrDefault(email, subjectFor(email)), email, form.get("redirect_uri"),
                form.get("code_challenge"), Instant.now().plus(CODE_LIFETIME)));
        String redirect = form.get("redirect_uri");
        String location = redirect + (redirect.contains("?") ? "&" : "?") + "code=" + code + "&state="
                + java.net.URLEncoder.encode(form.getOrDefault("state", ""), java.nio.charset.StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Location", location);
        exchange.sendResponseHeaders(302, -1);
    }

    private void exchangeCode(HttpExchange exchange) throws IOException {
        cors(exchange);
        Map<String, String> form = query(new String(exchange.getRequestBody().readNBytes(16 * 1024), java.nio.charset.StandardCharsets.UTF_8));
        PendingCode pending = codes.remove(form.getOrDefault("code", ""));
        String verifier = form.getOrDefault("code_verifier", "");
        if (!"authorization_code".equals(form.get("grant_type")) || !AUDIENCE.equals(form.get("client_id")) || pending == null
                || pending.expires().isBefore(Instant.now()) || !pending.redirectUri().equals(form.get("redirect_uri"))
                || !pending.challenge().equals(s256(verifier))) {
            send(exchange, 400, Map.of("error", "invalid_grant"));
            return;
        }
        String token = idToken(pending.subject(), pending.email());
        send(exchange, 200, Map.of("id_token", token, "access_token", token, "token_type", "Bearer",
                "expires_in", TOKEN_LIFETIME.toSeconds()));
    }

    /** Null when the authorize request is one this issuer serves: its client, code + S256, a loopback redirect. */
    private static String authorizeProblem(Map<String, String> params) {
        if (!AUDIENCE.equals(params.get("client_id"))) {
            return "unknown client_id";
        }
        if (params.containsKey("response_type") && !"code".equals(params.get("response_type"))) {
            return "only response_type=code is supported (the implicit flow is not)";
        }
        if (!"S256".equals(params.get("code_challenge_method")) || params.getOrDefault("code_challenge", "").isBlank()) {
            return "PKCE with code_challenge_method=S256 is required";
        }
        String redirect = params.getOrDefault("redirect_uri", "");
        if (!redirect.startsWith("http://127.0.0.1:") && !redirect.startsWith("http://localhost:")) {
            return "redirect_uri must be on this machine";
        }
        return null;
    }

    static String s256(String verifier) {
        try {
            byte[] hash = java.security.MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        }
        catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> params = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = java.net.URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), java.nio.charset.StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8);
            params.putIfAbsent(name, value);
        }
        return params;
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }

    private static void cors(HttpExchange exchange) {
        exchange.getResponseHeaders().set("Access-Control-Allow-Origin", "*");
    }

    private static void html(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = ("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Sign in · local OIDC issuer</title>"
                + "</head><body>" + body + "</body></html>").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void send(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = MAPPER.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
