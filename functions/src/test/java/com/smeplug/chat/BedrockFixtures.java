package com.smeplug.chat;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.smeplug.platform.http.Json;
import tools.jackson.databind.JsonNode;

/**
 * A local Bedrock runtime: Converse responses recorded as files under {@code chat/bedrock/} in the API's documented
 * JSON ({@code POST /model/{modelId}/converse}); errors carry their type in {@code x-amzn-ErrorType} as Bedrock's do.
 */
final class BedrockFixtures {

    static final String MODEL_ID = "us.anthropic.claude-sonnet-4-5-20250929-v1:0";
    private static final String CONVERSE = "/model/[^/]+/converse";

    private BedrockFixtures() {
    }

    static MappingBuilder converse() {
        return WireMock.post(urlPathMatching(CONVERSE));
    }

    static ResponseDefinitionBuilder json(String name) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withHeader("x-amzn-RequestId", "fixture-request").withBody(read(name));
    }

    static ResponseDefinitionBuilder error(int status, String type, String name) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withHeader("x-amzn-ErrorType", type).withHeader("x-amzn-RequestId", "fixture-request").withBody(read(name));
    }

    /** The Converse request bodies the fake received, oldest first. */
    static List<JsonNode> requests(WireMockServer bedrock) {
        return bedrock.findAll(postRequestedFor(urlPathMatching(CONVERSE))).stream()
                .map(r -> Json.tree(r.getBodyAsString())).toList();
    }

    static List<String> paths(WireMockServer bedrock) {
        return bedrock.findAll(postRequestedFor(urlPathMatching(CONVERSE))).stream().map(r -> r.getUrl()).toList();
    }

    private static String read(String name) {
        try (InputStream in = BedrockFixtures.class.getResourceAsStream("/chat/bedrock/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture chat/bedrock/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
