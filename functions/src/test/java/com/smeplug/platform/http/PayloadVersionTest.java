package com.smeplug.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.smeplug.platform.auth.GatewayClaimsAuthenticator;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Only API Gateway HTTP API events of payload format 2.0 are answered. A REST API event (what SAM calls
 * {@code aws-proxy}, payload 1.0) carries its method, path and claims elsewhere; read as 2.0 it would get a misleading
 * 405 or 401, so it gets a 400 that says what is wrong, and reaches neither authentication nor the endpoint.
 */
class PayloadVersionTest {

    private final AtomicBoolean reached = new AtomicBoolean();
    private final HttpFunctions http = new HttpFunctions(new GatewayClaimsAuthenticator(), user -> java.util.Optional.empty());

    private APIGatewayV2HTTPResponse invoke(String fixture) {
        var function = http.route(Route.get(), request -> {
            reached.set(true);
            return ApiResponse.ok(Map.of("ok", true));
        });
        InputStream event = getClass().getResourceAsStream("/platform/http/" + fixture);
        return function.apply(event);
    }

    @Test
    void a_rest_api_payload_1_0_event_is_a_400_invalid_event_naming_payload_2_0() {
        APIGatewayV2HTTPResponse response = invoke("rest-api-aws-proxy.json");

        assertThat(response.getStatusCode()).isEqualTo(400);
        JsonNode error = Json.tree(response.getBody()).path("error");
        assertThat(error.path("code").asString()).isEqualTo("invalid_event");
        assertThat(error.path("message").asString()).contains("payload format 2.0").contains("REST API");
        assertThat(error.path("request_id").asString()).isEqualTo("c6af9ac6-7b61-11e6-9a41-93e8deadbeef");
        assertThat(response.getHeaders()).containsEntry("Content-Type", "application/json; charset=utf-8");
        assertThat(reached).as("the endpoint ran").isFalse();
    }
}
