package com.smeplug.chat;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.smeplug.chat.knowledge.PassageIndex;
import com.smeplug.finetune.Specialisations.Exemplar;
import com.smeplug.finetune.Specialisations.Specialisation;
import com.smeplug.platform.http.ApiException;
import com.smeplug.platform.http.Json;
import com.smeplug.plugs.Plug;
import com.smeplug.usage.UsageMeter.TokenUsage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Claude mode through the official SDK against a local server that answers with the Messages API's documented JSON
 * (fixtures under chat/anthropic/): what the request carries, the tool_use round trip, retries and failures.
 */
class ClaudeResponderIT {

    static WireMockServer anthropic;
    static final PassageIndex INDEX = PassageIndex.build(TestPacks.mini());

    FakeTenantRecords records;

    @BeforeAll
    static void start() {
        anthropic = new WireMockServer(options().dynamicPort());
        anthropic.start();
    }

    @AfterAll
    static void stop() {
        anthropic.stop();
    }

    @BeforeEach
    void reset() {
        anthropic.resetAll();
        records = FakeTenantRecords.withSampleTenants();
    }

    private ClaudeResponder responder(int maxRetries, Duration timeout) {
        AnthropicClient client = AnthropicOkHttpClient.builder()
                .apiKey("sk-ant-test-key")
                .baseUrl(anthropic.baseUrl())
                .maxRetries(maxRetries)
                .timeout(timeout)
                .build();
        return new ClaudeResponder(client, "claude-sonnet-4-5", 1024, timeout, Duration.ofSeconds(20), 3, records);
    }

    private ClaudeResponder responder() {
        return responder(2, Duration.ofSeconds(5));
    }

    private static Question question(String tenant, Plug plug, String message) {
        return question(tenant, plug, message, List.of(), Optional.empty());
    }

    private static Question question(String tenant, Plug plug, String message, List<Turn> history,
            Optional<Specialisation> specialisation) {
        return new Question(tenant, plug, message, history,
                INDEX.search(message, null, List.of(plug.plugId()), ReplyEngine.PASSAGES), specialisation);
    }

    private static List<JsonNode> requests() {
        return anthropic.findAll(postRequestedFor(urlEqualTo(AnthropicFixtures.MESSAGES))).stream()
                .map(r -> Json.tree(r.getBodyAsString())).toList();
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
    void the_request_carries_persona_passages_and_tool_definitions() {
        anthropic.stubFor(post(AnthropicFixtures.MESSAGES).willReturn(AnthropicFixtures.json(200, "answer-with-passage.json")));

        Answer answer = responder().answer(question("lawfirm_alpha", TestPacks.LEGAL,
                "How long do we have to notify a GDPR data breach?"));

        // anthropic-java 3.14 sends a static API key as a bearer credential, with its own API version header
        anthropic.verify(postRequestedFor(urlEqualTo(AnthropicFixtures.MESSAGES))
                .withHeader("Authorization", equalTo("Bearer sk-ant-test-key"))
                .withHeader("anthropic-version", matching("\\d{4}-\\d{2}-\\d{2}")));
        JsonNode request = requests().get(0);
        assertThat(request.path("model").asString()).isEqualTo("claude-sonnet-4-5");
        assertThat(request.path("max_tokens").asInt()).isEqualTo(1024);
        String system = request.path("system").asString();
        assertThat(system).contains("You are Legal SME", "Scope: Questions about legal topics.", "Tone: Plain and precise.",
                "You refuse: Personal advice.", "Test disclaimer for legal: information, not advice.");
        assertThat(system).contains("<passage id=\"t-legal-breach-notice\" title=\"GDPR Art. 33: notifying a personal data breach\" source=\"GDPR Art. 33\">",
                "within 72 hours of becoming aware of it");
        assertThat(request.path("tools").findValuesAsString("name")).containsExactly("get_crm_records", "get_erp_records");
        assertThat(request.path("tools").get(0).path("input_schema").path("type").asString()).isEqualTo("object");
        assertThat(request.path("tools").get(1).path("input_schema").path("properties").path("kind").path("enum").toString())
                .isEqualTo("[\"materials\",\"purchase_orders\",\"all\"]");
        assertThat(request.path("messages")).hasSize(1);
        assertThat(request.path("messages").get(0).path("role").asString()).isEqualTo("user");
        assertThat(request.path("messages").get(0).toString()).contains("How long do we have to notify a GDPR data breach?");

        assertThat(answer.reply()).startsWith("Under GDPR Article 33");
        assertThat(answer.citations()).extracting(Citation::passageId).containsExactly("t-legal-breach-notice");
        assertThat(answer.model()).isEqualTo("claude-sonnet-4-5-20250929");
        assertThat(answer.mockMode()).isFalse();
        assertThat(answer.tokens()).isEqualTo(new TokenUsage(1432, 87));
    }

    @Test
    void a_tool_use_turn_is_run_for_the_asking_tenant_and_answered() {
        anthropic.stubFor(post(AnthropicFixtures.MESSAGES).inScenario("tool").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(AnthropicFixtures.json(200, "tool-use-crm.json")).willSetStateTo("tool ran"));
        anthropic.stubFor(post(AnthropicFixtures.MESSAGES).inScenario("tool").whenScenarioStateIs("tool ran")
                .willReturn(AnthropicFixtures.json(200, "answer-after-tool.json")));

        Answer answer = responder().answer(question("hospital_beta", TestPacks.HEALTHCARE, "What are our open cases?"));

        List<JsonNode> requests = requests();
        assertThat(requests).hasSize(2);
        JsonNode messages = requests.get(1).path("messages");
        assertThat(messages).hasSize(3);
        assertThat(messages.get(1).path("role").asString()).isEqualTo("assistant");
        assertThat(messages.get(1).path("content").get(1).path("type").asString()).isEqualTo("tool_use");
        JsonNode result = messages.get(2).path("content").get(0);
        assertThat(messages.get(2).path("role").asString()).isEqualTo("user");
        assertThat(result.path("type").asString()).isEqualTo("tool_result");
        assertThat(result.path("tool_use_id").asString()).isEqualTo("toolu_01D7FLrfh4GYq7yT1ULFeyMV");
        assertThat(result.path("is_error").asBoolean(false)).isFalse();
        assertThat(result.path("content").toString()).contains("EHR integration setup", "Hospital Beta Health System")
                .doesNotContain("LawFirm Alpha");

        assertThat(answer.reply()).contains("two open cases");
        assertThat(answer.citations()).extracting(Citation::title)
                .containsExactly("Salesforce case 00001027", "Salesforce case 00001031");
        assertThat(answer.citations()).allMatch(c -> c.source().equals("sample") && c.mockMode());
        assertThat(answer.source()).isEqualTo("sample");
        assertThat(answer.tokens()).isEqualTo(new TokenUsage(1210 + 1498, 54 + 61));
    }

    @Test
    void a_tenant_without_crm_data_gets_a_tool_error_not_another_tenants_records() {
        anthropic.stubFor(post(AnthropicFixtures.MESSAGES).inScenario("tool").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(AnthropicFixtures.json(200, "tool-use-crm.json")).willSetStateTo("tool ran"));
        anthropic.stubFor(post(AnthropicFixtures.MESSAGES).inScenario("tool").whenScenarioStateIs("tool ran")
                .willReturn(AnthropicFixtures.json(200, "answer-after-tool.json")));

        Answer answer = responder().answer(question("buildco_gamma", TestPacks.ENGINEERING, "What are our open cases?"));

        JsonNode result = requests().get(1).path("messages").get(2).path("content").get(0);
        assertThat(result.path("is_error").asBoolean()).isTrue();
        assertThat(result.path("content").toString()).contains("not_connected").doesNotContain("00001027");
        assertThat(answer.citations()).noneMatch(c -> c.kind().equals(Citation.CRM));
    }

    @Test
    void an_overloaded_529_is_retried_and_the_answer_arrives() {
        anthropic.stubFor(post(AnthropicFixtures.MESSAGES).inScenario("busy").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(AnthropicFixtures.json(529, "overloaded-529.json")).willSetStateTo("recovered"));
        anthropic.stubFor(post(AnthropicFixtures.MESSAGES).inScenario("busy").whenScenarioStateIs("recovered")
                .willReturn(AnthropicFixtures.json(200, "answer-with-passage.json")));

        Answer answer = responder().answer(question("lawfirm_alpha", TestPacks.LEGAL, "GDPR breach notification deadline"));

        assertThat(requests()).hasSize(2);
        assertThat(answer.reply()).startsWith("Under GDPR Article 33");
        assertThat(answer.tokens()).isEqualTo(new TokenUsage(1432, 87));
    }

    @Test
    void upstream_errors_that_outlast_the_retries_are_502() {
        anthropic.stubFor(post(AnthropicFixtures.MESSAGES).willReturn(AnthropicFixtures.json(500, "api-error-500.json")));

        ApiException e = failure(() -> responder(2, Duration.ofSeconds(5))
                .answer(question("lawfirm_alpha", TestPacks.LEGAL, "GDPR breach")));

        assertThat(e.status()).isEqualTo(502);
        assertThat(e.code()).isEqualTo("upstream_error");
        assertThat(requests()).hasSize(3);
    }

    @Test
    void a_model_that_does_not_answer_in_time_is_504() {
        anthropic.stubFor(post(AnthropicFixtures.MESSAGES)
                .willReturn(AnthropicFixtures.json(200, "answer-with-passage.json").withFixedDelay(3_000)));

        ApiException e = failure(() -> responder(0, Duration.ofMillis(400))
                .answer(question("lawfirm_alpha", TestPacks.LEGAL, "GDPR breach")));

        assertThat(e.status()).isEqualTo(504);
        assertThat(e.code()).isEqualTo("upstream_timeout");
    }

    @Test
    void the_tool_loop_is_bounded_and_the_last_round_forbids_tools() {
        anthropic.stubFor(post(AnthropicFixtures.MESSAGES).willReturn(AnthropicFixtures.json(200, "tool-use-crm.json")));

        Answer answer = responder().answer(question("hospital_beta", TestPacks.HEALTHCARE, "What are our open cases?"));

        List<JsonNode> requests = requests();
        assertThat(requests).hasSize(4);
        assertThat(requests.subList(0, 3)).allMatch(r -> r.path("tool_choice").isMissingNode());
        assertThat(requests.get(3).path("tool_choice").path("type").asString()).isEqualTo("none");
        assertThat(answer.reply()).isEqualTo("I'll look up your organisation's open cases.");
        assertThat(answer.tokens()).isEqualTo(new TokenUsage(4 * 1210, 4 * 54));
    }

    @Test
    void earlier_turns_are_sent_as_messages_and_the_specialisation_as_examples() {
        anthropic.stubFor(post(AnthropicFixtures.MESSAGES).willReturn(AnthropicFixtures.json(200, "answer-with-passage.json")));
        Specialisation specialisation = new Specialisation("hospital_beta", "legal", "spec-hb-3", 3,
                List.of(new Exemplar("Who files our breach reports?", "Hospital Beta's privacy office, extension 4400.")),
                null, Instant.parse("2026-01-01T00:00:00Z"));
        List<Turn> history = List.of(new Turn(1, "What is a personal data breach?", "A breach of security...", "legal",
                Instant.parse("2026-01-02T00:00:00Z")));

        Answer answer = responder().answer(question("hospital_beta", TestPacks.LEGAL, "And how fast must it be reported?",
                history, Optional.of(specialisation)));

        JsonNode request = requests().get(0);
        assertThat(request.path("messages").findValuesAsString("role")).containsExactly("user", "assistant", "user");
        assertThat(request.path("messages").get(0).toString()).contains("What is a personal data breach?");
        assertThat(request.path("messages").get(1).toString()).contains("A breach of security...");
        assertThat(request.path("system").asString()).contains("specialisation spec-hb-3",
                "<question>Who files our breach reports?</question>", "Hospital Beta's privacy office, extension 4400.");
        assertThat(answer.citations()).extracting(Citation::reference).contains("specialisation spec-hb-3");
    }
}
