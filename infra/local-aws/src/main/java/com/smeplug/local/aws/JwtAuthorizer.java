package com.smeplug.local.aws;

import java.net.MalformedURLException;
import java.net.URI;
import java.text.ParseException;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

/**
 * What API Gateway's HTTP API JWT authorizer does before a function runs, for the local server and the tests: take
 * the token from the {@code Authorization} header (a {@code Bearer } prefix is stripped, as API Gateway does), verify
 * its RS256 signature against the issuer's JWKS, and check {@code iss}, {@code aud} (or {@code client_id}),
 * {@code exp}, {@code nbf} and {@code iat}. A refused request never reaches the function: API Gateway answers 401
 * {@code {"message":"Unauthorized"}} itself. An accepted one reaches it with the claims, as strings, in
 * {@code requestContext.authorizer.jwt.claims}.
 */
public final class JwtAuthorizer {

    /** API Gateway's own body for a refused token. */
    public static final String UNAUTHORIZED_BODY = "{\"message\":\"Unauthorized\"}";

    private final DefaultJWTProcessor<SecurityContext> processor;

    public JwtAuthorizer(String issuerUrl, List<String> audiences) {
        JWKSource<SecurityContext> keys;
        try {
            keys = JWKSourceBuilder.create(URI.create(issuerUrl + "/.well-known/jwks.json").toURL()).build();
        }
        catch (MalformedURLException e) {
            throw new IllegalArgumentException("issuer is not a URL: " + issuerUrl, e);
        }
        processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, keys));
        processor.setJWTClaimsSetVerifier(new AudienceOrClientId(issuerUrl, Set.copyOf(audiences)));
    }

    /** The verified claims of the request's token, flattened to strings as API Gateway passes them; empty if refused. */
    public Optional<Map<String, String>> verify(String authorizationHeader) {
        if (authorizationHeader == null || authorizationHeader.isBlank()) {
            return Optional.empty();
        }
        String token = authorizationHeader.trim();
        if (token.regionMatches(true, 0, "Bearer ", 0, 7)) {
            token = token.substring(7).trim();
        }
        try {
            return Optional.of(flatten(processor.process(token, null)));
        }
        catch (ParseException | BadJOSEException | JOSEException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Verifies {@code event}'s token and hands its claims to the function; false: API Gateway would answer 401. */
    public boolean authorize(ApiEvent event) {
        Optional<Map<String, String>> claims = verify(event.headerValue("authorization"));
        claims.ifPresent(event::verifiedClaims);
        return claims.isPresent();
    }

    private static Map<String, String> flatten(JWTClaimsSet claims) {
        Map<String, String> flat = new LinkedHashMap<>();
        claims.getClaims().forEach((name, value) -> flat.put(name, flatten(value)));
        return flat;
    }

    private static String flatten(Object value) {
        if (value instanceof Date date) {
            return Long.toString(date.getTime() / 1000);
        }
        if (value instanceof Collection<?> values) {
            return values.stream().map(String::valueOf).collect(Collectors.joining(" ", "[", "]"));
        }
        return String.valueOf(value);
    }

    /** Issuer exact, {@code aud} or {@code client_id} among the accepted audiences, exp required, iat not ahead. */
    private static final class AudienceOrClientId extends DefaultJWTClaimsVerifier<SecurityContext> {

        private final Set<String> audiences;

        AudienceOrClientId(String issuer, Set<String> audiences) {
            super(null, new JWTClaimsSet.Builder().issuer(issuer).build(), Set.of("sub", "exp"));
            this.audiences = audiences;
        }

        @Override
        public void verify(JWTClaimsSet claims, SecurityContext context) throws BadJWTException {
            super.verify(claims, context);
            Object clientId = claims.getClaim("client_id");
            boolean audienceMatches = claims.getAudience() != null && claims.getAudience().stream().anyMatch(audiences::contains);
            if (!audienceMatches && !(clientId instanceof String id && audiences.contains(id))) {
                throw new BadJWTException("audience not accepted");
            }
            Date issued = claims.getIssueTime();
            if (issued != null && issued.getTime() > System.currentTimeMillis() + getMaxClockSkew() * 1000L) {
                throw new BadJWTException("issued in the future");
            }
        }
    }
}
