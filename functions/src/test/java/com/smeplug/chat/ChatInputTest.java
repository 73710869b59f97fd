package com.smeplug.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.smeplug.platform.http.ApiException;
import com.smeplug.platform.http.ApiRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChatInputTest {

    private static ApiRequest request(String body) {
        return request(body, Map.of());
    }

    private static ApiRequest request(String body, Map<String, String> headers) {
        return new ApiRequest("gw-request-1", "POST", "/chat", Map.of(), Map.of(), headers,
                body.getBytes(StandardCharsets.UTF_8), "lawfirm_alpha");
    }

    private static ApiException failure(Runnable call) {
        try {
            call.run();
        }
        catch (ApiException e) {
            return e;
        }
        throw new AssertionError("expected an ApiException");
    }

    @Test
    void a_message_with_optional_fields_and_unknown_ones_is_accepted() {
        ChatRequest parsed = ChatInput.parse(request(
                "{\"message\":\"hi there\",\"session_id\":\"AbCdEfGhIjKlMnOpQrStUv\",\"active_plug\":\"legal\",\"colour\":\"red\"}"));

        assertThat(parsed).isEqualTo(new ChatRequest("hi there", "AbCdEfGhIjKlMnOpQrStUv", "legal"));
    }

    @Test
    void a_missing_message_is_400() {
        ApiException e = failure(() -> ChatInput.parse(request("{\"active_plug\":\"legal\"}")));

        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).contains("message");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"message\":\"\"}", "{\"message\":\"   \\n\\t \"}"})
    void an_empty_or_blank_message_is_400(String body) {
        assertThat(failure(() -> ChatInput.parse(request(body))).status()).isEqualTo(400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"message\":42}", "{\"message\":true}", "{\"message\":[\"a\"]}", "{\"message\":{\"t\":\"a\"}}",
            "{\"message\":\"hi\",\"session_id\":7}", "{\"message\":\"hi\",\"active_plug\":false}", "[\"hi\"]", "\"hi\""})
    void wrong_types_are_400(String body) {
        ApiException e = failure(() -> ChatInput.parse(request(body)));

        assertThat(e.status()).isEqualTo(400);
    }

    @Test
    void malformed_json_is_400() {
        assertThat(failure(() -> ChatInput.parse(request("{\"message\":"))).status()).isEqualTo(400);
    }

    @Test
    void eight_thousand_characters_are_accepted_even_outside_the_basic_plane() {
        String emoji = "\uD83D\uDE00"; // one character, two UTF-16 units
        String message = emoji.repeat(ChatInput.MAX_MESSAGE_CHARS);

        assertThat(ChatInput.parse(request("{\"message\":\"" + message + "\"}")).message()).isEqualTo(message);
    }

    @Test
    void more_than_eight_thousand_characters_is_413() {
        String message = "a".repeat(ChatInput.MAX_MESSAGE_CHARS + 1);

        ApiException e = failure(() -> ChatInput.parse(request("{\"message\":\"" + message + "\"}")));

        assertThat(e.status()).isEqualTo(413);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "short", "has space in it abcdefgh", "TENANT#other#SESSION#x", "ééééééééééééééééééé"})
    void a_malformed_session_id_is_400(String sessionId) {
        ApiException e = failure(() -> ChatInput.parse(request("{\"message\":\"hi\",\"session_id\":\"" + sessionId + "\"}")));

        assertThat(e.status()).isEqualTo(400);
        assertThat(e.getMessage()).contains("session_id");
    }

    @Test
    void the_idempotency_key_names_the_request_when_sent() {
        assertThat(ChatInput.requestId(request("{}", Map.of("idempotency-key", "order-42:retry")))).isEqualTo("order-42:retry");
        assertThat(ChatInput.requestId(request("{}"))).isEqualTo("gw-request-1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "with space", "tab\tkey", "ünïcode"})
    void an_invalid_idempotency_key_is_400(String key) {
        assertThatThrownBy(() -> ChatInput.requestId(request("{}", Map.of("idempotency-key", key))))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(400));
    }

    @Test
    void an_idempotency_key_longer_than_128_characters_is_400() {
        assertThat(ChatInput.requestId(request("{}", Map.of("idempotency-key", "k".repeat(128))))).hasSize(128);
        assertThatThrownBy(() -> ChatInput.requestId(request("{}", Map.of("idempotency-key", "k".repeat(129)))))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(400));
    }
}
