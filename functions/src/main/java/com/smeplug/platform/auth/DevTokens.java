package com.smeplug.platform.auth;

import java.time.Duration;
import java.time.Instant;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;

/** Mints the HS256 tokens that {@link DevTokenAuthenticator} accepts: for the local stack and tests only. */
public final class DevTokens {

    public static final String ISSUER = "sme-plug-dev";

    private DevTokens() {
    }

    public static String mint(String secret, String tenantClaim, String tenant, Duration ttl) {
        Instant now = Instant.now();
        return JWT.create()
                .withIssuer(ISSUER)
                .withSubject("dev-user@" + tenant)
                .withClaim(tenantClaim, tenant)
                .withIssuedAt(now)
                .withExpiresAt(now.plus(ttl))
                .sign(Algorithm.HMAC256(secret));
    }
}
