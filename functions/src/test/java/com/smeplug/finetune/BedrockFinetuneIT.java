package com.smeplug.finetune;

import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.smeplug.platform.http.Json;
import com.smeplug.testing.HttpResult;
import com.smeplug.testing.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Acceptance 3: the real method ({@code USE_REAL_FINETUNE=true}) against local servers reproducing Bedrock's and
 * S3's REST shapes. Step messages are taken off the queue and delivered one at a time, so every intermediate state
 * can be read.
 */
class BedrockFinetuneIT {

    static FakeBedrock fake;
    static TestStack stack;
    static FinetuneTestSupport finetune;
    static final List<Example> EXAMPLES = FinetuneFixtures.legalExamples();

    @BeforeAll
    static void start() {
        fake = new FakeBedrock();
        stack = TestStack.start("finetune-bedrock-it", fake.variables());
        finetune = new FinetuneTestSupport(stack);
    }

    @AfterAll
    static void stop() {
        stack.close();
        fake.close();
    }

    @BeforeEach
    void freshServers() {
        fake.reset();
        fake.acceptsUploadsCreatesAndStops();
        finetune.drain("StepQueue");
    }

    @Test
    void uploads_jsonl_creates_the_job_polls_with_progress_deploys_the_model_and_only_then_serves_it_for_that_tenant_and_plug() {
        fake.reportsInTurn("job-validating.json", "job-processing.json", "job-training.json", "job-completed.json");
        fake.deploysInTurn("deployment-creating.json", "deployment-active.json");
        Specialisations port = new SpecialisationStore(stack.table());

        HttpResult started = finetune.start("lawfirm_alpha", "legal", EXAMPLES);
        assertThat(started.status()).isEqualTo(202);
        assertThat(started.json().path("method").asString()).isEqualTo("bedrock-model-customization");
        assertThat(started.json().path("mock_mode").asBoolean()).isFalse();
        assertThat(started.json().path("source").asString()).isEqualTo("bedrock");
        String jobId = started.json().path("job_id").asString();

        List<Integer> progress = new ArrayList<>();
        List<String> trainDetails = new ArrayList<>();
        List<Boolean> servedMeanwhile = new ArrayList<>();
        JsonNode job;
        do {
            finetune.deliver("finetuneStep", List.of(finetune.takeOnlyStepMessage()));
            job = finetune.job("lawfirm_alpha", jobId);
            progress.add(job.path("progress").asInt());
            trainDetails.add(job.path("steps").get(3).path("detail").asString(""));
            servedMeanwhile.add(port.servingModel("lawfirm_alpha", "legal").isPresent());
        } while (!job.path("status").asString().matches("complete|failed|cancelled"));

        assertThat(job.path("status").asString()).as(job.toString()).isEqualTo("complete");
        assertThat(job.path("model_id").asString()).isEqualTo(FakeBedrock.MODEL_ARN);
        // validate, upload, create; four polls: nothing finished yet, then Bedrock's three sub-stages one by one;
        // deploy; two deployment polls (Creating, Active); publish
        assertThat(progress).containsExactly(5, 15, 25, 25, 44, 64, 85, 90, 90, 95, 100);
        // nothing is served for the tenant until the last step published the deployed model
        assertThat(servedMeanwhile.subList(0, servedMeanwhile.size() - 1)).containsOnly(false);
        assertThat(trainDetails.subList(3, 7)).containsExactly(
                "poll 1: Bedrock InProgress (data validation InProgress, data processing NotStarted, training NotStarted)",
                "poll 2: Bedrock InProgress (data validation Completed, data processing InProgress, training NotStarted)",
                "poll 3: Bedrock InProgress (data validation Completed, data processing Completed, training InProgress)",
                "poll 4: Bedrock Completed (data validation Completed, data processing Completed, training Completed); custom model "
                        + FakeBedrock.MODEL_ARN + " (sme-lawfirm_alpha-legal-JOBID); not served until it is deployed");
        JsonNode steps = job.path("steps");
        assertThat(steps.get(1).path("detail").asString()).startsWith("uploaded 50 examples (")
                .contains("s3://" + FakeBedrock.BUCKET + "/finetune/lawfirm_alpha/" + jobId + "/train.jsonl");
        assertThat(steps.get(2).path("detail").asString()).startsWith("Bedrock customization job " + FakeBedrock.JOB_ARN + " created");

        // S3 got the examples as JSONL, one {"prompt", "completion"} object per line, nothing else
        LoggedRequest upload = fake.s3.findAll(putRequestedFor(urlPathMatching("/.+"))).get(0);
        assertThat(upload.getUrl()).isEqualTo("/" + FakeBedrock.BUCKET + "/finetune/lawfirm_alpha/" + jobId + "/train.jsonl");
        String[] lines = upload.getBodyAsString().split("\n");
        assertThat(lines).hasSize(50);
        for (int i = 0; i < lines.length; i++) {
            JsonNode line = Json.tree(lines[i]);
            assertThat(line.propertyNames()).containsExactly("prompt", "completion");
            assertThat(line.path("prompt").asString()).isEqualTo(EXAMPLES.get(i).prompt());
            assertThat(line.path("completion").asString()).isEqualTo(EXAMPLES.get(i).completion());
        }

        // Bedrock got CreateModelCustomizationJob with the role, base model, data locations and an idempotency token
        JsonNode create = Json.tree(fake.bedrock.findAll(postRequestedFor(urlPathEqualTo(FakeBedrock.JOBS_PATH))).get(0).getBodyAsString());
        assertThat(create.path("jobName").asString()).isEqualTo("sme-plug-" + jobId);
        assertThat(create.path("clientRequestToken").asString()).isEqualTo(jobId);
        assertThat(create.path("customModelName").asString()).isEqualTo("sme-lawfirm_alpha-legal-" + jobId);
        assertThat(create.path("roleArn").asString()).isEqualTo(FakeBedrock.ROLE_ARN);
        assertThat(create.path("baseModelIdentifier").asString()).isEqualTo("amazon.titan-text-express-v1");
        assertThat(create.path("customizationType").asString()).isEqualTo("FINE_TUNING");
        assertThat(create.path("trainingDataConfig").path("s3Uri").asString())
                .isEqualTo("s3://" + FakeBedrock.BUCKET + "/finetune/lawfirm_alpha/" + jobId + "/train.jsonl");
        assertThat(create.path("outputDataConfig").path("s3Uri").asString())
                .isEqualTo("s3://" + FakeBedrock.BUCKET + "/finetune/lawfirm_alpha/" + jobId + "/output/");
        assertThat(create.path("hyperParameters").path("epochCount").asString()).isEqualTo("2");

        // each poll asked for the job by its ARN
        List<LoggedRequest> polls = fake.bedrock.findAll(getRequestedFor(urlPathMatching(FakeBedrock.JOB_PATH)));
        assertThat(polls).hasSize(4);
        assertThat(polls).allSatisfy(p -> assertThat(URLDecoder.decode(p.getUrl(), StandardCharsets.UTF_8))
                .isEqualTo(FakeBedrock.JOBS_PATH + "/" + FakeBedrock.JOB_ARN));

        // the deployment was created for the custom model (idempotency token: the job id), then polled by its ARN
        JsonNode deploy = Json.tree(fake.bedrock.findAll(postRequestedFor(urlPathEqualTo(FakeBedrock.DEPLOYMENTS_PATH)))
                .get(0).getBodyAsString());
        assertThat(deploy.path("modelArn").asString()).isEqualTo(FakeBedrock.MODEL_ARN);
        assertThat(deploy.path("clientRequestToken").asString()).isEqualTo(jobId);
        assertThat(deploy.path("modelDeploymentName").asString()).isEqualTo("sme-lawfirm_alpha-legal-" + jobId);
        List<LoggedRequest> deploymentPolls = fake.bedrock.findAll(getRequestedFor(urlPathMatching(FakeBedrock.DEPLOYMENT_PATH)));
        assertThat(deploymentPolls).hasSize(2).allSatisfy(p -> assertThat(URLDecoder.decode(p.getUrl(), StandardCharsets.UTF_8))
                .isEqualTo(FakeBedrock.DEPLOYMENTS_PATH + "/" + FakeBedrock.DEPLOYMENT_ARN));
        assertThat(steps.get(5).path("detail").asString()).isEqualTo("poll 2: deployment " + FakeBedrock.DEPLOYMENT_ARN + " Active");
        assertThat(steps.get(6).path("detail").asString()).isEqualTo("chat now serves version 1 (bedrock-model-customization, "
                + "custom model " + FakeBedrock.MODEL_ARN + ", deployment " + FakeBedrock.DEPLOYMENT_ARN
                + ") of the legal specialisation for lawfirm_alpha");

        var published = port.published("lawfirm_alpha", "legal").orElseThrow();
        assertThat(published.customModelArn()).isEqualTo(FakeBedrock.MODEL_ARN);
        assertThat(published.exemplars()).isEmpty();
        // the port names the deployment for that tenant and plug only
        assertThat(port.servingModel("lawfirm_alpha", "legal")).contains(FakeBedrock.DEPLOYMENT_ARN);
        assertThat(port.servingModel("hospital_beta", "legal")).isEmpty();
        assertThat(port.servingModel("lawfirm_alpha", "healthcare")).isEmpty();
    }

    @Test
    void a_failed_bedrock_job_fails_ours_with_bedrocks_message() {
        fake.reportsInTurn("job-validating.json", "job-failed.json");
        String jobId = finetune.startJob("hospital_beta", "healthcare", EXAMPLES);

        JsonNode job = runToEnd("hospital_beta", jobId);

        assertThat(job.path("status").asString()).isEqualTo("failed");
        assertThat(job.path("error").asString()).isEqualTo("Bedrock model customization failed: Training data validation "
                + "failed: record 3 of train.jsonl is missing the field 'completion'.");
        assertThat(job.path("progress").asInt()).isEqualTo(25);
        assertThat(job.path("model_id").isNull()).isTrue();
        assertThat(job.path("steps").findValuesAsString("status"))
                .containsExactly("complete", "complete", "complete", "failed", "skipped", "skipped", "skipped");
        assertThat(new SpecialisationStore(stack.table()).published("hospital_beta", "healthcare")).isEmpty();
    }

    @Test
    void a_newer_custom_model_replaces_the_served_one_deletes_its_deployment_and_it_can_no_longer_be_activated() {
        fake.reportsInTurn("job-completed.json");
        fake.deploysInTurn("deployment-active.json");
        fake.createsTwoDeployments();
        SpecialisationStore store = new SpecialisationStore(stack.table());
        JsonNode first = runToEnd("hospital_beta", finetune.startJob("hospital_beta", "engineering", EXAMPLES));
        assertThat(first.path("status").asString()).as(first.toString()).isEqualTo("complete");
        assertThat(store.servingModel("hospital_beta", "engineering")).contains(FakeBedrock.DEPLOYMENT_ARN);
        assertThat(fake.bedrock.findAll(deleteRequestedFor(urlPathMatching(FakeBedrock.DEPLOYMENT_PATH)))).isEmpty();

        JsonNode second = runToEnd("hospital_beta", finetune.startJob("hospital_beta", "engineering", EXAMPLES));

        assertThat(second.path("status").asString()).as(second.toString()).isEqualTo("complete");
        assertThat(store.servingModel("hospital_beta", "engineering")).contains(FakeBedrock.SECOND_DEPLOYMENT_ARN);
        List<LoggedRequest> deletes = fake.bedrock.findAll(deleteRequestedFor(urlPathMatching(FakeBedrock.DEPLOYMENT_PATH)));
        assertThat(deletes).singleElement().satisfies(d -> assertThat(URLDecoder.decode(d.getUrl(), StandardCharsets.UTF_8))
                .isEqualTo(FakeBedrock.DEPLOYMENTS_PATH + "/" + FakeBedrock.DEPLOYMENT_ARN));
        HttpResult rollback = stack.invoke("finetuneActivate", com.smeplug.hardening.RouteMatrix.modelActivate("1", "engineering")
                .bearer(stack.token("hospital_beta")));
        assertThat(rollback.status()).as("its deployment is gone: " + rollback.body()).isEqualTo(409);
        assertThat(rollback.errorCode()).isEqualTo("not_deployed");
        assertThat(store.servingModel("hospital_beta", "engineering")).contains(FakeBedrock.SECOND_DEPLOYMENT_ARN);
    }

    @Test
    void cancel_while_deploying_deletes_the_deployment_and_nothing_is_served() {
        fake.reportsInTurn("job-completed.json");
        fake.deploysInTurn("deployment-creating.json");
        String jobId = finetune.startJob("hospital_beta", "healthcare", EXAMPLES);
        for (int i = 0; i < 6; i++) { // validate, upload, create, train (Completed), deploy, deploying (Creating)
            finetune.deliver("finetuneStep", List.of(finetune.takeOnlyStepMessage()));
        }
        assertThat(finetune.job("hospital_beta", jobId).path("steps").get(5).path("detail").asString())
                .isEqualTo("poll 1: deployment " + FakeBedrock.DEPLOYMENT_ARN + " Creating");

        HttpResult cancelled = finetune.cancel("hospital_beta", jobId);

        assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);
        List<LoggedRequest> deletes = fake.bedrock.findAll(deleteRequestedFor(urlPathMatching(FakeBedrock.DEPLOYMENT_PATH)));
        assertThat(deletes).hasSize(1);
        assertThat(URLDecoder.decode(deletes.get(0).getUrl(), StandardCharsets.UTF_8))
                .isEqualTo(FakeBedrock.DEPLOYMENTS_PATH + "/" + FakeBedrock.DEPLOYMENT_ARN);
        assertThat(fake.bedrock.findAll(postRequestedFor(urlPathMatching(FakeBedrock.STOP_PATH))))
                .as("the customization job had finished: nothing to stop").isEmpty();
        assertThat(new SpecialisationStore(stack.table()).servingModel("hospital_beta", "healthcare")).isEmpty();
    }

    @Test
    void cancel_during_training_stops_the_bedrock_job_and_no_further_poll_happens() {
        fake.reportsInTurn("job-validating.json", "job-processing.json");
        String jobId = finetune.startJob("buildco_gamma", "engineering", EXAMPLES);
        for (int i = 0; i < 4; i++) {
            finetune.deliver("finetuneStep", List.of(finetune.takeOnlyStepMessage()));
        }
        var pending = finetune.takeOnlyStepMessage();

        HttpResult cancelled = finetune.cancel("buildco_gamma", jobId);

        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.json().path("status").asString()).isEqualTo("cancelled");
        List<LoggedRequest> stops = fake.bedrock.findAll(postRequestedFor(urlPathMatching(FakeBedrock.STOP_PATH)));
        assertThat(stops).hasSize(1);
        assertThat(URLDecoder.decode(stops.get(0).getUrl(), StandardCharsets.UTF_8))
                .isEqualTo(FakeBedrock.JOBS_PATH + "/" + FakeBedrock.JOB_ARN + "/stop");
        finetune.deliver("finetuneStep", List.of(pending));
        assertThat(fake.bedrock.findAll(getRequestedFor(urlPathMatching(FakeBedrock.JOB_PATH)))).hasSize(1);
        assertThat(finetune.job("buildco_gamma", jobId).path("status").asString()).isEqualTo("cancelled");
    }

    @Test
    void a_job_stopped_in_bedrock_reads_cancelled() {
        fake.reportsInTurn("job-training.json", "job-stopped.json");
        String jobId = finetune.startJob("lawfirm_alpha", "legal", EXAMPLES);

        JsonNode job = runToEnd("lawfirm_alpha", jobId);

        assertThat(job.path("status").asString()).isEqualTo("cancelled");
        assertThat(job.path("steps").get(3).path("detail").asString()).startsWith("poll 2: Bedrock reports the customization job Stopped");
        assertThat(job.path("progress").asInt()).isEqualTo(64);
    }

    @Test
    void bedrock_refusing_the_job_fails_it_at_once_with_bedrocks_message() {
        fake.bedrock.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(urlPathEqualTo(FakeBedrock.JOBS_PATH))
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(400)
                        .withHeader("x-amzn-ErrorType", "ValidationException")
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"message\":\"The provided base model is not supported for FINE_TUNING.\"}")));
        String jobId = finetune.startJob("hospital_beta", "legal", EXAMPLES);

        JsonNode job = runToEnd("hospital_beta", jobId);

        assertThat(job.path("status").asString()).isEqualTo("failed");
        assertThat(job.path("error").asString()).isEqualTo("step 'create' failed: Bedrock CreateModelCustomizationJob was "
                + "refused (400): The provided base model is not supported for FINE_TUNING.");
    }

    private static JsonNode runToEnd(String tenant, String jobId) {
        JsonNode job;
        Map<Integer, Integer> guard = new HashMap<>();
        do {
            finetune.deliver("finetuneStep", List.of(finetune.takeOnlyStepMessage()));
            job = finetune.job(tenant, jobId);
            assertThat(guard.merge(0, 1, Integer::sum)).isLessThan(20);
        } while (!job.path("status").asString().matches("complete|failed|cancelled"));
        return job;
    }
}
