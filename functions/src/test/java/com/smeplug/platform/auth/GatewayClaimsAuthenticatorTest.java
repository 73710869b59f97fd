package com.smeplug.platform.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import org.junit.jupiter.api.Test;

/** Who a request is: the verified token's subject, or priming's probe from a context API Gateway never sends us. */
class GatewayClaimsAuthenticatorTest {

    @Test
    void a_token_whose_sub_is_a_probe_user_is_refused_as_an_invalid_subject() {
        for (String user : List.of(Probe.MEMBER, Probe.STRANGER)) {
            APIGatewayV2HTTPEvent event = APIGatewayV2HTTPEvent.builder()
                    .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                            .withAuthorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                                    .withJwt(APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT.builder()
                                            .withClaims(Map.of("sub", user)).build())
                                    .build())
                            .build())
                    .build();

            assertThatThrownBy(() -> new GatewayClaimsAuthenticator().callerOf(event))
                    .isInstanceOf(NotAuthenticated.class).hasMessageContaining("no valid subject");
        }
    }

    @Test
    void an_authorizer_context_naming_any_other_user_is_not_a_probe_and_needs_a_token() {
        APIGatewayV2HTTPEvent event = APIGatewayV2HTTPEvent.builder()
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withAuthorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                                .withLambda(Map.of("smeplug_probe", "user-alice")).build())
                        .build())
                .build();

        assertThatThrownBy(() -> new GatewayClaimsAuthenticator().callerOf(event))
                .isInstanceOf(NotAuthenticated.class).hasMessageContaining("no verified token");
        assertThatThrownBy(() -> Probe.authorizerContext("user-alice")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void the_probe_is_admitted_only_from_the_authorizer_context_priming_builds() {
        APIGatewayV2HTTPEvent event = APIGatewayV2HTTPEvent.builder()
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withAuthorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                                .withLambda(Probe.authorizerContext(Probe.MEMBER)).build())
                        .build())
                .build();

        assertThat(new GatewayClaimsAuthenticator().callerOf(event)).isEqualTo(new Caller(Probe.MEMBER, null));
    }
}
