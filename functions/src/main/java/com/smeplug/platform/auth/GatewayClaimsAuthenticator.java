package com.smeplug.platform.auth;

import java.util.Map;
import java.util.regex.Pattern;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;

/**
 * Behind the HTTP API's JWT authorizer — deployed, and locally behind the local server's authorizer that checks the
 * same things: API Gateway has verified signature (RS256 via the issuer's JWKS), issuer, audience and expiry, and
 * hands the verified claims in {@code requestContext.authorizer.jwt.claims}. Nothing here verifies a token: a function
 * reached without verified claims refuses the request. The one other caller is priming's {@link Probe}, from an
 * authorizer context API Gateway never sends us.
 */
public final class GatewayClaimsAuthenticator implements Authenticator {

    /** A subject is an opaque id (Cognito: a UUID); it becomes part of keys, so key separators are refused. */
    private static final Pattern VALID_SUBJECT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@:|+-]{0,127}");

    @Override
    public Caller callerOf(APIGatewayV2HTTPEvent event) {
        var authorizer = authorizer(event);
        var probe = Probe.callerIn(authorizer.getLambda());
        if (probe.isPresent()) {
            return probe.get();
        }
        if (authorizer.getJwt() == null) {
            throw new NotAuthenticated("no verified token on this request");
        }
        Map<String, String> claims = authorizer.getJwt().getClaims();
        String subject = claims == null ? null : claims.get("sub");
        if (subject == null || !VALID_SUBJECT.matcher(subject).matches()) {
            throw new NotAuthenticated("the verified token names no valid subject");
        }
        String email = "true".equals(claims.get("email_verified")) ? claims.get("email") : null;
        return new Caller(subject, email);
    }

    private static APIGatewayV2HTTPEvent.RequestContext.Authorizer authorizer(APIGatewayV2HTTPEvent event) {
        var context = event.getRequestContext();
        if (context == null || context.getAuthorizer() == null) {
            throw new NotAuthenticated("no verified token on this request");
        }
        return context.getAuthorizer();
    }
}
