package com.smeplug.platform.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.smeplug.platform.http.ApiException;
import org.junit.jupiter.api.Test;

class DevTokenAuthenticatorTest {

    private static final String SECRET = "test-secret-0123456789abcdef0123456789abcdef";
    private final DevTokenAuthenticator authenticator = new DevTokenAuthenticator(SECRET, DevTokens.ISSUER, "tenant_id");

    private static APIGatewayV2HTTPEvent withAuthorization(String value) {
        return APIGatewayV2HTTPEvent.builder().withHeaders(value == null ? Map.of() : Map.of("authorization", value)).build();
    }

    private void assertUnauthorized(String authorization) {
        assertThatThrownBy(() -> authenticator.tenantOf(withAuthorization(authorization)))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(401));
    }

    @Test
    void a_valid_token_names_its_tenant() {
        String token = DevTokens.mint(SECRET, "tenant_id", "hospital_beta", Duration.ofMinutes(5));

        assertThat(authenticator.tenantOf(withAuthorization("Bearer " + token))).isEqualTo("hospital_beta");
    }

    @Test
    void a_missing_or_malformed_header_is_refused() {
        assertUnauthorized(null);
        assertUnauthorized("");
        assertUnauthorized("Basic dXNlcjpwYXNz");
        assertUnauthorized("Bearer");
        assertUnauthorized("Bearer not.a.jwt");
    }

    @Test
    void an_expired_token_is_refused() {
        String token = JWT.create().withIssuer(DevTokens.ISSUER).withClaim("tenant_id", "lawfirm_alpha")
                .withExpiresAt(Instant.now().minusSeconds(60)).sign(Algorithm.HMAC256(SECRET));

        assertUnauthorized("Bearer " + token);
    }

    @Test
    void a_token_that_is_not_yet_valid_is_refused() {
        String token = JWT.create().withIssuer(DevTokens.ISSUER).withClaim("tenant_id", "lawfirm_alpha")
                .withNotBefore(Instant.now().plusSeconds(600)).withExpiresAt(Instant.now().plusSeconds(900))
                .sign(Algorithm.HMAC256(SECRET));

        assertUnauthorized("Bearer " + token);
    }

    @Test
    void a_token_signed_with_another_secret_is_refused() {
        assertUnauthorized("Bearer " + DevTokens.mint("another-secret-0123456789abcdef0123456789", "tenant_id",
                "lawfirm_alpha", Duration.ofMinutes(5)));
    }

    @Test
    void an_unsigned_alg_none_token_is_refused() {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String payload = b64.encodeToString(("{\"iss\":\"" + DevTokens.ISSUER + "\",\"tenant_id\":\"lawfirm_alpha\",\"exp\":"
                + (Instant.now().getEpochSecond() + 600) + "}").getBytes(StandardCharsets.UTF_8));

        assertUnauthorized("Bearer " + header + "." + payload + ".");
    }

    @Test
    void a_token_without_expiry_is_refused() {
        String token = JWT.create().withIssuer(DevTokens.ISSUER).withClaim("tenant_id", "lawfirm_alpha")
                .sign(Algorithm.HMAC256(SECRET));

        assertUnauthorized("Bearer " + token);
    }

    @Test
    void a_token_without_a_tenant_or_with_a_malformed_one_is_refused() {
        String noTenant = JWT.create().withIssuer(DevTokens.ISSUER).withExpiresAt(Instant.now().plusSeconds(60))
                .sign(Algorithm.HMAC256(SECRET));
        String badTenant = DevTokens.mint(SECRET, "tenant_id", "../other#tenant", Duration.ofMinutes(5));

        assertUnauthorized("Bearer " + noTenant);
        assertUnauthorized("Bearer " + badTenant);
    }

    @Test
    void gateway_mode_reads_only_the_verified_claims() {
        var gateway = new GatewayClaimsAuthenticator("tenant_id");
        var verified = APIGatewayV2HTTPEvent.builder()
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withAuthorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                                .withJwt(APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT.builder()
                                        .withClaims(Map.of("tenant_id", "buildco_gamma")).build())
                                .build())
                        .build())
                .build();
        var unverified = APIGatewayV2HTTPEvent.builder()
                .withHeaders(Map.of("authorization", "Bearer " + DevTokens.mint(SECRET, "tenant_id", "lawfirm_alpha",
                        Duration.ofMinutes(5))))
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder().build())
                .build();

        assertThat(gateway.tenantOf(verified)).isEqualTo("buildco_gamma");
        assertThatThrownBy(() -> gateway.tenantOf(unverified)).isInstanceOf(ApiException.class);
    }
}
