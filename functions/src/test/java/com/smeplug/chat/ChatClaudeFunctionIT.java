package com.smeplug.chat;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.smeplug.platform.http.Json;
import com.smeplug.testing.HttpResult;
import com.smeplug.testing.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * POST /chat with {@code USE_REAL_LLM=true} through the Lambda entry point: the SDK talks to a local server that
 * answers with the Messages API's JSON. The tool_use round trip reads the asking tenant's records through the real
 * connector port, tokens come back and the answer is metered; a failed answer is not.
 */
class ChatClaudeFunctionIT {

    static final Map<String, String> CLAUDE_MODE = Map.of(
            "USE_REAL_LLM", "true",
            "ANTHROPIC_API_KEY", "sk-ant-test-key",
            "ANTHROPIC_MAX_RETRIES", "2",
            "ANTHROPIC_TIMEOUT_MS", "5000");

    static WireMockServer anthropic;
    static TestStack stack;
    static ChatRequests client;

    @BeforeAll
    static void start() {
        anthropic = new WireMockServer(options().dynamicPort());
        anthropic.start();
        Map<String, String> variables = new java.util.HashMap<>(CLAUDE_MODE);
        variables.put("ANTHROPIC_BASE_URL", anthropic.baseUrl());
        stack = TestStack.start("chat-claude-it", variables);
        client = new ChatRequests(stack);
    }

    @AfterAll
    static void stop() {
        stack.close();
        anthropic.stop();
        // TestStack.close() can put back this class's own values (see ChatQuotaIT): clear them for later classes.
        CLAUDE_MODE.keySet().forEach(System::clearProperty);
        System.clearProperty("ANTHROPIC_BASE_URL");
    }

    @BeforeEach
    void reset() {
        anthropic.resetAll();
    }

    private static List<JsonNode> requests() {
        return anthropic.findAll(postRequestedFor(urlEqualTo(AnthropicFixtures.MESSAGES))).stream()
                .map(r -> Json.tree(r.getBodyAsString())).toList();
    }

    private static long queries(String tenant) {
        HttpResult usage = client.usage(tenant);
        assertThat(usage.status()).as(usage.body()).isEqualTo(200);
        return usage.json().path("queries_this_month").asLong();
    }

    @Test
    void a_tool_use_turn_reads_the_tenants_crm_and_the_answer_is_metered_with_its_tokens() {
        anthropic.stubFor(post(AnthropicFixtures.MESSAGES).inScenario("tool").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(AnthropicFixtures.json(200, "tool-use-crm.json")).willSetStateTo("tool ran"));
        anthropic.stubFor(post(AnthropicFixtures.MESSAGES).inScenario("tool").whenScenarioStateIs("tool ran")
                .willReturn(AnthropicFixtures.json(200, "answer-after-tool.json")));
        long before = queries("hospital_beta");

        HttpResult result = client.chat("hospital_beta", "What are our open cases?", null, "healthcare");

        assertThat(result.status()).as(result.body()).isEqualTo(200);
        JsonNode body = result.json();
        assertThat(body.path("model").asString()).isEqualTo("claude-sonnet-4-5-20250929");
        assertThat(body.path("mock_mode").asBoolean()).isFalse();
        assertThat(body.path("usage").path("input_tokens").asLong()).isEqualTo(1210 + 1498);
        assertThat(body.path("usage").path("output_tokens").asLong()).isEqualTo(54 + 61);
        assertThat(body.path("reply").asString()).contains("two open cases");
        assertThat(body.path("citations").findValuesAsString("kind")).containsOnly("crm");

        List<JsonNode> requests = requests();
        assertThat(requests).hasSize(2);
        assertThat(requests.get(0).path("system").asString()).contains("You are Healthcare SME", "<passage id=\"healthcare-");
        assertThat(requests.get(0).path("tools").findValuesAsString("name")).containsExactly("get_crm_records", "get_erp_records");
        JsonNode toolResult = requests.get(1).path("messages").get(2).path("content").get(0);
        assertThat(toolResult.path("type").asString()).isEqualTo("tool_result");
        assertThat(toolResult.path("content").toString()).contains("Hospital Beta").doesNotContain("LawFirm Alpha")
                .doesNotContain("BuildCo Gamma");
        assertThat(queries("hospital_beta")).isEqualTo(before + 1);
    }

    @Test
    void an_overloaded_model_is_retried_and_answers() {
        anthropic.stubFor(post(AnthropicFixtures.MESSAGES).inScenario("busy").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(AnthropicFixtures.json(529, "overloaded-529.json")).willSetStateTo("recovered"));
        anthropic.stubFor(post(AnthropicFixtures.MESSAGES).inScenario("busy").whenScenarioStateIs("recovered")
                .willReturn(AnthropicFixtures.json(200, "answer-with-passage.json")));

        HttpResult result = client.chat("lawfirm_alpha", "How long do we have to notify a GDPR data breach?");

        assertThat(result.status()).as(result.body()).isEqualTo(200);
        assertThat(requests()).hasSize(2);
        assertThat(result.json().path("usage").path("input_tokens").asLong()).isEqualTo(1432);
    }

    @Test
    void a_model_that_keeps_failing_is_502_and_is_not_metered() {
        anthropic.stubFor(post(AnthropicFixtures.MESSAGES).willReturn(AnthropicFixtures.json(500, "api-error-500.json")));
        long before = queries("lawfirm_alpha");

        HttpResult result = client.chat("lawfirm_alpha", "How long does copyright last?");

        assertThat(result.status()).isEqualTo(502);
        assertThat(result.errorCode()).isEqualTo("upstream_error");
        assertThat(result.body()).doesNotContain("Internal server error").doesNotContain("Exception");
        assertThat(queries("lawfirm_alpha")).isEqualTo(before);
    }
}
