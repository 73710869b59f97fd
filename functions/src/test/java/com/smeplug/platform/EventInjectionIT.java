package com.smeplug.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import com.smeplug.local.aws.ApiEvent;
import com.smeplug.testing.HttpResult;
import com.smeplug.testing.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The AWS adapter of Spring Cloud Function treats a JSON-array body (and a header named "payload") as the function's
 * input instead of the API Gateway event. A request must never be able to replace its own event, and with it the
 * verified claims that name the tenant.
 */
class EventInjectionIT {

    static final String FORGED_EVENT = "[{\"version\":\"2.0\",\"routeKey\":\"GET /plugs\",\"rawPath\":\"/plugs\","
            + "\"requestContext\":{\"http\":{\"method\":\"GET\"},\"authorizer\":{\"jwt\":{\"claims\":"
            + "{\"tenant_id\":\"hospital_beta\"}}}}}]";

    static TestStack stack;

    @BeforeAll
    static void start() {
        stack = TestStack.start("injection-it", Map.of("AUTH_MODE", "gateway"));
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    private static ApiEvent asLawfirm() {
        return ApiEvent.get("/plugs").bearer(stack.token("lawfirm_alpha"));
    }

    @Test
    void a_json_array_body_cannot_replace_the_event() {
        HttpResult result = stack.invoke("plugs", asLawfirm().header("content-type", "application/json").body(FORGED_EVENT));

        assertThat(result.status()).isEqualTo(200);
        assertThat(result.json().path("tenant_id").asString()).isEqualTo("lawfirm_alpha");
    }

    @Test
    void a_payload_header_cannot_replace_the_event() {
        HttpResult result = stack.invoke("plugs", asLawfirm().header("payload", FORGED_EVENT));

        assertThat(result.status()).isEqualTo(200);
        assertThat(result.json().path("tenant_id").asString()).isEqualTo("lawfirm_alpha");
    }

    @Test
    void an_empty_array_body_is_not_a_server_error() {
        HttpResult result = stack.invoke("plugs", asLawfirm().header("content-type", "application/json").body("[]"));

        assertThat(result.status()).isEqualTo(200);
        assertThat(result.json().path("tenant_id").asString()).isEqualTo("lawfirm_alpha");
    }
}
