package com.smeplug.finetune;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import com.smeplug.local.aws.ApiEvent;
import com.smeplug.platform.http.Json;
import com.smeplug.testing.HttpResult;
import com.smeplug.testing.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import tools.jackson.databind.JsonNode;

/** The finetune routes at the wire: input rules, tenant isolation, listing, and the first step message. No poller runs. */
class FinetuneApiIT {

    static TestStack stack;
    static FinetuneTestSupport finetune;
    static final List<Example> EXAMPLES = FinetuneFixtures.legalExamples();

    @BeforeAll
    static void start() {
        stack = TestStack.start("finetune-api-it", Map.of("STEP_DELAY_SECONDS", "0"));
        finetune = new FinetuneTestSupport(stack);
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void starting_a_job_answers_202_with_the_queued_job_and_sends_its_first_step_message() {
        finetune.drain("StepQueue");
        HttpResult result = stack.invoke("finetuneStart", ApiEvent.post("/finetune", FinetuneTestSupport.startBody("legal", EXAMPLES))
                .bearer(stack.token("lawfirm_alpha")).header("cookie", "session=secret"));

        assertThat(result.status()).isEqualTo(202);
        assertThat(result.header("content-type")).isEqualTo("application/json; charset=utf-8");
        assertThat(result.headers()).doesNotContainKeys("authorization", "cookie", "id", "timestamp");
        JsonNode job = result.json();
        assertThat(job.path("job_id").asString()).matches("ft-\\d{13}-[0-9a-f]{8}");
        assertThat(job.path("tenant_id").asString()).isEqualTo("lawfirm_alpha");
        assertThat(job.path("plug_id").asString()).isEqualTo("legal");
        assertThat(job.path("example_count").asInt()).isEqualTo(50);
        assertThat(job.propertyNames()).contains("job_id", "tenant_id", "plug_id", "status", "progress", "method", "steps",
                "model_id", "started_at", "completed_at", "error", "mock_mode");
        assertThat(job.path("model_id").isNull()).isTrue();

        Message first = finetune.takeOnlyStepMessage();
        assertThat(Json.tree(first.body())).isEqualTo(Json.tree("{\"job_id\":\"" + job.path("job_id").asString()
                + "\",\"tenant_id\":\"lawfirm_alpha\",\"step\":\"validate\",\"step_index\":0,\"seq\":0}"));
        assertThat(first.messageAttributes().get("step").dataType()).isEqualTo("String");
        assertThat(first.messageAttributes().get("job_id").stringValue()).isEqualTo(job.path("job_id").asString());
    }

    @Test
    void an_unknown_plug_is_a_400_naming_the_plugs() {
        HttpResult result = finetune.start("lawfirm_alpha", "astrology", EXAMPLES);

        assertThat(result.status()).isEqualTo(400);
        assertThat(result.errorCode()).isEqualTo("invalid_request");
        assertThat(result.json().path("error").path("message").asString())
                .isEqualTo("unknown plug_id 'astrology' (one of legal, healthcare, engineering)");
    }

    @Test
    void a_long_unknown_plug_is_echoed_only_in_part() {
        HttpResult result = finetune.start("lawfirm_alpha", "x".repeat(5_000), EXAMPLES);

        assertThat(result.status()).isEqualTo(400);
        assertThat(result.json().path("error").path("message").asString())
                .isEqualTo("unknown plug_id '" + "x".repeat(40) + "…' (one of legal, healthcare, engineering)");
    }

    @Test
    void too_few_examples_is_a_400_naming_the_minimum() {
        HttpResult result = finetune.start("lawfirm_alpha", "legal", EXAMPLES.subList(0, 9));

        assertThat(result.status()).isEqualTo(400);
        assertThat(result.json().path("error").path("message").asString()).isEqualTo("at least 10 examples are needed, got 9");
    }

    @Test
    void too_many_examples_is_a_400_naming_the_maximum() {
        HttpResult result = finetune.start("lawfirm_alpha", "legal", Collections.nCopies(10_001, new Example("q", "a")));

        assertThat(result.status()).isEqualTo(400);
        assertThat(result.json().path("error").path("message").asString()).isEqualTo("at most 10000 examples are accepted, got 10001");
    }

    @Test
    void an_oversized_completion_is_a_413_naming_the_limit() {
        List<Example> examples = new ArrayList<>(EXAMPLES);
        examples.set(12, new Example("What is a tort?", "x".repeat(8_001)));

        HttpResult result = finetune.start("lawfirm_alpha", "legal", examples);

        assertThat(result.status()).isEqualTo(413);
        assertThat(result.errorCode()).isEqualTo("payload_too_large");
        assertThat(result.json().path("error").path("message").asString())
                .isEqualTo("examples[12].completion is 8001 characters; the limit is 8000");
    }

    @Test
    void a_body_over_the_request_limit_is_a_413_naming_it() {
        List<Example> examples = Collections.nCopies(1_300, new Example("p".repeat(3_900), "c".repeat(100)));

        HttpResult result = finetune.start("lawfirm_alpha", "legal", examples);

        assertThat(result.status()).isEqualTo(413);
        assertThat(result.json().path("error").path("message").asString()).isEqualTo("request body is larger than 5000000 bytes");
    }

    @Test
    void wrong_shapes_are_400s_and_never_500s() {
        String token = stack.token("lawfirm_alpha");
        List<String> bodies = List.of(
                "{\"plug_id\":\"legal\"}",
                "{\"plug_id\":\"legal\",\"examples\":[" + "{\"prompt\":\"q\"},".repeat(10) + "{\"prompt\":\"q\"}]}",
                "{\"plug_id\":\"legal\",\"examples\":[{\"prompt\":42,\"completion\":\"a\"}]}",
                "{\"plug_id\":\"legal\",\"examples\":\"many\"}",
                "{\"plug_id\":\"legal\",\"dataset_uri\":\"s3://bucket/data.jsonl\"}",
                "{\"examples\":[]}",
                "{\"plug_id\":",
                "null",
                "\"examples\"");
        // A JSON array body is left out: the AWS adapter (5.0.5) unwraps it before any function runs (reported).
        for (String body : bodies) {
            HttpResult result = stack.invoke("finetuneStart", ApiEvent.post("/finetune", body).bearer(token));
            assertThat(result.status()).as(body).isEqualTo(400);
            assertThat(result.errorCode()).as(body).isIn("invalid_request", "malformed_json");
        }
    }

    @Test
    void another_tenants_job_is_not_found_on_status_and_cancel() {
        String jobId = finetune.startJob("lawfirm_alpha", "legal", EXAMPLES);

        HttpResult status = finetune.status("hospital_beta", jobId);
        HttpResult cancel = finetune.cancel("hospital_beta", jobId);

        assertThat(status.status()).isEqualTo(404);
        assertThat(status.errorCode()).isEqualTo("not_found");
        assertThat(cancel.status()).isEqualTo(404);
        assertThat(finetune.job("lawfirm_alpha", jobId).path("status").asString()).isEqualTo("queued");
    }

    @Test
    void a_malformed_job_id_is_not_found() {
        assertThat(finetune.status("lawfirm_alpha", "../../PROFILE").status()).isEqualTo(404);
        assertThat(finetune.cancel("lawfirm_alpha", "ft-1").status()).isEqualTo(404);
    }

    @Test
    void the_jobs_list_has_only_the_tenants_own_jobs_newest_first() {
        String older = finetune.startJob("buildco_gamma", "engineering", EXAMPLES);
        String newer = finetune.startJob("buildco_gamma", "engineering", EXAMPLES); // its only plug: another one is 403
        finetune.startJob("hospital_beta", "engineering", EXAMPLES);

        HttpResult result = finetune.jobs("buildco_gamma", "");
        HttpResult limited = finetune.jobs("buildco_gamma", "limit=1");

        assertThat(result.status()).isEqualTo(200);
        assertThat(result.json().path("tenant_id").asString()).isEqualTo("buildco_gamma");
        assertThat(result.json().path("jobs").findValuesAsString("job_id")).containsExactly(newer, older);
        assertThat(result.json().path("jobs").findValuesAsString("tenant_id")).containsOnly("buildco_gamma");
        assertThat(limited.json().path("jobs").findValuesAsString("job_id")).containsExactly(newer);
    }

    @Test
    void a_bad_limit_is_a_400() {
        assertThat(finetune.jobs("lawfirm_alpha", "limit=0").status()).isEqualTo(400);
        assertThat(finetune.jobs("lawfirm_alpha", "limit=many").status()).isEqualTo(400);
    }

    @Test
    void a_tenant_without_jobs_gets_an_empty_list() {
        stack.table().client().putItem(b -> b.tableName(stack.table().name()).item(Map.of(
                "PK", com.smeplug.platform.aws.Items.s("TENANT#new_tenant"), "SK", com.smeplug.platform.aws.Items.s("PROFILE"),
                "tenant_id", com.smeplug.platform.aws.Items.s("new_tenant"), "name", com.smeplug.platform.aws.Items.s("New"))));

        HttpResult result = finetune.jobs("new_tenant", "");

        assertThat(result.status()).isEqualTo(200);
        assertThat(result.json().path("jobs").isEmpty()).isTrue();
    }

    @Test
    void cancelling_a_queued_job_cancels_it_before_any_step_runs() {
        String jobId = finetune.startJob("hospital_beta", "healthcare", EXAMPLES);

        HttpResult result = finetune.cancel("hospital_beta", jobId);

        assertThat(result.status()).isEqualTo(200);
        assertThat(result.json().path("status").asString()).isEqualTo("cancelled");
        assertThat(result.json().path("progress").asInt()).isZero();
        assertThat(result.json().path("steps").findValuesAsString("status"))
                .containsExactly("cancelled", "skipped", "skipped", "skipped", "skipped", "skipped");
    }
}
