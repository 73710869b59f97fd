package com.smeplug.chat;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.smeplug.testing.HttpResult;
import com.smeplug.testing.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * POST /chat with {@code USE_REAL_LLM=true} through the Lambda entry point: the AWS SDK's Bedrock runtime client
 * talks to a local server that answers with Converse's JSON. The tool_use round trip reads the asking tenant's records through the real
 * connector port, tokens come back and the answer is metered; a failed answer is not.
 */
class ChatBedrockFunctionIT {

    static final Map<String, String> BEDROCK_MODE = Map.of(
            "USE_REAL_LLM", "true",
            "LLM_MODEL_ID", BedrockFixtures.MODEL_ID,
            "LLM_MAX_RETRIES", "2",
            "LLM_TIMEOUT_MS", "5000");

    static WireMockServer bedrock;
    static TestStack stack;
    static ChatRequests client;

    @BeforeAll
    static void start() {
        bedrock = new WireMockServer(options().dynamicPort());
        bedrock.start();
        Map<String, String> variables = new java.util.HashMap<>(BEDROCK_MODE);
        variables.put("BEDROCK_RUNTIME_ENDPOINT", bedrock.baseUrl());
        stack = TestStack.start("chat-bedrock-it", variables);
        client = new ChatRequests(stack);
    }

    @AfterAll
    static void stop() {
        stack.close();
        bedrock.stop();
        // TestStack.close() can put back this class's own values (see ChatQuotaIT): clear them for later classes.
        BEDROCK_MODE.keySet().forEach(System::clearProperty);
        System.clearProperty("BEDROCK_RUNTIME_ENDPOINT");
    }

    @BeforeEach
    void reset() {
        bedrock.resetAll();
    }

    private static List<JsonNode> requests() {
        return BedrockFixtures.requests(bedrock);
    }

    private static long queries(String tenant) {
        HttpResult usage = client.usage(tenant);
        assertThat(usage.status()).as(usage.body()).isEqualTo(200);
        return usage.json().path("queries_this_month").asLong();
    }

    @Test
    void a_tool_use_turn_reads_the_tenants_crm_and_the_answer_is_metered_with_its_tokens() {
        bedrock.stubFor(BedrockFixtures.converse().inScenario("tool").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(BedrockFixtures.json("tool-use-crm.json")).willSetStateTo("tool ran"));
        bedrock.stubFor(BedrockFixtures.converse().inScenario("tool").whenScenarioStateIs("tool ran")
                .willReturn(BedrockFixtures.json("answer-after-tool.json")));
        long before = queries("hospital_beta");

        HttpResult result = client.chat("hospital_beta", "What are our open cases?", null, "healthcare");

        assertThat(result.status()).as(result.body()).isEqualTo(200);
        JsonNode body = result.json();
        assertThat(body.path("model").asString()).isEqualTo(BedrockFixtures.MODEL_ID);
        assertThat(body.path("mock_mode").asBoolean()).isFalse();
        assertThat(body.path("usage").path("input_tokens").asLong()).isEqualTo(1210 + 1498);
        assertThat(body.path("usage").path("output_tokens").asLong()).isEqualTo(54 + 61);
        assertThat(body.path("reply").asString()).contains("two open cases");
        assertThat(body.path("citations").findValuesAsString("kind")).containsOnly("crm");

        List<JsonNode> requests = requests();
        assertThat(requests).hasSize(2);
        // a question about the tenant's own records: no pack passage clears the relevance rule, so none is sent
        // (BedrockResponderIT covers the passages a pack question sends)
        assertThat(requests.get(0).path("system").get(0).path("text").asString())
                .contains("You are Healthcare SME", "has no passage that answers this message").doesNotContain("<passage id=");
        assertThat(requests.get(0).path("toolConfig").path("tools").findValuesAsString("name")).containsExactly("get_crm_records", "get_erp_records");
        JsonNode toolResult = requests.get(1).path("messages").get(2).path("content").get(0).path("toolResult");
        assertThat(toolResult.path("status").asString()).isEqualTo("success");
        assertThat(toolResult.path("content").toString()).contains("Hospital Beta").doesNotContain("LawFirm Alpha")
                .doesNotContain("BuildCo Gamma");
        assertThat(queries("hospital_beta")).isEqualTo(before + 1);
    }

    @Test
    void a_throttled_model_is_retried_and_answers() {
        bedrock.stubFor(BedrockFixtures.converse().inScenario("busy").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(BedrockFixtures.error(429, "ThrottlingException", "throttling-429.json")).willSetStateTo("recovered"));
        bedrock.stubFor(BedrockFixtures.converse().inScenario("busy").whenScenarioStateIs("recovered")
                .willReturn(BedrockFixtures.json("answer-with-passage.json")));

        HttpResult result = client.chat("lawfirm_alpha", "How long do we have to notify a GDPR data breach?");

        assertThat(result.status()).as(result.body()).isEqualTo(200);
        assertThat(requests()).hasSize(2);
        assertThat(result.json().path("usage").path("input_tokens").asLong()).isEqualTo(1432);
    }

    @Test
    void a_model_that_keeps_failing_is_502_and_is_not_metered() {
        bedrock.stubFor(BedrockFixtures.converse().willReturn(BedrockFixtures.error(500, "InternalServerException", "internal-500.json")));
        long before = queries("lawfirm_alpha");

        HttpResult result = client.chat("lawfirm_alpha", "How long does copyright last?");

        assertThat(result.status()).isEqualTo(502);
        assertThat(result.errorCode()).isEqualTo("upstream_error");
        assertThat(result.body()).doesNotContain("Internal server error").doesNotContain("Exception");
        assertThat(queries("lawfirm_alpha")).isEqualTo(before);
    }
}
