package com.smeplug.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.smeplug.testing.HttpResult;
import com.smeplug.testing.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A REST API (payload 1.0) event through the Lambda handler, as a REST API integration would deliver it. */
class PayloadVersionIT {

    static TestStack stack;

    @BeforeAll
    static void start() {
        stack = TestStack.start("payload-version", Map.of("AUTH_MODE", "gateway"));
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void a_sam_aws_proxy_event_is_answered_400_invalid_event_not_405_or_401() throws IOException {
        String event;
        try (var in = getClass().getResourceAsStream("/platform/http/rest-api-aws-proxy.json")) {
            event = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }

        HttpResult result = HttpResult.parse(stack.invokeRaw("plugs", event));

        assertThat(result.status()).isEqualTo(400);
        assertThat(result.errorCode()).isEqualTo("invalid_event");
        assertThat(result.json().path("error").path("message").asString()).contains("payload format 2.0");
    }
}
