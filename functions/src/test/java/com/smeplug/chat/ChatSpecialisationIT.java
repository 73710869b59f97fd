package com.smeplug.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import com.smeplug.finetune.PlainFinetuneWiring;
import com.smeplug.finetune.Specialisations.Exemplar;
import com.smeplug.finetune.Specialisations.Specialisation;
import com.smeplug.local.aws.ApiEvent;
import com.smeplug.local.aws.SqsEventSource;
import com.smeplug.testing.HttpResult;
import com.smeplug.testing.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A specialisation made for real by the fine-tune feature (a sample job run through its delayed step messages)
 * changes the chat answers of that tenant and plug only.
 */
class ChatSpecialisationIT {

    static TestStack stack;
    static ChatRequests client;
    static SqsEventSource steps;
    static Specialisation published;

    @BeforeAll
    static void start() {
        stack = TestStack.start("chat-spec-it", Map.of("STEP_DELAY_SECONDS", "0"));
        client = new ChatRequests(stack);
        String queue = stack.aws().queueUrl("StepQueue");
        steps = new SqsEventSource(stack.aws().sqs(), queue, SqsEventSource.queueArn(stack.aws().sqs(), queue), 10, 2,
                event -> stack.invokeRaw("finetuneStep", event)).start();
        published = publish("hospital_beta", "legal", "/chat/specialisation/hospital-beta-legal-examples.json");
    }

    @AfterAll
    static void stop() {
        steps.close();
        stack.close();
        System.clearProperty("STEP_DELAY_SECONDS"); // see ChatQuotaIT: TestStack.close() may put ours back
    }

    /** Starts a sample fine-tune job and waits until its last step has published the specialisation. */
    private static Specialisation publish(String tenant, String plug, String examplesResource) {
        String body = "{\"plug_id\":\"" + plug + "\",\"examples\":" + resource(examplesResource) + "}";
        HttpResult started = stack.invoke("finetuneStart", ApiEvent.post("/finetune", body).bearer(stack.token(tenant)));
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        String jobId = started.json().path("job_id").asString();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
            JsonNode job = stack.invoke("finetuneStatus", ApiEvent.get("/finetune/status/" + jobId)
                    .routeKey("GET /finetune/status/{job_id}").pathParameter("job_id", jobId)
                    .bearer(stack.token(tenant))).json();
            assertThat(job.path("status").asString()).as(job.toString()).isNotIn("failed", "cancelled");
            return job.path("status").asString().equals("complete");
        });
        return PlainFinetuneWiring.specialisations(stack.table()).published(tenant, plug).orElseThrow();
    }

    private static String resource(String name) {
        try (InputStream in = ChatSpecialisationIT.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void a_question_like_a_published_exemplar_gets_the_tenants_answer_and_cites_the_specialisation() {
        Exemplar exemplar = published.exemplars().get(0);

        HttpResult result = client.chat("hospital_beta", exemplar.prompt(), null, "legal");

        assertThat(result.status()).as(result.body()).isEqualTo(200);
        assertThat(result.json().path("reply").asString()).startsWith(exemplar.completion());
        JsonNode citation = result.json().path("citations").get(0);
        assertThat(citation.path("source").asString()).isEqualTo("specialisation");
        assertThat(citation.path("reference").asString()).isEqualTo("specialisation " + published.modelId());
        assertThat(citation.path("mock_mode").asBoolean()).isFalse();
        assertThat(citation.path("kind").asString()).isEqualTo("specialisation");
    }

    @Test
    void another_tenant_asking_the_same_gets_the_knowledge_pack_answer() {
        Exemplar exemplar = published.exemplars().get(0);

        HttpResult hospital = client.chat("hospital_beta", exemplar.prompt(), null, "legal");
        HttpResult lawfirm = client.chat("lawfirm_alpha", exemplar.prompt(), null, "legal");

        assertThat(lawfirm.status()).isEqualTo(200);
        assertThat(lawfirm.json().path("reply").asString()).isNotEqualTo(hospital.json().path("reply").asString())
                .doesNotContain("Hospital Beta");
        assertThat(lawfirm.json().path("citations").findValuesAsString("kind")).doesNotContain("specialisation");
    }

    @Test
    void the_same_tenant_on_another_plug_is_not_specialised() {
        Exemplar exemplar = published.exemplars().get(0);

        HttpResult healthcare = client.chat("hospital_beta", exemplar.prompt(), null, "healthcare");

        assertThat(healthcare.json().path("citations").findValuesAsString("kind")).doesNotContain("specialisation");
    }
}
