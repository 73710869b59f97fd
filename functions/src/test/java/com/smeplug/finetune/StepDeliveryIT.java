package com.smeplug.finetune;

import static com.smeplug.finetune.FinetuneTestSupport.failures;
import static com.smeplug.finetune.FinetuneTestSupport.withBody;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import com.smeplug.platform.aws.Items;
import com.smeplug.platform.http.Json;
import com.smeplug.testing.HttpResult;
import com.smeplug.testing.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import tools.jackson.databind.JsonNode;

/**
 * Acceptance 2 (sample method): step messages fed by hand through the Lambda entry point as SQS events, duplicated,
 * stale and ahead of time, the way an at-least-once queue may deliver them. No poller runs in this class.
 */
class StepDeliveryIT {

    static TestStack stack;
    static FinetuneTestSupport finetune;
    static final List<Example> EXAMPLES = FinetuneFixtures.legalExamples();

    @BeforeAll
    static void start() {
        stack = TestStack.start("finetune-delivery-it", Map.of("STEP_DELAY_SECONDS", "0"));
        finetune = new FinetuneTestSupport(stack);
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    /** Each test starts from an empty step queue (a test may leave the next message of its job behind). */
    @BeforeEach
    void emptyTheStepQueue() {
        finetune.drain("StepQueue");
    }

    @Test
    void every_message_delivered_twice_with_stale_and_early_ones_gives_the_same_job_with_each_step_applied_once() {
        String reference = finetune.startJob("hospital_beta", "legal", EXAMPLES);
        while (!terminal(finetune.job("hospital_beta", reference))) {
            assertThat(failures(finetune.deliver("finetuneStep", List.of(finetune.takeOnlyStepMessage())))).isEmpty();
        }

        String jobId = finetune.startJob("lawfirm_alpha", "legal", EXAMPLES);
        List<Message> delivered = new ArrayList<>();
        List<Integer> progress = new ArrayList<>();
        JsonNode job = finetune.job("lawfirm_alpha", jobId);
        while (!terminal(job)) {
            Message current = finetune.takeOnlyStepMessage();
            List<Message> batch = new ArrayList<>();
            JsonNode body = Json.tree(current.body());
            int seq = body.path("seq").asInt();
            if (seq + 1 < job.path("steps").size()) {
                // the message for the step after this one, arriving before this one is applied
                String early = Json.write(Map.of("job_id", jobId, "tenant_id", "lawfirm_alpha",
                        "step", job.path("steps").get(seq + 1).path("name").asString(), "step_index", seq + 1, "seq", seq + 1));
                batch.add(withBody(current, "early-" + seq, early));
            }
            batch.add(current);
            batch.add(current);
            List<Message> stale = new ArrayList<>(delivered);
            Collections.reverse(stale);
            batch.addAll(stale);

            assertThat(failures(finetune.deliver("finetuneStep", batch))).as("duplicates are acknowledged, not failed").isEmpty();
            assertThat(failures(finetune.deliver("finetuneStep", List.of(current)))).isEmpty();

            delivered.add(current);
            job = finetune.job("lawfirm_alpha", jobId);
            progress.add(job.path("progress").asInt());
        }

        JsonNode expected = finetune.job("hospital_beta", reference);
        assertThat(job.path("status").asString()).isEqualTo("complete");
        assertThat(delivered).as("one message per step, none sent twice").hasSize(6);
        assertThat(progress).containsExactly(10, 20, 50, 75, 95, 100);
        assertThat(job.path("model_id").asString()).isEqualTo("spec-legal-lawfirm_alpha-v1");
        for (int i = 0; i < 6; i++) {
            JsonNode step = job.path("steps").get(i);
            JsonNode same = expected.path("steps").get(i);
            assertThat(step.path("status").asString()).isEqualTo("complete");
            assertThat(step.path("detail").asString())
                    .isEqualTo(same.path("detail").asString().replace("hospital_beta", "lawfirm_alpha"));
        }
        SpecialisationStore specialisations = new SpecialisationStore(stack.table());
        assertThat(specialisations.published("lawfirm_alpha", "legal").orElseThrow().version()).isEqualTo(1);
        assertThat(specialisations.version("lawfirm_alpha", "legal", 2)).as("published once").isEmpty();
    }

    @Test
    void cancel_mid_run_stops_the_job_at_its_next_step() {
        String jobId = finetune.startJob("buildco_gamma", "engineering", EXAMPLES);
        finetune.deliver("finetuneStep", List.of(finetune.takeOnlyStepMessage()));
        finetune.deliver("finetuneStep", List.of(finetune.takeOnlyStepMessage()));
        Message next = finetune.takeOnlyStepMessage();

        HttpResult cancelled = finetune.cancel("buildco_gamma", jobId);

        assertThat(cancelled.status()).isEqualTo(200);
        JsonNode job = cancelled.json();
        assertThat(job.path("status").asString()).isEqualTo("cancelled");
        assertThat(job.path("progress").asInt()).isEqualTo(20);
        assertThat(job.path("steps").findValuesAsString("status"))
                .containsExactly("complete", "complete", "cancelled", "skipped", "skipped", "skipped");

        assertThat(failures(finetune.deliver("finetuneStep", List.of(next)))).isEmpty();
        assertThat(finetune.job("buildco_gamma", jobId)).isEqualTo(job);
        assertThat(finetune.messagesOn("StepQueue")).isZero();
        assertThat(new SpecialisationStore(stack.table()).published("buildco_gamma", "engineering")).isEmpty();
        HttpResult again = finetune.cancel("buildco_gamma", jobId);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.errorCode()).isEqualTo("job_finished");
    }

    @Test
    void once_the_last_step_has_started_the_job_can_no_longer_be_cancelled() {
        String jobId = finetune.startJob("hospital_beta", "engineering", EXAMPLES);
        for (int i = 0; i < 5; i++) {
            finetune.deliver("finetuneStep", List.of(finetune.takeOnlyStepMessage()));
        }
        Message last = finetune.takeOnlyStepMessage();
        // what the worker records when it begins the last step (its start write), before it publishes
        stack.table().client().updateItem(b -> b.tableName(stack.table().name())
                .key(Items.key("TENANT#hospital_beta", "FTJOB#" + jobId))
                .updateExpression("SET steps[5].#status = :running, attempts = :one")
                .expressionAttributeNames(Map.of("#status", "status"))
                .expressionAttributeValues(Map.of(":running", Items.s("running"), ":one", Items.n(1))));

        HttpResult refused = finetune.cancel("hospital_beta", jobId);

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.errorCode()).isEqualTo("job_finishing");
        finetune.deliver("finetuneStep", List.of(last));
        assertThat(finetune.job("hospital_beta", jobId).path("status").asString()).isEqualTo("complete");
    }

    @Test
    void a_redelivered_step_whose_next_message_was_never_sent_sends_it_and_the_job_completes() {
        String jobId = finetune.startJob("hospital_beta", "healthcare", EXAMPLES);
        Message first = finetune.takeOnlyStepMessage();
        finetune.deliver("finetuneStep", List.of(first));
        // as if the worker stopped after recording the step and before sending the next message
        finetune.takeOnlyStepMessage();
        markNextNotEnqueued("hospital_beta", jobId);
        assertThat(finetune.messagesOn("StepQueue")).isZero();

        assertThat(failures(finetune.deliver("finetuneStep", List.of(first)))).isEmpty();

        Message resent = finetune.takeOnlyStepMessage();
        assertThat(Json.tree(resent.body()).path("step").asString()).isEqualTo("split");
        finetune.deliver("finetuneStep", List.of(resent));
        while (!terminal(finetune.job("hospital_beta", jobId))) {
            finetune.deliver("finetuneStep", List.of(finetune.takeOnlyStepMessage()));
        }
        assertThat(finetune.job("hospital_beta", jobId).path("status").asString()).isEqualTo("complete");
    }

    @Test
    void a_dead_lettered_message_whose_successor_was_never_sent_fails_the_job_saying_so() {
        String jobId = finetune.startJob("buildco_gamma", "engineering", EXAMPLES);
        Message first = finetune.takeOnlyStepMessage();
        finetune.deliver("finetuneStep", List.of(first));
        finetune.takeOnlyStepMessage();
        markNextNotEnqueued("buildco_gamma", jobId);

        assertThat(failures(finetune.deliver("finetuneDeadLetter", List.of(first)))).isEmpty();

        JsonNode job = finetune.job("buildco_gamma", jobId);
        assertThat(job.path("status").asString()).isEqualTo("failed");
        assertThat(job.path("error").asString()).isEqualTo("the message for step 'split' could not be queued after step "
                + "'validate' completed; its message was moved to the dead-letter queue");
        assertThat(job.path("progress").asInt()).isEqualTo(10);
    }

    @Test
    void a_malformed_message_is_reported_alone_and_the_rest_of_the_batch_is_applied() {
        String jobId = finetune.startJob("hospital_beta", "healthcare", EXAMPLES);
        Message step = finetune.takeOnlyStepMessage();
        Message garbage = withBody(step, "garbage", "{\"not\":\"a step\"}");
        Message unknownJob = withBody(step, "unknown", Json.write(Map.of("job_id", "ft-0000000000000-00000000",
                "tenant_id", "hospital_beta", "step", "validate", "step_index", 0, "seq", 0)));

        JsonNode response = finetune.deliver("finetuneStep", List.of(garbage, step, unknownJob));

        assertThat(failures(response)).containsExactly("garbage");
        assertThat(finetune.job("hospital_beta", jobId).path("steps").get(0).path("status").asString()).isEqualTo("complete");
    }

    @Test
    void a_step_message_naming_another_tenant_changes_nothing() {
        String jobId = finetune.startJob("lawfirm_alpha", "legal", EXAMPLES);
        Message step = finetune.takeOnlyStepMessage();
        Message otherTenant = withBody(step, "other-tenant", step.body().replace("lawfirm_alpha", "hospital_beta"));

        assertThat(failures(finetune.deliver("finetuneStep", List.of(otherTenant)))).isEmpty();

        assertThat(finetune.job("lawfirm_alpha", jobId).path("status").asString()).isEqualTo("queued");
        assertThat(finetune.status("hospital_beta", jobId).status()).isEqualTo(404);
    }

    private static void markNextNotEnqueued(String tenant, String jobId) {
        stack.table().client().updateItem(b -> b.tableName(stack.table().name())
                .key(Items.key("TENANT#" + tenant, "FTJOB#" + jobId))
                .updateExpression("SET next_enqueued = :false")
                .expressionAttributeValues(Map.of(":false", Items.bool(false))));
    }

    private static boolean terminal(JsonNode job) {
        return job.path("status").asString().matches("complete|failed|cancelled");
    }
}
