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

    private final RSAKey key;
    private final HttpServer server;
    private final ExecutorService executor;

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
                default -> send(exchange, 404, Map.of("error", "not_found"));
            }
        }
    }

    private Map<String, Object> discovery() {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("issuer", issuerUrl());
        document.put("jwks_uri", jwksUrl());
        document.put("response_types_supported", List.of("id_token"));
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
