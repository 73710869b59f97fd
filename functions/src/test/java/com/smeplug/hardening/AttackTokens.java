package com.smeplug.hardening;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.smeplug.local.aws.OidcIssuer;

/**
 * Authorization headers a careless client or an attacker sends. Each must be refused with 401 on every authenticated
 * route — by the JWT authorizer in front of the function (API Gateway deployed, its local twin here) or, for a token
 * the authorizer accepts but that names no user, by the function. A bare token without {@code Bearer } is not here:
 * API Gateway accepts it.
 */
public final class AttackTokens {

    public static final String UNKNOWN_TENANT = "ghost_tenant";

    private AttackTokens() {
    }

    /** Attack name -> Authorization header value (null: no header at all). */
    public static Map<String, String> refusedWith401(OidcIssuer issuer, String victimTenant) {
        Instant now = Instant.now();
        String victim = "admin@" + victimTenant;
        Map<String, String> attacks = new LinkedHashMap<>();
        attacks.put("no Authorization header", null);
        attacks.put("empty bearer", "Bearer ");
        attacks.put("garbage token", "Bearer not-a-jwt-at-all");
        attacks.put("three garbage segments", "Bearer aaa.bbb.ccc");
        attacks.put("basic auth instead of bearer", "Basic " + Base64.getEncoder()
                .encodeToString((victimTenant + ":password").getBytes(StandardCharsets.UTF_8)));
        attacks.put("expired", bearer(issuer.sign(claims(issuer, victim)
                .issueTime(Date.from(now.minusSeconds(7200))).expirationTime(Date.from(now.minusSeconds(3600))).build())));
        attacks.put("not yet valid", bearer(issuer.sign(claims(issuer, victim).notBeforeTime(Date.from(now.plusSeconds(3600)))
                .build())));
        attacks.put("issued in the future", bearer(issuer.sign(claims(issuer, victim).issueTime(Date.from(now.plusSeconds(3600)))
                .build())));
        RSAKey stranger = OidcIssuer.newKey();
        attacks.put("signed with an unpublished key", bearer(OidcIssuer.sign(claims(issuer, victim).build(), stranger)));
        attacks.put("signed with another key under the issuer's key id", bearer(OidcIssuer.sign(claims(issuer, victim).build(),
                new RSAKey.Builder(stranger).keyID(issuer.publicKey().getKeyID()).build())));
        attacks.put("alg none", bearer(new PlainJWT(claims(issuer, victim).build()).serialize()));
        attacks.put("alg none, signature kept", algNoneWithSignature(issuer, victim));
        attacks.put("HS256 keyed with the issuer's public key", bearer(hs256WithPublicKey(issuer, victim)));
        attacks.put("payload swapped under a valid signature", payloadSwapped(issuer, victim));
        attacks.put("no expiry", bearer(issuer.sign(claims(issuer, victim).expirationTime(null).build())));
        attacks.put("wrong issuer", bearer(issuer.sign(claims(issuer, victim).issuer("https://evil.example").build())));
        attacks.put("wrong audience", bearer(issuer.sign(claims(issuer, victim).audience("someone-elses-client").build())));
        attacks.put("no audience", bearer(issuer.sign(claims(issuer, victim).audience((String) null).build())));
        attacks.put("no subject", bearer(issuer.sign(claims(issuer, victim).subject(null).build())));
        attacks.put("subject with a key separator", bearer(issuer.sign(claims(issuer, victim + "#PROFILE").build())));
        return attacks;
    }

    /**
     * A valid ID token from {@code issuer} for a new user in no tenant, whose tenant claim names {@code tenant}: the
     * claim alone admits no one.
     */
    public static String tenantToken(OidcIssuer issuer, String tenant) {
        return issuer.sign(claims(issuer, java.util.UUID.randomUUID() + "@" + tenant).build());
    }

    private static JWTClaimsSet.Builder claims(OidcIssuer issuer, String subject) {
        return issuer.idTokenClaims(subject, subject + ".example").claim("tenant_id", subject.substring(subject.indexOf('@') + 1));
    }

    private static String bearer(String token) {
        return "Bearer " + token;
    }

    private static String hs256WithPublicKey(OidcIssuer issuer, String subject) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(issuer.publicKey().getKeyID()).build(),
                    claims(issuer, subject).build());
            jwt.sign(new MACSigner(issuer.publicKey().toRSAPublicKey().getEncoded()));
            return jwt.serialize();
        }
        catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String algNoneWithSignature(OidcIssuer issuer, String subject) {
        String[] parts = issuer.sign(claims(issuer, subject).build()).split("\\.");
        String header = base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        return bearer(header + "." + parts[1] + "." + parts[2]);
    }

    /** The signature of a token for another user, with the payload replaced by one naming the victim. */
    private static String payloadSwapped(OidcIssuer issuer, String victim) {
        String[] attacker = issuer.sign(claims(issuer, "attacker@ghost_attacker").build()).split("\\.");
        String[] victimToken = issuer.sign(claims(issuer, victim).build()).split("\\.");
        return bearer(attacker[0] + "." + victimToken[1] + "." + attacker[2]);
    }

    private static String base64Url(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
