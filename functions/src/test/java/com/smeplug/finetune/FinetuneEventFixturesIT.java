package com.smeplug.finetune;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.smeplug.local.aws.RepoRoot;
import com.smeplug.testing.HttpResult;
import com.smeplug.testing.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The {@code sam local invoke -e} fixtures of the finetune functions, fed through the Lambda entry point in gateway
 * auth mode (the claims API Gateway's JWT authorizer passes). Status and cancel name a job id that does not exist,
 * so they answer 404 with the error shape.
 */
class FinetuneEventFixturesIT {

    static TestStack stack;

    @BeforeAll
    static void start() {
        stack = TestStack.start("finetune-events-it", Map.of("AUTH_MODE", "gateway", "STEP_DELAY_SECONDS", "0"));
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void the_start_and_jobs_events_are_answered_2xx() throws IOException {
        HttpResult start = HttpResult.parse(stack.invokeRaw("finetuneStart", event("finetuneStart")));
        HttpResult jobs = HttpResult.parse(stack.invokeRaw("finetuneJobs", event("finetuneJobs")));

        assertThat(start.status()).as(start.body()).isEqualTo(202);
        assertThat(start.json().path("tenant_id").asString()).isEqualTo("lawfirm_alpha");
        assertThat(jobs.status()).isEqualTo(200);
        assertThat(jobs.json().path("jobs").findValuesAsString("job_id")).contains(start.json().path("job_id").asString());
    }

    @Test
    void the_status_and_cancel_events_name_a_job_that_does_not_exist_and_are_answered_404() throws IOException {
        HttpResult status = HttpResult.parse(stack.invokeRaw("finetuneStatus", event("finetuneStatus")));
        HttpResult cancel = HttpResult.parse(stack.invokeRaw("finetuneCancel", event("finetuneCancel")));

        assertThat(status.status()).isEqualTo(404);
        assertThat(status.errorCode()).isEqualTo("not_found");
        assertThat(cancel.status()).isEqualTo(404);
    }

    @Test
    void the_step_event_is_acknowledged() throws IOException {
        String response = stack.invokeRaw("finetuneStep", event("finetuneStep"));

        assertThat(response).isEqualTo("{\"batchItemFailures\":[]}");
    }

    private static String event(String definition) throws IOException {
        return Files.readString(RepoRoot.find().resolve(Path.of("infra", "events", definition + ".json")));
    }
}
