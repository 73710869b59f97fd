package com.smeplug.finetune;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.smeplug.local.aws.SqsEventSource;
import com.smeplug.platform.http.Json;
import com.smeplug.testing.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Acceptance 2, failures: a step that throws is redelivered by the queue and succeeds; a step that always throws ends
 * in the dead-letter queue after the template's maxReceiveCount (5) and the job reads failed with the reason. The
 * fault is the Bedrock endpoint answering 500 (the SDK's own three attempts included), with pollers on the step
 * queue and the dead-letter queue as deployed, and a 1 s visibility timeout instead of 180 s.
 */
class StepRetryIT {

    static FakeBedrock fake;
    static TestStack stack;
    static FinetuneTestSupport finetune;
    static SqsEventSource steps;
    static SqsEventSource deadLetters;
    static final List<String> stepEvents = new CopyOnWriteArrayList<>();
    static final List<String> deadLetterEvents = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        fake = new FakeBedrock();
        stack = TestStack.start("finetune-retry-it", fake.variables());
        finetune = new FinetuneTestSupport(stack);
        steps = finetune.eventSource("finetuneStep", "StepQueue", 1, stepEvents::add).start();
        deadLetters = finetune.eventSource("finetuneDeadLetter", "StepDeadLetterQueue", 1, deadLetterEvents::add).start();
    }

    @AfterAll
    static void stop() {
        steps.close();
        deadLetters.close();
        stack.close();
        fake.close();
    }

    @BeforeEach
    void freshServers() {
        fake.reset();
        fake.acceptsUploadsCreatesAndStops();
    }

    @Test
    void a_step_that_throws_once_is_redelivered_and_succeeds() {
        fake.failsThenReports(3, "job-completed.json");
        fake.deploysInTurn("deployment-active.json");

        String jobId = finetune.startJob("lawfirm_alpha", "legal", FinetuneFixtures.legalExamples());
        JsonNode job = awaitEnd("lawfirm_alpha", jobId);

        assertThat(job.path("status").asString()).as(job.toString()).isEqualTo("complete");
        assertThat(job.path("model_id").asString()).isEqualTo(FakeBedrock.MODEL_ARN);
        assertThat(job.path("steps").get(3).path("detail").asString()).startsWith("poll 1: Bedrock Completed");
        // one delivery failed (three 500s: the SDK's attempts), the redelivery of the same message succeeded
        assertThat(fake.bedrock.findAll(getRequestedFor(urlPathMatching(FakeBedrock.JOB_PATH)))).hasSize(4);
        List<JsonNode> trainDeliveries = deliveriesOf(jobId, "train");
        assertThat(trainDeliveries).hasSize(2);
        assertThat(trainDeliveries.get(0).path("messageId")).isEqualTo(trainDeliveries.get(1).path("messageId"));
        assertThat(trainDeliveries.get(1).path("attributes").path("ApproximateReceiveCount").asString()).isEqualTo("2");
    }

    @Test
    void a_step_that_always_fails_ends_in_the_dead_letter_queue_and_the_job_reads_failed_with_the_reason() {
        fake.alwaysFailsPolls();

        String jobId = finetune.startJob("hospital_beta", "legal", FinetuneFixtures.legalExamples());
        JsonNode job = awaitEnd("hospital_beta", jobId);

        assertThat(job.path("status").asString()).isEqualTo("failed");
        assertThat(job.path("error").asString())
                .startsWith("step 'train' failed on every delivery (5 attempts) and its message was moved to the dead-letter queue; "
                        + "last error: InternalServerException: An internal server error occurred. Retry your request.");
        assertThat(job.path("progress").asInt()).isEqualTo(25);
        assertThat(job.path("steps").findValuesAsString("status")).containsExactly("complete", "complete", "complete", "failed", "skipped", "skipped", "skipped");
        assertThat(deliveriesOf(jobId, "train")).hasSize(5);
        assertThat(deadLetterEvents).anySatisfy(e -> assertThat(e).contains(jobId));
        // the Bedrock job it had started is stopped rather than left training
        assertThat(fake.bedrock.findAll(postRequestedFor(urlPathMatching(FakeBedrock.STOP_PATH)))).hasSize(1);
    }

    private static JsonNode awaitEnd(String tenant, String jobId) {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                .until(() -> finetune.job(tenant, jobId).path("status").asString().matches("complete|failed|cancelled"));
        return finetune.job(tenant, jobId);
    }

    /** The SQS records the step function was given for this job's step, in delivery order. */
    private static List<JsonNode> deliveriesOf(String jobId, String step) {
        return stepEvents.stream()
                .flatMap(e -> Json.tree(e).path("Records").valueStream())
                .filter(r -> {
                    JsonNode body = Json.tree(r.path("body").asString());
                    return body.path("job_id").asString().equals(jobId) && body.path("step").asString().equals(step);
                })
                .toList();
    }
}
