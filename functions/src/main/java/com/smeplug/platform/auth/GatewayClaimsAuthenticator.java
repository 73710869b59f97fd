package com.smeplug.platform.auth;

import java.util.Map;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.smeplug.platform.http.ApiException;

/**
 * Deployed behind the HTTP API's JWT authorizer: API Gateway has verified signature, issuer, audience and expiry,
 * and hands the verified claims in {@code requestContext.authorizer.jwt.claims}. Only the tenant claim is read here.
 */
public final class GatewayClaimsAuthenticator implements Authenticator {

    private final String tenantClaim;

    public GatewayClaimsAuthenticator(String tenantClaim) {
        this.tenantClaim = tenantClaim;
    }

    @Override
    public String tenantOf(APIGatewayV2HTTPEvent event) {
        Map<String, String> claims = claims(event);
        String tenant = claims == null ? null : claims.get(tenantClaim);
        return TenantIds.requireValid(tenant);
    }

    private static Map<String, String> claims(APIGatewayV2HTTPEvent event) {
        var context = event.getRequestContext();
        if (context == null || context.getAuthorizer() == null || context.getAuthorizer().getJwt() == null) {
            throw ApiException.unauthorized("no verified token on this request");
        }
        return context.getAuthorizer().getJwt().getClaims();
    }
}
