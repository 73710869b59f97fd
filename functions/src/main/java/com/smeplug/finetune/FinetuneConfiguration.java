package com.smeplug.finetune;

import java.io.InputStream;
import java.time.Clock;
import java.util.List;
import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.smeplug.answers.UnspecialisedAnswers;
import com.smeplug.billing.Entitlements;
import com.smeplug.platform.aws.AwsClients;
import com.smeplug.platform.aws.Table;
import com.smeplug.platform.config.Settings;
import com.smeplug.platform.http.ApiResponse;
import com.smeplug.platform.http.HttpFunctions;
import com.smeplug.platform.http.Route;
import com.smeplug.platform.lambda.SqsBatches;
import com.smeplug.plugs.PlugCatalog;
import software.amazon.awssdk.services.sqs.SqsClient;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The finetune feature: {@code finetuneStart} ({@code POST /finetune}), {@code finetuneStatus}
 * ({@code GET /finetune/status/{job_id}}), {@code finetuneJobs} ({@code GET /finetune/jobs}), {@code finetuneCancel}
 * ({@code POST /finetune/{job_id}/cancel}), {@code finetuneStep} (the step queue's consumer) and
 * {@code finetuneDeadLetter} (the dead-letter queue's consumer), {@code finetuneModels} ({@code GET /finetune/models})
 * and {@code finetuneActivate} ({@code POST /finetune/models/{version}/activate}); and the {@link Specialisations} port for chat.
 */
@Configuration(proxyBeanMethods = false)
public class FinetuneConfiguration {

    /** Request body limit of {@code POST /finetune} (under Lambda's 6 MB synchronous payload limit). */
    static final int MAX_START_BODY_BYTES = 5_000_000;

    /** The port chat reads; also where fine-tune publishes. */
    @Bean
    SpecialisationStore specialisations(Table table) {
        return new SpecialisationStore(table);
    }

    @Bean
    JobStore finetuneJobStore(Table table) {
        return new JobStore(table);
    }

    /** Prompt specialisation (sample) unless {@code USE_REAL_FINETUNE=true}: then Bedrock, with every setting present. */
    @Bean
    FinetuneMethod finetuneMethod(Settings settings, AwsClients clients, PlugCatalog catalog,
            SpecialisationStore specialisations, ObjectProvider<UnspecialisedAnswers> unspecialised, Clock clock) {
        if (settings.flag("USE_REAL_FINETUNE")) {
            return BedrockCustomizationMethod.fromSettings(settings, clients, specialisations, clock);
        }
        return new PromptSpecialisationMethod(catalog, specialisations, PromptSpecialisationMethod.whenAsked(unspecialised::getObject), clock);
    }

    @Bean
    FinetuneMethods finetuneMethods(FinetuneMethod active, PlugCatalog catalog, SpecialisationStore specialisations,
            ObjectProvider<UnspecialisedAnswers> unspecialised, Clock clock) {
        PromptSpecialisationMethod sample = active instanceof PromptSpecialisationMethod prompt ? prompt
                : new PromptSpecialisationMethod(catalog, specialisations, PromptSpecialisationMethod.whenAsked(unspecialised::getObject), clock);
        return new FinetuneMethods(active, sample);
    }

    @Bean
    StepQueue stepQueue(Settings settings, SqsClient sqs) {
        String url = settings.get("STEP_QUEUE_URL", null);
        if (url == null) {
            throw new IllegalStateException("STEP_QUEUE_URL is not set: the finetune functions send step messages to the step queue");
        }
        return new StepQueue(sqs, url);
    }

    @Bean
    FinetuneService finetuneService(JobStore store, StepQueue queue, FinetuneMethods methods, PlugCatalog catalog,
            Clock clock) {
        return new FinetuneService(store, queue, methods, catalog, clock);
    }

    @Bean
    StepWorker stepWorker(JobStore store, StepQueue queue, FinetuneMethods methods, Clock clock, Settings settings) {
        return new StepWorker(store, queue, methods, clock, settings.integer("STEP_DELAY_SECONDS", 5));
    }

    // --- HTTP functions ----------------------------------------------------------------------------------------

    @Bean
    Function<InputStream, APIGatewayV2HTTPResponse> finetuneStart(HttpFunctions http, FinetuneService service,
            Entitlements entitlements, PlugCatalog catalog) {
        return http.route(Route.post(MAX_START_BODY_BYTES).admin(), request -> {
            StartRequest body = request.bodyAs(StartRequest.class);
            if (body.plugId() != null && catalog.contains(body.plugId())) {
                // a plug the tenant pays for, with a usable subscription (403 plug_not_subscribed, 402 otherwise)
                entitlements.requirePlug(request.tenant(), body.plugId());
            }
            return ApiResponse.accepted(FinetuneJobView.of(service.start(request.tenant(), body)));
        });
    }

    @Bean
    Function<InputStream, APIGatewayV2HTTPResponse> finetuneStatus(HttpFunctions http, JobStore store) {
        return http.route(Route.get(), request -> {
            String jobId = request.pathParameter("job_id");
            return ApiResponse.ok(FinetuneJobView.of(store.get(request.tenant(), jobId)));
        });
    }

    @Bean
    Function<InputStream, APIGatewayV2HTTPResponse> finetuneJobs(HttpFunctions http, JobStore store) {
        return http.route(Route.get(), request -> {
            int limit = FinetuneJobView.JobList.limit(request.query("limit"));
            List<FinetuneJobView> jobs = store.list(request.tenant(), limit).stream().map(FinetuneJobView::of).toList();
            return ApiResponse.ok(new FinetuneJobView.JobList(request.tenant(), jobs));
        });
    }

    /** Cancelling only marks the job (and stops Bedrock's): the next step sees it. No queue, no send permission. */
    @Bean
    JobCancellation jobCancellation(JobStore store, FinetuneMethods methods, Clock clock) {
        return new JobCancellation(store, methods, clock);
    }

    @Bean
    Function<InputStream, APIGatewayV2HTTPResponse> finetuneCancel(HttpFunctions http, JobCancellation cancellation) {
        return http.route(Route.post(0).admin(), request -> ApiResponse.ok(FinetuneJobView.of(
                cancellation.cancel(request.tenant(), request.pathParameter("job_id")))));
    }

    @Bean
    Function<InputStream, APIGatewayV2HTTPResponse> finetuneModels(HttpFunctions http, SpecialisationStore specialisations) {
        return http.route(Route.get(), request -> ApiResponse.ok(new ModelView.ModelList(request.tenant(),
                specialisations.versions(request.tenant()).stream().map(ModelView::of).toList())));
    }

    /** Rollback (or roll-forward): {@code POST /finetune/models/{version}/activate[?plug_id=...]}; no body. */
    @Bean
    Function<InputStream, APIGatewayV2HTTPResponse> finetuneActivate(HttpFunctions http, ModelActivation activation) {
        return http.route(Route.post(0).admin(), request -> ApiResponse.ok(ModelView.of(activation.activate(
                request.tenant(), request.query("plug_id").orElse(null), request.pathParameter("version")))));
    }

    @Bean
    ModelActivation modelActivation(SpecialisationStore specialisations, PlugCatalog catalog) {
        return new ModelActivation(specialisations, catalog);
    }

    // --- queue consumers ---------------------------------------------------------------------------------------

    /** Runs step messages; a message whose step threw is reported in {@code batchItemFailures} and redelivered. */
    @Bean
    Function<InputStream, SQSBatchResponse> finetuneStep(StepWorker worker) {
        return event -> SqsBatches.consume(event, "finetuneStep", body -> worker.handle(StepMessage.parse(body)),
                SqsBatches.Unreadable.REDELIVER);
    }

    /** Fails the jobs whose step messages were dead-lettered. */
    @Bean
    DeadLetterHandler deadLetterHandler(JobStore store, FinetuneMethods methods, Clock clock) {
        return new DeadLetterHandler(store, methods, clock);
    }

    /** The dead-letter queue is the last stop: a message no one can read is dropped (and logged) there. */
    @Bean
    Function<InputStream, SQSBatchResponse> finetuneDeadLetter(DeadLetterHandler handler) {
        return event -> SqsBatches.consume(event, "finetuneDeadLetter", body -> handler.handle(StepMessage.parse(body)),
                SqsBatches.Unreadable.DROP);
    }
}
