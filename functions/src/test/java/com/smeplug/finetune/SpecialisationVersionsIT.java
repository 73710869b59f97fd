package com.smeplug.finetune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.smeplug.finetune.Specialisations.Exemplar;
import com.smeplug.finetune.Specialisations.Specialisation;
import com.smeplug.hardening.RouteMatrix;
import com.smeplug.local.aws.ApiEvent;
import com.smeplug.local.aws.SqsEventSource;
import com.smeplug.platform.http.Json;
import com.smeplug.testing.HttpResult;
import com.smeplug.testing.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Versions of a tenant's specialisation, end to end through the step queue and the chat function: a job that fails or
 * is cancelled changes nothing chat serves, a completed one becomes the served version, and an admin's activation of
 * an earlier version is what the very next chat request serves.
 */
class SpecialisationVersionsIT {

    static final String TENANT = "hospital_beta";
    static final String PLUG = "legal";

    static TestStack stack;
    static SqsEventSource steps;
    static SpecialisationStore store;

    @BeforeAll
    static void start() {
        stack = TestStack.start("spec-versions-it", Map.of("STEP_DELAY_SECONDS", "0"));
        String queue = stack.aws().queueUrl("StepQueue");
        steps = new SqsEventSource(stack.aws().sqs(), queue, SqsEventSource.queueArn(stack.aws().sqs(), queue), 10, 2,
                event -> stack.invokeRaw("finetuneStep", event)).start();
        store = new SpecialisationStore(stack.table());
    }

    @AfterAll
    static void stop() {
        steps.close();
        stack.close();
        System.clearProperty("STEP_DELAY_SECONDS");
    }

    @Test
    void failed_and_cancelled_jobs_leave_the_served_version_and_activation_rolls_back_on_the_next_request() {
        Specialisation first = finish(start("/chat/specialisation/hospital-beta-legal-examples.json"), "complete");
        Exemplar asked = first.exemplars().get(0);
        assertServes(asked.prompt(), first, asked.completion());

        // a job that fails at validation, and one cancelled before it runs: version 1 stays active and served
        finish(start("/finetune/versions/three-distinct-prompts.json"), "failed");
        String cancelled = start("/chat/specialisation/hospital-beta-legal-examples.json");
        HttpResult cancel = stack.invoke("finetuneCancel", RouteMatrix.jobCancel(cancelled).bearer(stack.token(TENANT)));
        assertThat(cancel.status()).as(cancel.body()).isEqualTo(200);
        assertThat(awaitFinished(cancelled).path("status").asString()).isEqualTo("cancelled");
        assertServes(asked.prompt(), first, asked.completion());
        assertThat(models()).singleElement().satisfies(m -> {
            assertThat(m.path("version").asInt()).isEqualTo(first.version());
            assertThat(m.path("active").asBoolean()).isTrue();
        });

        // a completed second job is served from the next request on
        Specialisation second = finish(start("/finetune/versions/hospital-beta-legal-examples-v2.json"), "complete");
        Exemplar secondAsked = second.exemplars().stream().filter(e -> e.prompt().equals(asked.prompt())).findFirst()
                .orElse(second.exemplars().get(0));
        assertServes(secondAsked.prompt(), second, secondAsked.completion());
        assertThat(chat(asked.prompt()).path("reply").asString()).doesNotStartWith(asked.completion());

        List<JsonNode> listed = models();
        assertThat(listed).extracting(m -> m.path("version").asInt()).containsExactly(second.version(), first.version());
        assertThat(listed).extracting(m -> m.path("active").asBoolean()).containsExactly(true, false);
        assertThat(listed.get(0).path("plug_id").asString()).isEqualTo(PLUG);
        assertThat(listed.get(0).path("method").asString()).isEqualTo(PromptSpecialisationMethod.NAME);
        assertThat(listed.get(0).path("score").isNumber()).isTrue();
        assertThat(listed.get(0).path("created_at").asString()).isNotBlank();

        // rollback: the next request serves version 1 again
        HttpResult rolledBack = stack.invoke("finetuneActivate", ApiEvent.of("POST", "/finetune/models/" + first.version()
                + "/activate").routeKey("POST /finetune/models/{version}/activate")
                .pathParameter("version", Integer.toString(first.version())).bearer(stack.token(TENANT)));
        assertThat(rolledBack.status()).as(rolledBack.body()).isEqualTo(200);
        assertThat(rolledBack.json().path("active").asBoolean()).isTrue();
        assertServes(asked.prompt(), first, asked.completion());
        assertThat(models()).extracting(m -> m.path("active").asBoolean()).containsExactly(false, true);
    }

    @Test
    void chat_gives_the_answer_the_evaluation_scored_for_every_hold_out_prompt() {
        String tenant = "lawfirm_alpha";
        String body = "{\"plug_id\":\"" + PLUG + "\",\"examples\":" + resource("/finetune/legal-examples-50.json") + "}";
        HttpResult started = stack.invoke("finetuneStart", ApiEvent.post("/finetune", body).bearer(stack.token(tenant)));
        JsonNode job = awaitFinished(started.json().path("job_id").asString(), tenant);
        assertThat(job.path("status").asString()).as(job.toString()).isEqualTo("complete");
        Specialisation published = store.published(tenant, PLUG).orElseThrow();

        List<Example> examples = FinetuneFixtures.legalExamples();
        HoldoutSplit.Split split = HoldoutSplit.of(examples, PromptSpecialisationMethod.distinct(examples));
        int matched = 0;
        for (int h : split.holdout()) {
            String prompt = examples.get(h).prompt();
            var evaluated = published.answerFor(prompt);
            JsonNode reply = chat(tenant, prompt);
            List<String> kinds = reply.path("citations").findValuesAsString("kind");
            if (evaluated.isPresent()) {
                matched++;
                assertThat(reply.path("reply").asString()).as(prompt).startsWith(evaluated.get().exemplar().completion().strip());
                assertThat(kinds).as(prompt).containsExactly("specialisation");
            }
            else {
                assertThat(kinds).as(prompt + " -> " + reply).doesNotContain("specialisation");
            }
        }
        String evaluateDetail = java.util.stream.StreamSupport.stream(job.path("steps").spliterator(), false)
                .filter(step -> step.path("name").asString().equals("evaluate")).findFirst().orElseThrow()
                .path("detail").asString();
        assertThat(evaluateDetail).contains("matched for " + matched + " of " + split.holdout().size() + " prompts");
    }

    @Test
    void a_version_whose_job_never_completed_is_neither_listed_nor_activatable() {
        String tenant = "buildco_gamma";
        int version = store.allocateVersion(tenant, "engineering");
        store.writeVersion(new SpecialisationStore.Publication(new Specialisation(tenant, "engineering", "spec-unready",
                version, List.of(new Exemplar("q", "a")), null, java.time.Instant.now()), "ft-unready", "prompt-specialisation",
                Map.of()));

        HttpResult activate = stack.invoke("finetuneActivate", RouteMatrix.modelActivate(Integer.toString(version),
                "engineering").bearer(stack.token(tenant)));
        HttpResult listed = stack.invoke("finetuneModels", ApiEvent.get("/finetune/models").bearer(stack.token(tenant)));

        assertThat(activate.status()).as(activate.body()).isEqualTo(404);
        assertThat(listed.json().path("models").size()).isZero();
        assertThat(store.published(tenant, "engineering")).isEmpty();
    }

    @Test
    void activation_is_for_admins_and_names_a_published_version() {
        HttpResult member = stack.invoke("finetuneActivate", RouteMatrix.modelActivate("1", PLUG)
                .bearer(stack.token("lawfirm_alpha", "member")));
        HttpResult noPlug = stack.invoke("finetuneActivate", ApiEvent.of("POST", "/finetune/models/77/activate")
                .routeKey("POST /finetune/models/{version}/activate").pathParameter("version", "77")
                .bearer(stack.token("lawfirm_alpha")));
        HttpResult notANumber = stack.invoke("finetuneActivate", RouteMatrix.modelActivate("v1", PLUG)
                .bearer(stack.token("lawfirm_alpha")));

        assertThat(member.status()).isEqualTo(403);
        assertThat(noPlug.status()).as("lawfirm_alpha has no version 77 of any plug").isEqualTo(404);
        assertThat(notANumber.status()).isEqualTo(404);
    }

    private static void assertServes(String prompt, Specialisation version, String completion) {
        JsonNode reply = chat(prompt);
        assertThat(reply.path("reply").asString()).as(reply.toString()).startsWith(completion);
        assertThat(reply.path("citations").get(0).path("reference").asString()).isEqualTo("specialisation " + version.modelId());
    }

    private static JsonNode chat(String message) {
        return chat(TENANT, message);
    }

    private static JsonNode chat(String tenant, String message) {
        HttpResult result = stack.invoke("chat", ApiEvent.post("/chat",
                Json.write(Map.of("message", message, "active_plug", PLUG))).bearer(stack.token(tenant)));
        assertThat(result.status()).as(result.body()).isEqualTo(200);
        return result.json();
    }

    private static List<JsonNode> models() {
        HttpResult result = stack.invoke("finetuneModels", ApiEvent.get("/finetune/models")
                .bearer(stack.token(TENANT, "member")));
        assertThat(result.status()).as(result.body()).isEqualTo(200);
        return java.util.stream.StreamSupport.stream(result.json().path("models").spliterator(), false).toList();
    }

    private static String start(String examplesResource) {
        String body = "{\"plug_id\":\"" + PLUG + "\",\"examples\":" + resource(examplesResource) + "}";
        HttpResult started = stack.invoke("finetuneStart", ApiEvent.post("/finetune", body).bearer(stack.token(TENANT)));
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        return started.json().path("job_id").asString();
    }

    private static Specialisation finish(String jobId, String expected) {
        assertThat(awaitFinished(jobId).path("status").asString()).isEqualTo(expected);
        return store.published(TENANT, PLUG).orElseThrow();
    }

    private static JsonNode awaitFinished(String jobId) {
        return awaitFinished(jobId, TENANT);
    }

    private static JsonNode awaitFinished(String jobId, String tenant) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
            last[0] = stack.invoke("finetuneStatus", RouteMatrix.jobStatus(jobId).bearer(stack.token(tenant))).json();
            return List.of("complete", "failed", "cancelled").contains(last[0].path("status").asString());
        });
        return last[0];
    }

    private static String resource(String name) {
        try (InputStream in = SpecialisationVersionsIT.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
