package com.smeplug.finetune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.smeplug.local.aws.SqsEventSource;
import com.smeplug.testing.HttpResult;
import com.smeplug.testing.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Acceptance 1: sample jobs on the local stack (dynalite + ElasticMQ) run through real delayed step messages, with a
 * poller standing in for Lambda's event source mapping.
 */
class SampleFinetuneIT {

    static TestStack stack;
    static FinetuneTestSupport finetune;
    static SqsEventSource steps;

    @BeforeAll
    static void start() {
        stack = TestStack.start("finetune-sample-it", Map.of("STEP_DELAY_SECONDS", "1"));
        finetune = new FinetuneTestSupport(stack);
        steps = finetune.eventSource("finetuneStep", "StepQueue", 2, event -> { }).start();
    }

    @AfterAll
    static void stop() {
        steps.close();
        stack.close();
    }

    @Test
    void a_job_of_50_examples_goes_queued_running_complete_with_each_steps_real_output_and_publishes_for_that_tenant_only() {
        List<Example> examples = FinetuneFixtures.legalExamples();

        HttpResult started = finetune.start("lawfirm_alpha", "legal", examples);

        assertThat(started.status()).isEqualTo(202);
        JsonNode queued = started.json();
        assertThat(queued.path("status").asString()).isEqualTo("queued");
        assertThat(queued.path("progress").asInt()).isZero();
        assertThat(queued.path("method").asString()).isEqualTo("prompt-specialisation");
        assertThat(queued.path("mock_mode").asBoolean()).isTrue();
        assertThat(queued.path("source").asString()).isEqualTo("sample");
        assertThat(queued.path("steps").findValuesAsString("name"))
                .containsExactly("validate", "split", "select", "evaluate", "publish", "complete");
        assertThat(queued.path("steps").findValuesAsString("status")).containsOnly("pending");

        String jobId = queued.path("job_id").asString();
        List<JsonNode> seen = new ArrayList<>(List.of(queued));
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(50)).until(() -> {
            JsonNode job = finetune.job("lawfirm_alpha", jobId);
            seen.add(job);
            return job.path("status").asString().matches("complete|failed|cancelled");
        });

        JsonNode done = seen.get(seen.size() - 1);
        assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("complete");
        assertThat(done.path("progress").asInt()).isEqualTo(100);
        assertThat(done.path("model_id").asString()).isEqualTo("spec-legal-lawfirm_alpha-v1");
        assertThat(done.path("error").isNull()).isTrue();
        assertThat(done.path("completed_at").asString()).isNotBlank();

        // queued -> running -> complete, never back; progress never decreases and is 100 only when complete
        List<String> statuses = seen.stream().map(j -> j.path("status").asString()).distinct().toList();
        assertThat(statuses).containsSubsequence("queued", "running", "complete").doesNotContain("failed", "cancelled");
        int last = 0;
        for (JsonNode job : seen) {
            int progress = job.path("progress").asInt();
            assertThat(progress).isGreaterThanOrEqualTo(last);
            assertThat(progress == 100).isEqualTo(job.path("status").asString().equals("complete"));
            last = progress;
        }
        assertThat(seen.stream().map(j -> j.path("progress").asInt()).distinct().toList())
                .as("progress moves once per step").containsSubsequence(0, 10, 20, 50, 75, 95, 100);

        JsonNode stepList = done.path("steps");
        assertThat(stepList.findValuesAsString("status")).containsOnly("complete");
        assertThat(detail(stepList, 0)).contains("50 examples read (1 chunk, SHA-256", "0 exact duplicates dropped",
                "50 distinct prompts");
        assertThat(detail(stepList, 1)).startsWith("train 40 / hold-out 10").contains("hold-out fingerprint");
        assertThat(detail(stepList, 2)).startsWith("selected 6 of 40 training examples").contains("examples[", "coverage 0.");
        assertThat(detail(stepList, 3)).startsWith("hold-out 10: specialised 0.").contains("vs un-specialised 0.",
                "metric: mean token-F1", "un-specialised answer = what chat answers offline for the legal plug without the "
                        + "specialisation");
        assertThat(detail(stepList, 4)).startsWith("version 1 of the legal specialisation written (spec-legal-lawfirm_alpha-v1): 6 exemplars");
        assertThat(detail(stepList, 5)).isEqualTo("chat now serves version 1 (spec-legal-lawfirm_alpha-v1, prompt-specialisation, "
                + "no deployment: exemplars in front of the base model) of the legal specialisation for lawfirm_alpha");

        // each next step ran only after its message's 1 s delay (measured between the worker's own timestamps)
        for (int i = 1; i < stepList.size(); i++) {
            Instant previousDone = Instant.parse(stepList.get(i - 1).path("completed_at").asString());
            Instant nextStarted = Instant.parse(stepList.get(i).path("started_at").asString());
            assertThat(Duration.between(previousDone, nextStarted)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
        }

        SpecialisationStore specialisations = new SpecialisationStore(stack.table());
        var published = specialisations.published("lawfirm_alpha", "legal").orElseThrow();
        assertThat(published.version()).isEqualTo(1);
        assertThat(published.modelId()).isEqualTo("spec-legal-lawfirm_alpha-v1");
        assertThat(published.customModelArn()).isNull();
        assertThat(published.exemplars()).hasSize(6);
        assertThat(examples).extracting(Example::prompt)
                .containsAll(published.exemplars().stream().map(Specialisations.Exemplar::prompt).toList());
        assertThat(specialisations.published("hospital_beta", "legal")).isEmpty();
        assertThat(specialisations.published("buildco_gamma", "legal")).isEmpty();
        assertThat(specialisations.published("lawfirm_alpha", "healthcare")).isEmpty();
    }

    @Test
    void a_second_job_publishes_the_next_version_and_the_jobs_list_shows_the_newest_first() {
        List<Example> examples = FinetuneFixtures.legalExamples();
        String first = finetune.startJob("hospital_beta", "healthcare", examples.subList(0, 25));
        awaitComplete("hospital_beta", first);
        String second = finetune.startJob("hospital_beta", "healthcare", examples.subList(25, 50));
        JsonNode done = awaitComplete("hospital_beta", second);

        assertThat(done.path("model_id").asString()).isEqualTo("spec-healthcare-hospital_beta-v2");
        var published = new SpecialisationStore(stack.table()).published("hospital_beta", "healthcare").orElseThrow();
        assertThat(published.version()).isEqualTo(2);
        assertThat(published.exemplars()).allSatisfy(e -> assertThat(examples.subList(25, 50)).contains(
                new Example(e.prompt(), e.completion())));
        JsonNode jobs = finetune.jobs("hospital_beta", "").json().path("jobs");
        assertThat(jobs.findValuesAsString("job_id")).containsExactly(second, first);
    }

    private static JsonNode awaitComplete(String tenant, String jobId) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .until(() -> finetune.job(tenant, jobId).path("status").asString().matches("complete|failed|cancelled"));
        JsonNode job = finetune.job(tenant, jobId);
        assertThat(job.path("status").asString()).as(job.toString()).isEqualTo("complete");
        return job;
    }

    private static String detail(JsonNode steps, int index) {
        return steps.get(index).path("detail").asString();
    }
}
