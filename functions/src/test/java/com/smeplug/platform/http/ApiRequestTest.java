package com.smeplug.platform.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ApiRequestTest {

    static ApiRequest withBody(byte[] body) {
        return new ApiRequest("req-1", "POST", "/billing/webhook", Map.of(), Map.of(), Map.of(), body, null);
    }

    @Test
    void body_text_is_the_utf8_text_of_the_body() {
        assertThat(withBody("{\"a\": \"é中\"}".getBytes(StandardCharsets.UTF_8)).bodyText()).isEqualTo("{\"a\": \"é中\"}");
    }

    /** Found by HostileBodiesIT: a signed webhook body with bad bytes was read with U+FFFD in them and applied. */
    @Test
    void body_text_refuses_bytes_that_are_not_utf8_instead_of_replacing_them() {
        byte[] body = { '{', '"', 'i', 'd', '"', ':', '"', (byte) 0xC3, 0x28, '"', '}' };

        assertThatThrownBy(() -> withBody(body).bodyText())
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.code()).isEqualTo("invalid_request");
                    assertThat(e.getMessage()).isEqualTo("request body is not valid UTF-8");
                });
    }

    /** Found by HostileBodiesIT: POST /chat answered (and metered) a message with bytes that are not UTF-8. */
    @Test
    void a_json_body_with_bytes_that_are_not_utf8_is_a_400() {
        byte[] body = { '{', '"', 'm', '"', ':', '"', 'a', (byte) 0xFE, (byte) 0xFF, '"', '}' };

        assertThatThrownBy(() -> withBody(body).bodyAs(Map.class))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.getMessage()).isEqualTo("request body is not valid UTF-8");
                });
    }

    /** Found by a walkthrough: valid JSON nested past the parser's depth limit was called "not valid JSON". */
    @Test
    void valid_json_nested_too_deeply_is_a_400_that_says_so() {
        byte[] body = ("{\"a\":" + "[".repeat(2_000) + "]".repeat(2_000) + "}").getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> withBody(body).bodyAs(Map.class))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.code()).isEqualTo("invalid_request");
                    assertThat(e.getMessage()).contains("nested too deeply");
                });
        assertThatThrownBy(() -> withBody("{\"a\": [1,}".getBytes(StandardCharsets.UTF_8)).bodyAs(Map.class))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo("malformed_json"));
    }
}
