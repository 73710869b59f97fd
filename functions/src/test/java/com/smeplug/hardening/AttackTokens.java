package com.smeplug.hardening;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.smeplug.local.aws.LocalAws;
import com.smeplug.platform.auth.DevTokens;

/**
 * Authorization headers a careless client or an attacker sends. Each must be refused with 401 on every authenticated
 * route; {@link #UNKNOWN_TENANT} is a well-formed, validly signed token whose tenant is not registered (403).
 */
public final class AttackTokens {

    public static final String UNKNOWN_TENANT = "ghost_tenant";

    private AttackTokens() {
    }

    /** Attack name -> Authorization header value (null: no header at all). */
    public static Map<String, String> refusedWith401(String victimTenant) {
        Instant now = Instant.now();
        Algorithm devKey = Algorithm.HMAC256(LocalAws.DEV_JWT_SECRET);
        Map<String, String> attacks = new LinkedHashMap<>();
        attacks.put("no Authorization header", null);
        attacks.put("empty bearer", "Bearer ");
        attacks.put("garbage token", "Bearer not-a-jwt-at-all");
        attacks.put("three garbage segments", "Bearer aaa.bbb.ccc");
        attacks.put("basic auth instead of bearer", "Basic " + Base64.getEncoder()
                .encodeToString((victimTenant + ":password").getBytes(StandardCharsets.UTF_8)));
        attacks.put("token without the Bearer scheme", DevTokens.mint(LocalAws.DEV_JWT_SECRET, "tenant_id", victimTenant,
                Duration.ofMinutes(5)));
        attacks.put("expired", bearer(JWT.create().withIssuer(DevTokens.ISSUER).withClaim("tenant_id", victimTenant)
                .withIssuedAt(now.minusSeconds(7200)).withExpiresAt(now.minusSeconds(3600)).sign(devKey)));
        attacks.put("not yet valid", bearer(JWT.create().withIssuer(DevTokens.ISSUER).withClaim("tenant_id", victimTenant)
                .withNotBefore(now.plusSeconds(3600)).withExpiresAt(now.plusSeconds(7200)).sign(devKey)));
        attacks.put("issued in the future", bearer(JWT.create().withIssuer(DevTokens.ISSUER).withClaim("tenant_id", victimTenant)
                .withIssuedAt(now.plusSeconds(3600)).withExpiresAt(now.plusSeconds(7200)).sign(devKey)));
        attacks.put("signed with another secret", bearer(DevTokens.mint("someone-elses-secret-0123456789abcdef0123",
                "tenant_id", victimTenant, Duration.ofMinutes(5))));
        attacks.put("alg none", bearer(JWT.create().withIssuer(DevTokens.ISSUER).withClaim("tenant_id", victimTenant)
                .withExpiresAt(now.plusSeconds(600)).sign(Algorithm.none())));
        attacks.put("alg none, signature kept", algNoneWithSignature(victimTenant));
        attacks.put("HS512 with the right secret", bearer(JWT.create().withIssuer(DevTokens.ISSUER)
                .withClaim("tenant_id", victimTenant).withExpiresAt(now.plusSeconds(600))
                .sign(Algorithm.HMAC512(LocalAws.DEV_JWT_SECRET))));
        attacks.put("payload swapped under a valid signature", payloadSwapped(victimTenant));
        attacks.put("no expiry", bearer(JWT.create().withIssuer(DevTokens.ISSUER).withClaim("tenant_id", victimTenant)
                .sign(devKey)));
        attacks.put("wrong issuer", bearer(JWT.create().withIssuer("https://evil.example").withClaim("tenant_id", victimTenant)
                .withExpiresAt(now.plusSeconds(600)).sign(devKey)));
        attacks.put("no tenant claim", bearer(JWT.create().withIssuer(DevTokens.ISSUER).withSubject("user@" + victimTenant)
                .withExpiresAt(now.plusSeconds(600)).sign(devKey)));
        attacks.put("tenant claim under another name", bearer(JWT.create().withIssuer(DevTokens.ISSUER)
                .withClaim("tenant", victimTenant).withExpiresAt(now.plusSeconds(600)).sign(devKey)));
        attacks.put("blank tenant claim", bearer(tenantToken(" ")));
        attacks.put("tenant claim as a number", bearer(JWT.create().withIssuer(DevTokens.ISSUER).withClaim("tenant_id", 42)
                .withExpiresAt(now.plusSeconds(600)).sign(devKey)));
        attacks.put("tenant claim with a key separator", bearer(tenantToken(victimTenant + "#PROFILE")));
        attacks.put("tenant claim with path traversal", bearer(tenantToken("../" + victimTenant)));
        attacks.put("tenant claim in capitals", bearer(tenantToken(victimTenant.toUpperCase(java.util.Locale.ROOT))));
        return attacks;
    }

    /** A validly signed dev token naming {@code tenant} exactly as given. */
    public static String tenantToken(String tenant) {
        return DevTokens.mint(LocalAws.DEV_JWT_SECRET, "tenant_id", tenant, Duration.ofMinutes(5));
    }

    private static String bearer(String token) {
        return "Bearer " + token;
    }

    private static String algNoneWithSignature(String tenant) {
        String valid = tenantToken(tenant);
        String[] parts = valid.split("\\.");
        String header = base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        return bearer(header + "." + parts[1] + "." + parts[2]);
    }

    /** The signature of a token for {@code ghost_attacker}, with the payload replaced by one naming the victim. */
    private static String payloadSwapped(String victim) {
        String[] attacker = tenantToken("ghost_attacker").split("\\.");
        String[] victimToken = tenantToken(victim).split("\\.");
        return bearer(attacker[0] + "." + victimToken[1] + "." + attacker[2]);
    }

    private static String base64Url(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
