package com.smeplug.chat;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;

/** Messages API responses recorded as files under {@code chat/anthropic/} (shapes of the documented API). */
final class AnthropicFixtures {

    static final String MESSAGES = "/v1/messages";

    private AnthropicFixtures() {
    }

    static String read(String name) {
        try (InputStream in = AnthropicFixtures.class.getResourceAsStream("/chat/anthropic/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture chat/anthropic/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ResponseDefinitionBuilder json(int status, String name) {
        return aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withHeader("request-id", "req_fixture")
                .withBody(read(name));
    }
}
