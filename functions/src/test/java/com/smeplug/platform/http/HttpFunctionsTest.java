package com.smeplug.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.smeplug.platform.auth.Caller;
import com.smeplug.platform.auth.Role;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import tools.jackson.databind.JsonNode;

class HttpFunctionsTest {

    record Greeting(String name, int times) {
    }

    private final HttpFunctions http = new HttpFunctions(
            event -> {
                if (event.getHeaders() == null || event.getHeaders().get("x-test-tenant") == null) {
                    throw ApiException.unauthorized("no verified token on this request");
                }
                return new Caller("user-of-" + event.getHeaders().get("x-test-tenant"), null);
            },
            user -> user.startsWith("user-of-") && !user.equals("user-of-ghost_co")
                    ? java.util.Optional.of(new com.smeplug.platform.tenant.Membership(user, user.substring(8), Role.ADMIN, null))
                    : java.util.Optional.empty());

    private final AtomicReference<ApiRequest> seen = new AtomicReference<>();

    private final Endpoint echo = request -> {
        seen.set(request);
        Greeting greeting = request.bodyAs(Greeting.class);
        return ApiResponse.ok(Map.of("hello", greeting.name(), "times", greeting.times()));
    };

    private APIGatewayV2HTTPResponse post(String body, boolean base64) {
        return http.handle(Route.post(100), echo, event("POST", body, base64, "acme"));
    }

    private static APIGatewayV2HTTPEvent event(String method, String body, boolean base64, String tenant) {
        return APIGatewayV2HTTPEvent.builder()
                .withRawPath("/greet")
                .withHeaders(tenant == null ? Map.of() : Map.of("x-test-tenant", tenant))
                .withBody(body)
                .withIsBase64Encoded(base64)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withRequestId("req-1")
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod(method).build())
                        .build())
                .build();
    }

    private static JsonNode body(APIGatewayV2HTTPResponse response) {
        return Json.tree(response.getBody());
    }

    @Test
    void a_valid_body_reaches_the_endpoint_with_the_tenant_from_the_token() {
        var response = post("{\"name\":\"Ada\",\"times\":2,\"extra\":true}", false);

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(body(response).path("hello").asString()).isEqualTo("Ada");
        assertThat(seen.get().tenant()).isEqualTo("acme");
        assertThat(response.getHeaders()).containsEntry("Content-Type", "application/json; charset=utf-8")
                .containsEntry("X-Request-Id", "req-1");
    }

    @Test
    void malformed_json_is_a_400_with_the_error_shape() {
        var response = post("{\"name\": ", false);

        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(body(response).path("error").path("code").asString()).isEqualTo("malformed_json");
        assertThat(body(response).path("error").path("request_id").asString()).isEqualTo("req-1");
    }

    @Test
    void a_wrong_type_is_a_400_naming_the_field() {
        var response = post("{\"name\":\"Ada\",\"times\":\"two\"}", false);

        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(body(response).path("error").path("message").asString()).contains("times");
    }

    @Test
    void a_number_is_not_accepted_as_a_string() {
        var response = post("{\"name\":42,\"times\":1}", false);

        assertThat(response.getStatusCode()).isEqualTo(400);
        assertThat(body(response).path("error").path("message").asString()).contains("name");
    }

    @Test
    void a_body_over_the_route_limit_is_a_413() {
        var response = post("{\"name\":\"" + "x".repeat(200) + "\",\"times\":1}", false);

        assertThat(response.getStatusCode()).isEqualTo(413);
        assertThat(body(response).path("error").path("code").asString()).isEqualTo("payload_too_large");
    }

    @Test
    void a_base64_body_is_decoded_before_parsing() {
        String encoded = Base64.getEncoder().encodeToString("{\"name\":\"Zoë\",\"times\":1}".getBytes(StandardCharsets.UTF_8));

        var response = post(encoded, true);

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(body(response).path("hello").asString()).isEqualTo("Zoë");
    }

    @Test
    void a_body_marked_base64_that_is_not_base64_is_a_400() {
        assertThat(post("not base64 at all!", true).getStatusCode()).isEqualTo(400);
    }

    @Test
    void invalid_utf8_is_a_400_not_a_500() {
        byte[] bytes = {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};

        var response = post(Base64.getEncoder().encodeToString(bytes), true);

        assertThat(response.getStatusCode()).isEqualTo(400);
    }

    @Test
    void the_wrong_method_is_a_405() {
        var response = http.handle(Route.post(100), echo, event("GET", null, false, "acme"));

        assertThat(response.getStatusCode()).isEqualTo(405);
        assertThat(body(response).path("error").path("code").asString()).isEqualTo("method_not_allowed");
    }

    @Test
    void a_request_without_a_tenant_is_a_401_and_never_reaches_the_endpoint() {
        var response = http.handle(Route.post(100), echo, event("POST", "{}", false, null));

        assertThat(response.getStatusCode()).isEqualTo(401);
        assertThat(seen.get()).isNull();
    }

    @Test
    void an_unregistered_tenant_is_a_403() {
        var response = http.handle(Route.post(100), echo, event("POST", "{}", false, "ghost_co"));

        assertThat(response.getStatusCode()).isEqualTo(403);
        assertThat(body(response).path("error").path("code").asString()).isEqualTo("unknown_tenant");
    }

    @Test
    void an_unreachable_aws_service_is_a_503() {
        Endpoint failing = request -> {
            throw SdkClientException.create("Unable to execute HTTP request: Connection refused");
        };

        var response = http.handle(Route.get(), failing, event("GET", null, false, "acme"));

        assertThat(response.getStatusCode()).isEqualTo(503);
        assertThat(response.getBody()).doesNotContain("Connection refused");
    }

    @Test
    void a_defect_is_a_500_that_reveals_no_internals() {
        Endpoint buggy = request -> {
            throw new IllegalStateException("secret internal detail in com.smeplug.Something");
        };

        var response = http.handle(Route.get(), buggy, event("GET", null, false, "acme"));

        assertThat(response.getStatusCode()).isEqualTo(500);
        assertThat(response.getBody()).doesNotContain("secret").doesNotContain("com.smeplug").doesNotContain("Exception");
    }

    @Test
    void an_unauthenticated_route_has_no_tenant() {
        Endpoint open = request -> ApiResponse.ok(Map.of("tenant", String.valueOf(request.tenantId())));

        var response = http.handle(Route.post(100).unauthenticated(), open, event("POST", "{}", false, null));

        assertThat(response.getStatusCode()).isEqualTo(200);
        assertThat(body(response).path("tenant").asString()).isEqualTo("null");
    }
}
