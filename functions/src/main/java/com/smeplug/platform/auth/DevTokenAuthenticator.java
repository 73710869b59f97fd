package com.smeplug.platform.auth;

import java.util.Map;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.exceptions.TokenExpiredException;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.smeplug.platform.http.ApiException;

/**
 * Local and test mode: the function verifies an HS256 bearer token itself with the dev secret. The algorithm is fixed,
 * so {@code alg: none} or any other algorithm fails verification; {@code exp} is required.
 */
public final class DevTokenAuthenticator implements Authenticator {

    private final JWTVerifier verifier;
    private final String tenantClaim;

    public DevTokenAuthenticator(String secret, String issuer, String tenantClaim) {
        this.verifier = JWT.require(Algorithm.HMAC256(secret))
                .withIssuer(issuer)
                .withClaimPresence("exp")
                .build();
        this.tenantClaim = tenantClaim;
    }

    @Override
    public String tenantOf(APIGatewayV2HTTPEvent event) {
        String token = bearerToken(event.getHeaders());
        DecodedJWT jwt;
        try {
            jwt = verifier.verify(token);
        }
        catch (TokenExpiredException e) {
            throw ApiException.unauthorized("token has expired");
        }
        catch (JWTVerificationException e) {
            throw ApiException.unauthorized("token is not valid");
        }
        return TenantIds.requireValid(jwt.getClaim(tenantClaim).asString());
    }

    private static String bearerToken(Map<String, String> headers) {
        String value = headers == null ? null : headers.get("authorization");
        if (value == null || value.isBlank()) {
            throw ApiException.unauthorized("missing Authorization header");
        }
        String[] parts = value.trim().split("\\s+", 2);
        if (parts.length != 2 || !parts[0].equalsIgnoreCase("Bearer") || parts[1].isBlank()) {
            throw ApiException.unauthorized("Authorization header must be 'Bearer <token>'");
        }
        return parts[1];
    }
}
