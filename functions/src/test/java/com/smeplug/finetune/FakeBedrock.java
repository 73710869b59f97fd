package com.smeplug.finetune;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;

/**
 * Local HTTP servers reproducing the Bedrock control-plane REST API (model customization jobs and custom model
 * deployments) and S3 PutObject, answering with the fixtures under src/test/resources/finetune/bedrock:
 * <ul>
 * <li>{@code POST /model-customization-jobs} (CreateModelCustomizationJob) → 201 {@code create-job.json}
 * ({@code {"jobArn"}}); {@code GET /model-customization-jobs/{arn}} → {@code job-*.json}; {@code POST .../stop} → 200.</li>
 * <li>{@code POST /model-customization/custom-model-deployments} (CreateCustomModelDeployment; request
 * {@code {"modelDeploymentName", "modelArn", "clientRequestToken", "description"}}) → 202
 * {@code create-deployment.json} ({@code {"customModelDeploymentArn"}});
 * {@code GET /model-customization/custom-model-deployments/{arn}} (GetCustomModelDeployment) →
 * {@code deployment-{creating,active,failed}.json} ({@code status} Creating | Active | Failed, {@code failureMessage});
 * {@code DELETE} of the same path (DeleteCustomModelDeployment) → 200 {@code {}}.</li>
 * </ul>
 */
final class FakeBedrock implements AutoCloseable {

    static final String BUCKET = "sme-plug-finetune-test";
    static final String ROLE_ARN = "arn:aws:iam::123456789012:role/sme-plug-FinetuneBedrockRole";
    static final String JOB_ARN = "arn:aws:bedrock:us-east-1:123456789012:model-customization-job/amazon.titan-text-express-v1:0:8k/a1b2c3d4e5f6";
    static final String MODEL_ARN = "arn:aws:bedrock:us-east-1:123456789012:custom-model/amazon.titan-text-express-v1:0:8k/k9x8y7w6v5u4";
    static final String JOBS_PATH = "/model-customization-jobs";
    static final String JOB_PATH = "/model-customization-jobs/[^/]+";
    static final String STOP_PATH = "/model-customization-jobs/[^/]+/stop";
    static final String DEPLOYMENT_ARN = "arn:aws:bedrock:us-east-1:123456789012:custom-model-deployment/d3p10y8m3nt1";
    static final String DEPLOYMENTS_PATH = "/model-customization/custom-model-deployments";
    static final String DEPLOYMENT_PATH = "/model-customization/custom-model-deployments/[^/]+";

    final WireMockServer bedrock = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    final WireMockServer s3 = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));

    FakeBedrock() {
        bedrock.start();
        s3.start();
    }

    /** The function variables of real mode pointed at these servers. */
    Map<String, String> variables() {
        return Map.of(
                "USE_REAL_FINETUNE", "true",
                "BEDROCK_ENDPOINT", bedrock.baseUrl(),
                "S3_ENDPOINT", s3.baseUrl(),
                "FINETUNE_BUCKET", BUCKET,
                "BEDROCK_ROLE_ARN", ROLE_ARN,
                "BEDROCK_BASE_MODEL_ID", "amazon.titan-text-express-v1",
                "STEP_DELAY_SECONDS", "0",
                "FINETUNE_POLL_DELAY_SECONDS", "0");
    }

    void reset() {
        bedrock.resetAll();
        s3.resetAll();
    }

    /** S3 stores every upload; Bedrock creates the job and accepts stop requests. */
    void acceptsUploadsCreatesAndStops() {
        s3.stubFor(put(urlPathMatching("/" + BUCKET + "/.+")).willReturn(aResponse().withStatus(200)
                .withHeader("ETag", "\"9b2cf535f27731c974343645a3985328\"")));
        bedrock.stubFor(post(urlPathEqualTo(JOBS_PATH)).willReturn(json(201, "create-job.json")));
        bedrock.stubFor(post(urlPathMatching(STOP_PATH)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{}")));
        bedrock.stubFor(post(urlPathEqualTo(DEPLOYMENTS_PATH)).willReturn(json(202, "create-deployment.json")));
        bedrock.stubFor(delete(urlPathMatching(DEPLOYMENT_PATH)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{}")));
    }

    static final String SECOND_DEPLOYMENT_ARN = "arn:aws:bedrock:us-east-1:123456789012:custom-model-deployment/s3c0nd0d3p10";

    /** CreateCustomModelDeployment answers the first deployment's ARN, then the second's (two jobs in a row). */
    void createsTwoDeployments() {
        bedrock.stubFor(post(urlPathEqualTo(DEPLOYMENTS_PATH)).inScenario("deployments").whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("second").willReturn(json(202, "create-deployment.json")));
        bedrock.stubFor(post(urlPathEqualTo(DEPLOYMENTS_PATH)).inScenario("deployments").whenScenarioStateIs("second")
                .willReturn(json(202, "create-deployment-second.json")));
    }

    /** GetCustomModelDeployment answers these fixtures in turn, then keeps answering the last one. */
    void deploysInTurn(String... fixtures) {
        for (int i = 0; i < fixtures.length; i++) {
            String state = i == 0 ? Scenario.STARTED : "deployment-poll-" + i;
            var stub = get(urlPathMatching(DEPLOYMENT_PATH)).inScenario("deployment").whenScenarioStateIs(state);
            if (i < fixtures.length - 1) {
                stub = stub.willSetStateTo("deployment-poll-" + (i + 1));
            }
            bedrock.stubFor(stub.willReturn(fixture(fixtures[i])));
        }
    }

    /** GetModelCustomizationJob answers these fixtures in turn, then keeps answering the last one. */
    void reportsInTurn(String... fixtures) {
        for (int i = 0; i < fixtures.length; i++) {
            String state = i == 0 ? Scenario.STARTED : "poll-" + i;
            var stub = get(urlPathMatching(JOB_PATH)).inScenario("polls").whenScenarioStateIs(state);
            if (i < fixtures.length - 1) {
                stub = stub.willSetStateTo("poll-" + (i + 1));
            }
            bedrock.stubFor(stub.willReturn(fixture(fixtures[i])));
        }
    }

    /** GetModelCustomizationJob fails with Bedrock's InternalServerException {@code times} times, then answers. */
    void failsThenReports(int times, String fixture) {
        for (int i = 0; i < times; i++) {
            String state = i == 0 ? Scenario.STARTED : "failure-" + i;
            bedrock.stubFor(get(urlPathMatching(JOB_PATH)).inScenario("flaky").whenScenarioStateIs(state)
                    .willSetStateTo(i == times - 1 ? "answering" : "failure-" + (i + 1)).willReturn(internalError()));
        }
        bedrock.stubFor(get(urlPathMatching(JOB_PATH)).inScenario("flaky").whenScenarioStateIs("answering")
                .willReturn(fixture(fixture)));
    }

    void alwaysFailsPolls() {
        bedrock.stubFor(any(urlPathMatching(JOB_PATH)).willReturn(internalError()));
    }

    private static ResponseDefinitionBuilder fixture(String name) {
        return name.equals("internal-error.json") ? internalError() : json(200, name);
    }

    private static ResponseDefinitionBuilder internalError() {
        return aResponse().withStatus(500).withHeader("Content-Type", "application/json")
                .withHeader("x-amzn-ErrorType", "InternalServerException")
                .withBody(FinetuneFixtures.text("bedrock/internal-error.json"));
    }

    private static ResponseDefinitionBuilder json(int status, String name) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody(FinetuneFixtures.text("bedrock/" + name));
    }

    @Override
    public void close() {
        bedrock.stop();
        s3.stop();
    }
}
