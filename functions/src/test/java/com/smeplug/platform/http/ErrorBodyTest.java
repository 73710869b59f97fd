package com.smeplug.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ErrorBodyTest {

    @Test
    void an_error_without_details_has_exactly_code_message_and_request_id() {
        String json = Json.write(ErrorBody.of("invalid_request", "month must be YYYY-MM", "req-1"));

        assertThat(json).isEqualTo(
                "{\"error\":{\"code\":\"invalid_request\",\"message\":\"month must be YYYY-MM\",\"request_id\":\"req-1\"}}");
    }

    @Test
    void details_are_fields_of_the_error_object_in_their_order() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("limit", 20L);
        details.put("resets_at", "2026-12-01T00:00:00Z");

        String json = Json.write(ErrorBody.of("quota_exceeded", "used up", "req-2", details));

        assertThat(json).isEqualTo("{\"error\":{\"code\":\"quota_exceeded\",\"message\":\"used up\",\"request_id\":\"req-2\","
                + "\"limit\":20,\"resets_at\":\"2026-12-01T00:00:00Z\"}}");
    }
}
