package com.smeplug.chat;

import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.smeplug.chat.knowledge.PassageIndex;
import com.smeplug.finetune.Specialisations.Exemplar;
import com.smeplug.finetune.Specialisations.Specialisation;
import com.smeplug.platform.aws.AwsClients;
import com.smeplug.platform.config.Settings;
import com.smeplug.platform.http.ApiException;
import com.smeplug.plugs.Plug;
import com.smeplug.usage.UsageMeter.TokenUsage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Real-LLM mode through Bedrock's Converse API, with the AWS SDK client the chat function builds, against a local
 * server answering with Converse's documented JSON (fixtures under chat/bedrock/): what the request carries, the
 * toolUse round trip, retries, the per-attempt timeout and failures.
 */
class BedrockResponderIT {

    static WireMockServer bedrock;
    static final PassageIndex INDEX = PassageIndex.build(TestPacks.mini());

    FakeTenantRecords records;

    @BeforeAll
    static void start() {
        bedrock = new WireMockServer(options().dynamicPort());
        bedrock.start();
    }

    @AfterAll
    static void stop() {
        bedrock.stop();
    }

    @BeforeEach
    void reset() {
        bedrock.resetAll();
        records = FakeTenantRecords.withSampleTenants();
    }

    private Responder responder(int maxRetries, int timeoutMillis) {
        Settings settings = new Settings(Map.of(
                "USE_REAL_LLM", "true",
                "BEDROCK_RUNTIME_ENDPOINT", bedrock.baseUrl(),
                "LLM_MODEL_ID", BedrockFixtures.MODEL_ID,
                "LLM_MAX_RETRIES", String.valueOf(maxRetries),
                "LLM_TIMEOUT_MS", String.valueOf(timeoutMillis),
                "LLM_DEADLINE_MS", "20000")::get);
        return new ChatConfiguration().chatResponder(settings, records, new AwsClients(settings));
    }

    private Responder responder() {
        return responder(2, 5_000);
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
        return BedrockFixtures.requests(bedrock);
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
    void the_request_is_a_signed_converse_call_carrying_persona_passages_and_tool_definitions() {
        bedrock.stubFor(BedrockFixtures.converse().willReturn(BedrockFixtures.json("answer-with-passage.json")));

        Answer answer = responder().answer(question("lawfirm_alpha", TestPacks.LEGAL,
                "How long do we have to notify a GDPR data breach?"));

        // SigV4 with the function's credentials instead of an API key; the model id is in the path
        bedrock.verify(postRequestedFor(urlPathMatching("/model/us\\.anthropic\\.claude-sonnet-4-5-20250929-v1(:|%3A)0/converse"))
                .withHeader("Authorization", matching("AWS4-HMAC-SHA256 Credential=local/.*/bedrock/aws4_request.*")));
        JsonNode request = requests().get(0);
        assertThat(request.path("inferenceConfig").path("maxTokens").asInt()).isEqualTo(1024);
        String system = request.path("system").get(0).path("text").asString();
        assertThat(system).contains("You are Legal SME", "Scope: Questions about legal topics.", "Tone: Plain and precise.",
                "You refuse: Personal advice.", "Test disclaimer for legal: information, not advice.");
        assertThat(system).contains("<passage id=\"t-legal-breach-notice\" title=\"GDPR Art. 33: notifying a personal data breach\" source=\"GDPR Art. 33\">",
                "within 72 hours of becoming aware of it");
        JsonNode tools = request.path("toolConfig").path("tools");
        assertThat(tools.findValuesAsString("name")).containsExactly("get_crm_records", "get_erp_records");
        assertThat(tools.get(0).path("toolSpec").path("inputSchema").path("json").path("type").asString()).isEqualTo("object");
        assertThat(tools.get(1).path("toolSpec").path("inputSchema").path("json").path("properties").path("kind").path("enum").toString())
                .isEqualTo("[\"materials\",\"purchase_orders\",\"all\"]");
        assertThat(request.path("messages")).hasSize(1);
        assertThat(request.path("messages").get(0).path("role").asString()).isEqualTo("user");
        assertThat(request.path("messages").get(0).path("content").get(0).path("text").asString())
                .isEqualTo("How long do we have to notify a GDPR data breach?");

        assertThat(answer.reply()).startsWith("Under GDPR Article 33");
        assertThat(answer.citations()).extracting(Citation::passageId).containsExactly("t-legal-breach-notice");
        assertThat(answer.model()).isEqualTo(BedrockFixtures.MODEL_ID);
        assertThat(answer.mockMode()).isFalse();
        assertThat(answer.tokens()).isEqualTo(new TokenUsage(1432, 87));
    }

    @Test
    void a_tenants_deployed_custom_model_is_called_for_its_plug_and_the_base_model_for_everyone_else() {
        bedrock.stubFor(BedrockFixtures.converse().willReturn(BedrockFixtures.json("answer-with-passage.json")));
        String deployment = "arn:aws:bedrock:us-east-1:123456789012:custom-model-deployment/legal7f3a9c";
        Specialisation published = new Specialisation("lawfirm_alpha", "legal", "spec-legal-lawfirm_alpha-v2", 2, List.of(),
                "arn:aws:bedrock:us-east-1:123456789012:custom-model/legal-ft-2", Instant.parse("2026-11-30T10:00:00Z"),
                deployment);
        String message = "How long do we have to notify a GDPR data breach?";

        Answer custom = responder().answer(question("lawfirm_alpha", TestPacks.LEGAL, message, List.of(), Optional.of(published)));
        Answer other = responder().answer(question("hospital_beta", TestPacks.LEGAL, message));

        // Converse takes the deployment's ARN as its model id (URL-encoded in the path), with the same retrieval context
        bedrock.verify(1, postRequestedFor(urlPathMatching(
                "/model/arn(:|%3A)aws(:|%3A)bedrock(:|%3A)us-east-1(:|%3A)123456789012(:|%3A)custom-model-deployment(/|%2F)legal7f3a9c/converse")));
        bedrock.verify(1, postRequestedFor(urlPathMatching("/model/us\\.anthropic\\.claude-sonnet-4-5-20250929-v1(:|%3A)0/converse")));
        assertThat(requests().get(0).path("system").get(0).path("text").asString())
                .contains("<passage id=\"t-legal-breach-notice\"");
        assertThat(custom.model()).isEqualTo(deployment);
        assertThat(custom.answerSource()).isEqualTo(deployment);
        assertThat(custom.citations()).extracting(Citation::passageId).contains("t-legal-breach-notice");
        assertThat(other.model()).isEqualTo(BedrockFixtures.MODEL_ID);
    }

    @Test
    void a_tool_use_turn_is_run_for_the_asking_tenant_and_answered() {
        bedrock.stubFor(BedrockFixtures.converse().inScenario("tool").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(BedrockFixtures.json("tool-use-crm.json")).willSetStateTo("tool ran"));
        bedrock.stubFor(BedrockFixtures.converse().inScenario("tool").whenScenarioStateIs("tool ran")
                .willReturn(BedrockFixtures.json("answer-after-tool.json")));

        Answer answer = responder().answer(question("hospital_beta", TestPacks.HEALTHCARE, "What are our open cases?"));

        List<JsonNode> requests = requests();
        assertThat(requests).hasSize(2);
        JsonNode messages = requests.get(1).path("messages");
        assertThat(messages).hasSize(3);
        assertThat(messages.get(1).path("role").asString()).isEqualTo("assistant");
        assertThat(messages.get(1).path("content").get(1).path("toolUse").path("toolUseId").asString())
                .isEqualTo("tooluse_kZJMlvQmRJ6eAyJE5GIl7Q");
        JsonNode result = messages.get(2).path("content").get(0).path("toolResult");
        assertThat(messages.get(2).path("role").asString()).isEqualTo("user");
        assertThat(result.path("toolUseId").asString()).isEqualTo("tooluse_kZJMlvQmRJ6eAyJE5GIl7Q");
        assertThat(result.path("status").asString()).isEqualTo("success");
        assertThat(result.path("content").get(0).path("text").asString()).contains("EHR integration setup", "Hospital Beta Health System")
                .doesNotContain("LawFirm Alpha");
        assertThat(requests.get(1).path("toolConfig").path("tools")).hasSize(2);

        assertThat(answer.reply()).contains("two open cases");
        assertThat(answer.citations()).extracting(Citation::title)
                .containsExactly("Salesforce case 00001027", "Salesforce case 00001031");
        assertThat(answer.citations()).allMatch(c -> c.source().equals("sample") && c.mockMode());
        assertThat(answer.source()).isEqualTo("sample");
        assertThat(answer.tokens()).isEqualTo(new TokenUsage(1210 + 1498, 54 + 61));
    }

    @Test
    void a_tenant_without_crm_data_gets_a_tool_error_not_another_tenants_records() {
        bedrock.stubFor(BedrockFixtures.converse().inScenario("tool").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(BedrockFixtures.json("tool-use-crm.json")).willSetStateTo("tool ran"));
        bedrock.stubFor(BedrockFixtures.converse().inScenario("tool").whenScenarioStateIs("tool ran")
                .willReturn(BedrockFixtures.json("answer-after-tool.json")));

        Answer answer = responder().answer(question("buildco_gamma", TestPacks.ENGINEERING, "What are our open cases?"));

        JsonNode result = requests().get(1).path("messages").get(2).path("content").get(0).path("toolResult");
        assertThat(result.path("status").asString()).isEqualTo("error");
        assertThat(result.path("content").toString()).contains("not_connected").doesNotContain("00001027");
        assertThat(answer.citations()).noneMatch(c -> c.kind().equals(Citation.CRM));
    }

    @Test
    void throttling_is_retried_and_the_answer_arrives() {
        bedrock.stubFor(BedrockFixtures.converse().inScenario("busy").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(BedrockFixtures.error(429, "ThrottlingException", "throttling-429.json")).willSetStateTo("recovered"));
        bedrock.stubFor(BedrockFixtures.converse().inScenario("busy").whenScenarioStateIs("recovered")
                .willReturn(BedrockFixtures.json("answer-with-passage.json")));

        Answer answer = responder().answer(question("lawfirm_alpha", TestPacks.LEGAL, "GDPR breach notification deadline"));

        assertThat(requests()).hasSize(2);
        assertThat(answer.reply()).startsWith("Under GDPR Article 33");
        assertThat(answer.tokens()).isEqualTo(new TokenUsage(1432, 87));
    }

    @Test
    void upstream_errors_that_outlast_the_retries_are_502() {
        bedrock.stubFor(BedrockFixtures.converse().willReturn(BedrockFixtures.error(500, "InternalServerException", "internal-500.json")));

        ApiException e = failure(() -> responder(2, 5_000).answer(question("lawfirm_alpha", TestPacks.LEGAL, "GDPR breach")));

        assertThat(e.status()).isEqualTo(502);
        assertThat(e.code()).isEqualTo("upstream_error");
        assertThat(requests()).hasSize(3);
    }

    @Test
    void a_model_that_does_not_answer_within_the_attempt_timeout_is_504() {
        bedrock.stubFor(BedrockFixtures.converse().willReturn(BedrockFixtures.json("answer-with-passage.json").withFixedDelay(3_000)));

        ApiException e = failure(() -> responder(0, 400).answer(question("lawfirm_alpha", TestPacks.LEGAL, "GDPR breach")));

        assertThat(e.status()).isEqualTo(504);
        assertThat(e.code()).isEqualTo("upstream_timeout");
    }

    @Test
    void the_tool_loop_is_bounded_and_the_last_round_is_told_to_answer() {
        bedrock.stubFor(BedrockFixtures.converse().willReturn(BedrockFixtures.json("tool-use-crm.json")));

        Answer answer = responder().answer(question("hospital_beta", TestPacks.HEALTHCARE, "What are our open cases?"));

        List<JsonNode> requests = requests();
        assertThat(requests).hasSize(4);
        JsonNode lastUserTurn = requests.get(3).path("messages").get(requests.get(3).path("messages").size() - 1);
        assertThat(lastUserTurn.toString()).contains("That was the last lookup: answer now with what you have.");
        assertThat(requests.get(2).path("messages").toString()).doesNotContain("That was the last lookup");
        assertThat(answer.reply()).isEqualTo("I'll look up your organisation's open cases.");
        assertThat(answer.tokens()).isEqualTo(new TokenUsage(4 * 1210, 4 * 54));
    }

    @Test
    void earlier_turns_are_sent_as_messages_and_the_specialisation_as_examples() {
        bedrock.stubFor(BedrockFixtures.converse().willReturn(BedrockFixtures.json("answer-with-passage.json")));
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
        assertThat(request.path("system").get(0).path("text").asString()).contains("specialisation spec-hb-3",
                "<question>Who files our breach reports?</question>", "Hospital Beta's privacy office, extension 4400.");
        assertThat(answer.citations()).extracting(Citation::reference).contains("specialisation spec-hb-3");
    }
}
