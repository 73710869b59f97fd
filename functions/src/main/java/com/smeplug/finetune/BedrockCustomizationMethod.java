package com.smeplug.finetune;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.smeplug.finetune.Specialisations.Specialisation;
import com.smeplug.platform.aws.AwsClients;
import com.smeplug.platform.config.Settings;
import com.smeplug.platform.http.ApiException;
import com.smeplug.platform.http.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.bedrock.BedrockClient;
import software.amazon.awssdk.services.bedrock.model.CustomizationType;
import software.amazon.awssdk.services.bedrock.model.GetCustomModelDeploymentResponse;
import software.amazon.awssdk.services.bedrock.model.GetModelCustomizationJobResponse;
import software.amazon.awssdk.services.bedrock.model.ResourceNotFoundException;
import software.amazon.awssdk.services.bedrock.model.ValidationException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * The real method ({@code USE_REAL_FINETUNE=true}): an Amazon Bedrock model customization job. The examples are
 * uploaded to S3 as JSONL ({@code {"prompt": .., "completion": ..}} per line), the job is created, then polled on
 * delayed step messages. Progress inside the training step follows only what Bedrock reports as finished among its
 * own sub-stages (data validation, data processing, training); a poll that finds nothing new leaves it unchanged.
 * Completed leads to an on-demand custom model deployment (CreateCustomModelDeployment), polled on delayed steps
 * like the training; only when it is Active is the version published with the deployment ARN, which is what chat
 * calls ({@link Specialisations#servingModel}). Failed carries Bedrock's message; Stopped ends the job cancelled.
 * The deployment is deleted when the job is cancelled, and the previous version's when a newer one is published.
 */
final class BedrockCustomizationMethod extends StepsMethod<BedrockCustomizationMethod> {

    public static final String NAME = "bedrock-model-customization";
    private static final Logger log = LoggerFactory.getLogger(BedrockCustomizationMethod.class);
    private static final String NEEDED_BY = "USE_REAL_FINETUNE=true";

    private static final List<Step<BedrockCustomizationMethod>> STEPS = List.of(
            new Step<>("validate", 5, BedrockCustomizationMethod::validate),
            new Step<>("upload", 10, BedrockCustomizationMethod::upload),
            new Step<>("create", 10, BedrockCustomizationMethod::create),
            new Step<>("train", 60, BedrockCustomizationMethod::train),
            new Step<>("deploy", 5, BedrockCustomizationMethod::deploy),
            new Step<>("deploying", 5, BedrockCustomizationMethod::deploying),
            new Step<>("complete", 5, BedrockCustomizationMethod::complete));

    /** What a customization job is created with. */
    public record Config(String bucket, String roleArn, String baseModelId, Map<String, String> hyperParameters,
            int pollDelaySeconds, int maxPolls) {
    }

    private final BedrockClient bedrock;
    private final S3Client s3;
    private final Config config;
    private final SpecialisationStore specialisations;
    private final Clock clock;

    public BedrockCustomizationMethod(BedrockClient bedrock, S3Client s3, Config config, SpecialisationStore specialisations,
            Clock clock) {
        super(NAME, "bedrock", STEPS);
        this.bedrock = bedrock;
        this.s3 = s3;
        this.config = config;
        this.specialisations = specialisations;
        this.clock = clock;
    }

    /**
     * Builds the method from the function's variables; a missing role, bucket or base model stops start-up naming
     * the variable. {@code BEDROCK_ENDPOINT}/{@code S3_ENDPOINT} point the clients at local servers (tests).
     */
    public static BedrockCustomizationMethod fromSettings(Settings settings, AwsClients clients,
            SpecialisationStore specialisations, Clock clock) {
        String roleArn = settings.required("BEDROCK_ROLE_ARN", NEEDED_BY);
        String bucket = settings.required("FINETUNE_BUCKET", NEEDED_BY);
        String baseModel = settings.required("BEDROCK_BASE_MODEL_ID", NEEDED_BY);
        Config config = new Config(bucket, roleArn, baseModel,
                hyperParameters(settings.get("BEDROCK_HYPERPARAMETERS", "epochCount=2,batchSize=1,learningRate=0.00001")),
                settings.integer("FINETUNE_POLL_DELAY_SECONDS", 300), settings.integer("FINETUNE_MAX_POLLS", 576));
        BedrockClient bedrock = clients.configure(BedrockClient.builder(), settings.get("BEDROCK_ENDPOINT", null)).build();
        String s3Endpoint = settings.get("S3_ENDPOINT", null);
        var s3Builder = clients.configure(S3Client.builder(), s3Endpoint);
        if (s3Endpoint != null) {
            // A local S3-protocol server: path-style addressing and a plain body (no aws-chunked encoding).
            s3Builder.serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true)
                            .chunkedEncodingEnabled(false).build())
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED);
        }
        return new BedrockCustomizationMethod(bedrock, s3Builder.build(), config, specialisations, clock);
    }

    static Map<String, String> hyperParameters(String text) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : text.split(",")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                parameters.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
        return parameters;
    }

    // --- steps -------------------------------------------------------------------------------------------------

    private StepOutcome validate(StepContext context) {
        List<Example> examples = context.examples();
        ExampleRules.check(examples);
        byte[] jsonl = jsonl(examples);
        return new StepOutcome.Done(String.format(Locale.ROOT,
                "%d examples read (%d chunk%s, SHA-256 %s… verified); %d bytes as JSONL for base model %s",
                examples.size(), context.job().exampleChunks(), context.job().exampleChunks() == 1 ? "" : "s",
                context.job().examplesSha256().substring(0, 12), jsonl.length, config.baseModelId()), Map.of());
    }

    private StepOutcome upload(StepContext context) {
        Job job = context.job();
        byte[] jsonl = jsonl(context.examples());
        String key = prefix(job) + "train.jsonl";
        try {
            var response = s3.putObject(b -> b.bucket(config.bucket()).key(key).contentType("application/jsonl"),
                    RequestBody.fromBytes(jsonl));
            String uri = "s3://" + config.bucket() + "/" + key;
            return new StepOutcome.Done(String.format(Locale.ROOT, "uploaded %d examples (%d bytes) to %s (ETag %s)",
                    context.examples().size(), jsonl.length, uri, response.eTag()), Map.of("training_s3_uri", uri));
        }
        catch (AwsServiceException e) {
            throw retryOrFail("S3 PutObject", e);
        }
    }

    private StepOutcome create(StepContext context) {
        Job job = context.job();
        String trainingUri = job.output("training_s3_uri");
        String outputUri = "s3://" + config.bucket() + "/" + prefix(job) + "output/";
        try {
            // clientRequestToken makes a re-run of this step return the job it already created.
            String jobArn = bedrock.createModelCustomizationJob(b -> b
                    .jobName("sme-plug-" + job.jobId())
                    .customModelName(customModelName(job))
                    .roleArn(config.roleArn())
                    .clientRequestToken(job.jobId())
                    .baseModelIdentifier(config.baseModelId())
                    .customizationType(CustomizationType.FINE_TUNING)
                    .trainingDataConfig(t -> t.s3Uri(trainingUri))
                    .outputDataConfig(o -> o.s3Uri(outputUri))
                    .hyperParameters(config.hyperParameters())).jobArn();
            return new StepOutcome.Done("Bedrock customization job " + jobArn + " created (base model " + config.baseModelId()
                    + ", FINE_TUNING, hyperparameters " + config.hyperParameters() + ", output " + outputUri + ")",
                    Map.of("bedrock_job_arn", jobArn));
        }
        catch (AwsServiceException e) {
            throw retryOrFail("Bedrock CreateModelCustomizationJob", e);
        }
    }

    private StepOutcome train(StepContext context) {
        Job job = context.job();
        String jobArn = job.output("bedrock_job_arn");
        int poll = job.polls() + 1;
        GetModelCustomizationJobResponse status;
        try {
            status = bedrock.getModelCustomizationJob(b -> b.jobIdentifier(jobArn));
        }
        catch (AwsServiceException e) {
            throw retryOrFail("Bedrock GetModelCustomizationJob", e);
        }
        String stages = stages(status);
        String state = status.statusAsString();
        switch (state == null ? "" : state) {
            case "Completed" -> {
                return new StepOutcome.Done("poll " + poll + ": Bedrock Completed" + stages + "; custom model "
                        + status.outputModelArn() + (status.outputModelName() == null ? "" : " (" + status.outputModelName() + ")")
                        + "; not served until it is deployed",
                        Map.of("custom_model_arn", status.outputModelArn(), "train_repeats", Integer.toString(job.polls())));
            }
            case "Failed" -> {
                String message = status.failureMessage() == null ? "no message given" : status.failureMessage();
                return new StepOutcome.Fail("poll " + poll + ": Bedrock Failed" + stages + ": " + message,
                        "Bedrock model customization failed: " + message);
            }
            case "Stopped" -> {
                return new StepOutcome.Stopped("poll " + poll + ": Bedrock reports the customization job Stopped" + stages);
            }
            default -> {
                if (poll >= config.maxPolls()) {
                    return new StepOutcome.Fail("poll " + poll + ": Bedrock " + state + stages,
                            "Bedrock still reported " + state + " after " + poll + " polls; stopped waiting (FINETUNE_MAX_POLLS)");
                }
                return new StepOutcome.Again("poll " + poll + ": Bedrock " + state + stages, Map.of(),
                        finishedStages(status) / 3.0, config.pollDelaySeconds());
            }
        }
    }

    /** Asks Bedrock for an on-demand deployment of the custom model (idempotent: the job id is the request token). */
    private StepOutcome deploy(StepContext context) {
        Job job = context.job();
        String modelArn = job.output("custom_model_arn");
        try {
            String deploymentArn = bedrock.createCustomModelDeployment(b -> b
                    .modelDeploymentName(customModelName(job))
                    .modelArn(modelArn)
                    .clientRequestToken(job.jobId())
                    .description("SME-Plug " + job.plugId() + " specialisation of " + job.tenantId() + ", job " + job.jobId()))
                    .customModelDeploymentArn();
            return new StepOutcome.Done("on-demand deployment " + deploymentArn + " of custom model " + modelArn
                    + " requested; not served until Bedrock reports it Active", Map.of("deployment_arn", deploymentArn));
        }
        catch (AwsServiceException e) {
            throw retryOrFail("Bedrock CreateCustomModelDeployment", e);
        }
    }

    private StepOutcome deploying(StepContext context) {
        Job job = context.job();
        String deploymentArn = job.output("deployment_arn");
        // the job counts every repeated poll; this step's are those after the training's
        String trainRepeats = job.output("train_repeats");
        int poll = job.polls() + 1 - (trainRepeats == null ? 0 : Integer.parseInt(trainRepeats));
        GetCustomModelDeploymentResponse status;
        try {
            status = bedrock.getCustomModelDeployment(b -> b.customModelDeploymentIdentifier(deploymentArn));
        }
        catch (AwsServiceException e) {
            throw retryOrFail("Bedrock GetCustomModelDeployment", e);
        }
        String state = status.statusAsString() == null ? "" : status.statusAsString();
        switch (state) {
            case "Active" -> {
                return new StepOutcome.Done("poll " + poll + ": deployment " + deploymentArn + " Active", Map.of());
            }
            case "Failed" -> {
                String message = status.failureMessage() == null ? "no message given" : status.failureMessage();
                undeploy(job, deploymentArn);
                return new StepOutcome.Fail("poll " + poll + ": deployment " + deploymentArn + " Failed: " + message
                        + "; nothing was published", "Bedrock could not deploy the custom model: " + message);
            }
            default -> {
                if (poll >= config.maxPolls()) {
                    undeploy(job, deploymentArn);
                    return new StepOutcome.Fail("poll " + poll + ": deployment " + deploymentArn + " " + state
                            + "; deleted, nothing was published", "Bedrock still reported the deployment " + state
                            + " after " + poll + " polls; stopped waiting (FINETUNE_MAX_POLLS)");
                }
                return new StepOutcome.Again("poll " + poll + ": deployment " + deploymentArn + " " + state, Map.of(), 0,
                        config.pollDelaySeconds());
            }
        }
    }

    private StepOutcome complete(StepContext context) {
        Job job = context.job();
        String modelArn = job.output("custom_model_arn");
        String deploymentArn = job.output("deployment_arn");
        int version = context.reserveSpecVersion(specialisations);
        var publication = new SpecialisationStore.Publication(new Specialisation(job.tenantId(), job.plugId(), modelArn,
                version, List.of(), modelArn, clock.instant(), deploymentArn), job.jobId(), NAME,
                Map.of("bedrock_job_arn", job.output("bedrock_job_arn")));
        specialisations.writeVersion(publication);
        var before = specialisations.current(job.tenantId(), job.plugId());
        boolean current = specialisations.makeCurrent(publication);
        if (current) {
            // the version it replaced is no longer served: its paid capacity goes (a rollback to it is refused)
            before.filter(p -> p.specialisation().version() != version).ifPresent(this::retire);
        }
        return new StepOutcome.Complete(current
                ? "chat now serves version " + version + " (" + NAME + ", custom model " + modelArn + ", deployment "
                        + deploymentArn + ") of the " + job.plugId() + " specialisation for " + job.tenantId()
                : "version " + version + " (custom model " + modelArn + ", deployment " + deploymentArn
                        + ") kept as a past version; chat keeps serving the newer version",
                modelArn, Map.of("spec_version", Integer.toString(version)));
    }

    /** A version no longer served: its deployment is deleted and the version marked so (it can no longer be activated). */
    private void retire(SpecialisationStore.Publication previous) {
        String deploymentArn = previous.specialisation().deploymentArn();
        if (deploymentArn == null) {
            return;
        }
        try {
            bedrock.deleteCustomModelDeployment(b -> b.customModelDeploymentIdentifier(deploymentArn));
            specialisations.markUndeployed(previous);
            log.info("deployment of replaced version deleted tenant={} plug={} version={} deployment={}",
                    previous.specialisation().tenantId(), previous.specialisation().plugId(),
                    previous.specialisation().version(), deploymentArn);
        }
        catch (ResourceNotFoundException e) {
            specialisations.markUndeployed(previous);
        }
        catch (RuntimeException e) {
            log.warn("could not delete deployment {} of replaced version {}: {}", deploymentArn,
                    previous.specialisation().version(), e.toString());
        }
    }

    private void undeploy(Job job, String deploymentArn) {
        if (deploymentArn == null) {
            return;
        }
        try {
            bedrock.deleteCustomModelDeployment(b -> b.customModelDeploymentIdentifier(deploymentArn));
            log.info("custom model deployment deleted job_id={} deployment={}", job.jobId(), deploymentArn);
        }
        catch (ResourceNotFoundException e) {
            log.info("custom model deployment already gone job_id={} deployment={}", job.jobId(), deploymentArn);
        }
    }

    // --- stopping ----------------------------------------------------------------------------------------------

    @Override
    public void stop(Job job) {
        try {
            undeploy(job, job.output("deployment_arn"));
        }
        catch (AwsServiceException e) {
            throw ApiException.upstream("Bedrock did not delete the custom model deployment: " + e.awsErrorDetails().errorMessage(), e);
        }
        catch (SdkClientException e) {
            throw ApiException.upstreamTimeout("Bedrock could not be reached to delete the custom model deployment", e);
        }
        String jobArn = job.output("bedrock_job_arn");
        if (jobArn == null || job.output("custom_model_arn") != null) {
            return;
        }
        try {
            bedrock.stopModelCustomizationJob(b -> b.jobIdentifier(jobArn));
            log.info("Bedrock customization job stopped job_id={} arn={}", job.jobId(), jobArn);
        }
        catch (ValidationException | ResourceNotFoundException e) {
            // not in progress any more (finished or already stopping): nothing to stop
            log.info("Bedrock customization job not stopped job_id={}: {}", job.jobId(), e.awsErrorDetails().errorMessage());
        }
        catch (AwsServiceException e) {
            throw ApiException.upstream("Bedrock did not stop the customization job: " + e.awsErrorDetails().errorMessage(), e);
        }
        catch (SdkClientException e) {
            throw ApiException.upstreamTimeout("Bedrock could not be reached to stop the customization job", e);
        }
    }

    /** The create step's result was dropped because the job was cancelled meanwhile: stop what it created. */
    @Override
    public void discarded(Job job, StepOutcome outcome) {
        if (outcome instanceof StepOutcome.Done done && done.outputs().containsKey("deployment_arn")) {
            try {
                undeploy(job, done.outputs().get("deployment_arn"));
            }
            catch (RuntimeException e) {
                log.warn("could not delete deployment of cancelled job {}: {}", job.jobId(), e.toString());
            }
        }
        if (outcome instanceof StepOutcome.Done done && done.outputs().containsKey("bedrock_job_arn")) {
            String jobArn = done.outputs().get("bedrock_job_arn");
            try {
                bedrock.stopModelCustomizationJob(b -> b.jobIdentifier(jobArn));
            }
            catch (RuntimeException e) {
                log.warn("could not stop Bedrock job {} of cancelled job {}: {}", jobArn, job.jobId(), e.toString());
            }
        }
    }

    // --- helpers -----------------------------------------------------------------------------------------------

    static byte[] jsonl(List<Example> examples) {
        StringBuilder text = new StringBuilder();
        for (Example example : examples) {
            text.append(Json.write(example)).append('\n');
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String prefix(Job job) {
        return "finetune/" + job.tenantId() + "/" + job.jobId() + "/";
    }

    /** Bedrock's custom model name: letters, digits, single - or _ between them, at most 63 characters. */
    static String customModelName(Job job) {
        String name = ("sme-" + job.tenantId() + "-" + job.plugId()).replaceAll("[^0-9A-Za-z_-]", "-")
                .replaceAll("[_-]{2,}", "-");
        String suffix = "-" + job.jobId();
        if (name.length() + suffix.length() > 63) {
            name = name.substring(0, 63 - suffix.length());
        }
        return (name + suffix).replaceAll("[_-]{2,}", "-");
    }

    private static String stages(GetModelCustomizationJobResponse status) {
        var details = status.statusDetails();
        if (details == null) {
            return "";
        }
        StringBuilder text = new StringBuilder(" (");
        text.append("data validation ").append(details.validationDetails() == null ? "-" : details.validationDetails().statusAsString());
        text.append(", data processing ").append(details.dataProcessingDetails() == null ? "-" : details.dataProcessingDetails().statusAsString());
        text.append(", training ").append(details.trainingDetails() == null ? "-" : details.trainingDetails().statusAsString());
        return text.append(')').toString();
    }

    /** How many of Bedrock's three sub-stages it reports Completed (0 when it reports none). */
    static int finishedStages(GetModelCustomizationJobResponse status) {
        var details = status.statusDetails();
        if (details == null) {
            return 0;
        }
        int done = 0;
        if (details.validationDetails() != null && "Completed".equals(details.validationDetails().statusAsString())) {
            done++;
        }
        if (details.dataProcessingDetails() != null && "Completed".equals(details.dataProcessingDetails().statusAsString())) {
            done++;
        }
        if (details.trainingDetails() != null && "Completed".equals(details.trainingDetails().statusAsString())) {
            done++;
        }
        return done;
    }

    /**
     * Throttling and server errors are worth a redelivery (rethrown); anything else (validation, access, quota) is
     * Bedrock's or S3's final word and fails the job with its message.
     */
    private static RuntimeException retryOrFail(String action, AwsServiceException e) {
        if (e.isThrottlingException() || e.statusCode() >= 500 || e.statusCode() == 429) {
            return e;
        }
        String message = e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage();
        return new StepFailure(action + " was refused (" + e.statusCode() + "): " + message, e);
    }
}
