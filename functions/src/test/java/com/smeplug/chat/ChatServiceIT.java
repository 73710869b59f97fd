package com.smeplug.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import com.smeplug.billing.Entitlements;
import com.smeplug.billing.PlainBillingWiring;
import com.smeplug.finetune.Specialisations;
import com.smeplug.local.aws.LocalAws;
import com.smeplug.platform.aws.Items;
import com.smeplug.platform.aws.Table;
import com.smeplug.platform.http.ApiException;
import com.smeplug.platform.http.ApiRequest;
import com.smeplug.plugs.PlugCatalog;
import com.smeplug.samples.SampleTenantSeeder;
import com.smeplug.testing.MutableClock;
import com.smeplug.usage.UsageMeter.TokenUsage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * The chat core against a real DynamoDB protocol server (dynalite) for sessions, with in-test fakes of the other
 * features' ports: sessions, metering (reserve, record once, release on failure, replay) and follow-ups.
 */
class ChatServiceIT {

    static LocalAws aws;
    static Table table;

    MutableClock clock;
    FakeUsageMeter meter;
    FakeTenantRecords records;
    Map<String, Specialisations.Specialisation> published;
    List<Question> asked;
    AtomicReference<RuntimeException> responderFailure;
    ChatService service;
    int requests;

    @BeforeAll
    static void start() {
        aws = LocalAws.start("chat-service-it");
        table = new Table(aws.tableName(), aws.dynamoDb());
        SampleTenantSeeder.seed(table, Clock.systemUTC());
    }

    @AfterAll
    static void stop() {
        aws.close();
    }

    @BeforeEach
    void wire() {
        clock = new MutableClock(Instant.now());
        meter = new FakeUsageMeter();
        records = FakeTenantRecords.withSampleTenants();
        published = new HashMap<>();
        asked = new ArrayList<>();
        responderFailure = new AtomicReference<>();
        OfflineResponder offline = new OfflineResponder(records);
        Responder responder = question -> {
            asked.add(question);
            if (responderFailure.get() != null) {
                throw responderFailure.get();
            }
            return offline.answer(question);
        };
        Specialisations specialisations = (tenant, plug) -> Optional.ofNullable(published.get(tenant + "/" + plug));
        service = new ChatService(new ReplyEngine(PlugCatalog.load(), TestPacks.miniRetriever(), responder),
                new Entitlements(PlainBillingWiring.subscriptions(table), clock, Duration.ofDays(7)), new ChatSessions(table, clock, Duration.ofHours(72)), meter, specialisations);
    }

    private ChatResponse chat(String tenant, String body) {
        return chat(tenant, body, Map.of());
    }

    private ChatResponse chat(String tenant, String body, Map<String, String> headers) {
        ApiRequest request = new ApiRequest("gw-" + (++requests) + "-" + System.nanoTime(), "POST", "/chat", Map.of(),
                Map.of(), headers, body.getBytes(StandardCharsets.UTF_8), tenant);
        return (ChatResponse) service.handle(request).body();
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
    void a_new_session_is_created_and_continued_with_its_turns_as_context() {
        ChatResponse first = chat("lawfirm_alpha", "{\"message\":\"What must a controller do after a personal data breach?\"}");
        ChatResponse second = chat("lawfirm_alpha", "{\"message\":\"And the data subjects?\",\"session_id\":\"" + first.sessionId() + "\"}");

        assertThat(first.sessionId()).matches("[A-Za-z0-9_-]{22}");
        assertThat(second.sessionId()).isEqualTo(first.sessionId());
        assertThat(asked.get(1).history()).singleElement().satisfies(turn -> {
            assertThat(turn.number()).isEqualTo(1);
            assertThat(turn.message()).isEqualTo("What must a controller do after a personal data breach?");
            assertThat(turn.reply()).isEqualTo(first.reply());
        });
        // the short follow-up is understood through the previous question
        assertThat(second.citations().get(0).passageId()).isEqualTo("t-legal-breach-subjects");
    }

    @Test
    void turns_are_stored_under_the_tenant_with_an_expiry() {
        ChatResponse response = chat("hospital_beta", "{\"message\":\"Which HIPAA technical safeguards are required?\"}");

        var items = table.client().query(QueryRequest.builder().tableName(table.name())
                .keyConditionExpression("PK = :pk AND begins_with(SK, :sk)")
                .expressionAttributeValues(Map.of(":pk", Items.s("TENANT#hospital_beta"),
                        ":sk", Items.s("SESSION#" + response.sessionId() + "#")))
                .build()).items();
        assertThat(items).singleElement().satisfies(item -> {
            assertThat(Items.str(item, "SK")).isEqualTo("SESSION#" + response.sessionId() + "#TURN#000001");
            assertThat(Items.num(item, "expires_at", 0)).isEqualTo(clock.instant().plus(Duration.ofHours(72)).getEpochSecond());
            assertThat(Items.str(item, "plug_id")).isEqualTo("healthcare");
        });
    }

    @Test
    void another_tenants_session_id_is_not_found_and_nothing_is_metered() {
        ChatResponse hospital = chat("hospital_beta", "{\"message\":\"What are our open cases?\"}");
        int reservations = meter.reserved.size();

        ApiException e = failure(() -> chat("lawfirm_alpha",
                "{\"message\":\"What are our open cases?\",\"session_id\":\"" + hospital.sessionId() + "\"}"));

        assertThat(e.status()).isEqualTo(404);
        assertThat(e.code()).isEqualTo("session_not_found");
        assertThat(meter.reserved).hasSize(reservations);
    }

    @Test
    void an_unknown_session_id_is_not_found() {
        ApiException e = failure(() -> chat("lawfirm_alpha", "{\"message\":\"hello\",\"session_id\":\"AAAAAAAAAAAAAAAAAAAAAA\"}"));

        assertThat(e.code()).isEqualTo("session_not_found");
    }

    @Test
    void an_expired_session_is_not_found() {
        ChatResponse first = chat("lawfirm_alpha", "{\"message\":\"GDPR breach notification deadline\"}");
        clock.advance(Duration.ofHours(72).plusSeconds(1));

        ApiException e = failure(() -> chat("lawfirm_alpha",
                "{\"message\":\"And the data subjects?\",\"session_id\":\"" + first.sessionId() + "\"}"));

        assertThat(e.code()).isEqualTo("session_not_found");
    }

    @Test
    void an_answered_chat_is_metered_once_with_its_plug() {
        ChatResponse response = chat("hospital_beta", "{\"message\":\"What does W18x35 mean?\"}",
                Map.of("idempotency-key", "beam-question-1"));

        assertThat(response.activePlug()).isEqualTo("engineering");
        assertThat(meter.recorded).containsExactly(
                new FakeUsageMeter.Recorded("hospital_beta", "beam-question-1", "engineering", TokenUsage.NONE));
        assertThat(meter.released).isEmpty();
    }

    @Test
    void a_retried_request_gets_the_same_answer_and_is_counted_once() {
        ChatResponse first = chat("hospital_beta", "{\"message\":\"What are our open cases?\"}", Map.of("idempotency-key", "retry-me"));
        ChatResponse again = chat("hospital_beta", "{\"message\":\"What are our open cases?\"}", Map.of("idempotency-key", "retry-me"));

        assertThat(again).isEqualTo(first);
        assertThat(meter.recorded).hasSize(1);
        assertThat(asked).hasSize(1);
    }

    @Test
    void a_failed_answer_releases_its_reservation_and_stores_no_turn() {
        responderFailure.set(ApiException.upstream("model down", null));

        ApiException e = failure(() -> chat("lawfirm_alpha", "{\"message\":\"GDPR breach\"}", Map.of("idempotency-key", "fails-1")));

        assertThat(e.status()).isEqualTo(502);
        assertThat(meter.recorded).isEmpty();
        assertThat(meter.released).extracting(r -> r.requestId()).containsExactly("fails-1");
        assertThat(table.client().getItem(b -> b.tableName(table.name())
                .key(Items.key("TENANT#lawfirm_alpha", "CHATREQ#fails-1"))).item()).isEmpty();
    }

    @Test
    void past_the_quota_the_chat_is_429_and_no_answer_is_made() {
        meter.quota = 0;

        ApiException e = failure(() -> chat("lawfirm_alpha", "{\"message\":\"GDPR breach\"}"));

        assertThat(e.status()).isEqualTo(429);
        assertThat(asked).isEmpty();
    }

    @Test
    void invalid_input_is_refused_before_any_quota_is_reserved() {
        assertThat(failure(() -> chat("lawfirm_alpha", "{\"message\":\"\"}")).status()).isEqualTo(400);
        assertThat(failure(() -> chat("lawfirm_alpha", "{\"message\":\"hi\",\"active_plug\":\"astrology\"}")).status()).isEqualTo(400);
        assertThat(failure(() -> chat("lawfirm_alpha", "{\"message\":\"hi\",\"active_plug\":\"healthcare\"}")).code())
                .isEqualTo("plug_not_subscribed");
        assertThat(meter.reserved).isEmpty();
    }

    @Test
    void a_published_specialisation_changes_the_answer_for_its_tenant_only() {
        published.put("hospital_beta/legal", new Specialisations.Specialisation("hospital_beta", "legal",
                "spec-hb-1", 1, List.of(new Specialisations.Exemplar("How fast must we report a patient data breach?",
                        "Hospital Beta's privacy office files the report within 24 hours; call extension 4400.")), null,
                Instant.now()));
        String body = "{\"message\":\"How fast must we report a patient data breach?\",\"active_plug\":\"legal\"}";

        ChatResponse hospital = chat("hospital_beta", body);
        ChatResponse lawfirm = chat("lawfirm_alpha", body);

        assertThat(hospital.reply()).startsWith("Hospital Beta's privacy office files the report within 24 hours");
        assertThat(hospital.citations()).extracting(Citation::reference).containsExactly("specialisation spec-hb-1");
        assertThat(lawfirm.reply()).doesNotContain("Hospital Beta");
        assertThat(lawfirm.citations()).extracting(Citation::passageId).contains("t-legal-breach-notice");
    }

    @Test
    void the_model_a_real_responder_calls_is_the_custom_deployment_for_that_tenant_and_plug_only() {
        String deployment = "arn:aws:bedrock:us-east-1:123456789012:custom-model-deployment/hb-legal";
        published.put("hospital_beta/legal", new Specialisations.Specialisation("hospital_beta", "legal",
                "arn:aws:bedrock:us-east-1:123456789012:custom-model/hb-legal", 2, List.of(),
                "arn:aws:bedrock:us-east-1:123456789012:custom-model/hb-legal", Instant.now(), deployment));

        chat("hospital_beta", "{\"message\":\"How fast must we report a data breach?\",\"active_plug\":\"legal\"}");
        chat("hospital_beta", "{\"message\":\"How fast must we report a data breach?\",\"active_plug\":\"healthcare\"}");
        chat("lawfirm_alpha", "{\"message\":\"How fast must we report a data breach?\",\"active_plug\":\"legal\"}");

        assertThat(asked).extracting(q -> q.tenantId() + "/" + q.plug().plugId() + " -> " + q.modelId("base-model"))
                .containsExactly("hospital_beta/legal -> " + deployment, "hospital_beta/healthcare -> base-model",
                        "lawfirm_alpha/legal -> base-model");
    }
}
