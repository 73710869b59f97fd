package com.smeplug.finetune;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import com.smeplug.platform.http.ApiException;
import com.smeplug.plugs.Plug;
import com.smeplug.plugs.PlugCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starting, reading and cancelling a tenant's jobs. The tenant always comes from the token. */
public final class FinetuneService {

    private static final Logger log = LoggerFactory.getLogger(FinetuneService.class);
    /** Examples are kept this long after submission (TTL on their items). */
    static final Duration EXAMPLE_RETENTION = Duration.ofDays(30);
    private static final int MAX_ECHOED_CHARS = 40;

    private final JobStore store;
    private final StepQueue queue;
    private final FinetuneMethods methods;
    private final PlugCatalog catalog;
    private final Clock clock;

    public FinetuneService(JobStore store, StepQueue queue, FinetuneMethods methods, PlugCatalog catalog, Clock clock) {
        this.store = store;
        this.queue = queue;
        this.methods = methods;
        this.catalog = catalog;
        this.clock = clock;
    }

    /**
     * Validates, stores the examples and the queued job, then sends the first step message (no delay). If that send
     * fails even after the SDK's retries, the job is marked failed at once (nothing else would ever run it) and the
     * request fails with 503.
     */
    public Job start(String tenantId, StartRequest request) {
        if (request.datasetUri() != null) {
            throw ApiException.invalid("dataset_uri is not supported yet; send the examples inline as examples [{prompt, completion}]");
        }
        if (request.plugId() == null || request.plugId().isBlank()) {
            throw ApiException.invalid("plug_id is required (one of " + plugIds() + ")");
        }
        if (!catalog.contains(request.plugId())) {
            throw ApiException.invalid("unknown plug_id '" + echo(request.plugId()) + "' (one of " + plugIds() + ")");
        }
        ExampleRules.require(request.examples());
        FinetuneMethod method = methods.active();
        JobStore.ExampleChunks chunks = JobStore.ExampleChunks.of(request.examples());
        Instant now = clock.instant();
        Job job = Job.queued(tenantId, JobIds.next(clock), request.plugId(), method, now, request.examples().size(),
                chunks.chunks().size(), chunks.sha256());
        store.create(job, chunks, now.plus(EXAMPLE_RETENTION));
        try {
            queue.send(StepMessage.next(job), 0);
        }
        catch (RuntimeException e) {
            int seq = job.seq();
            job.failed("not queued", "the first step could not be queued (" + StepWorker.describe(e) + "); submit the job again",
                    clock.instant());
            try {
                store.replace(job, seq);
            }
            catch (RuntimeException ignored) {
                log.error("job left queued without a message job_id={} tenant={}", job.jobId(), tenantId);
            }
            throw e;
        }
        log.info("finetune job queued job_id={} tenant={} plug={} method={} examples={}", job.jobId(), tenantId,
                job.plugId(), job.method(), job.exampleCount());
        return job;
    }

    public Job get(String tenantId, String jobId) {
        return find(tenantId, jobId).orElseThrow(() -> ApiException.notFound("not_found", "no fine-tune job " + jobId + " for this tenant"));
    }

    public Optional<Job> find(String tenantId, String jobId) {
        if (!JobIds.valid(jobId)) {
            return Optional.empty();
        }
        return store.find(tenantId, jobId);
    }

    public List<Job> list(String tenantId, int limit) {
        return store.list(tenantId, limit);
    }

    /**
     * Cancels a queued or running job: outside work is stopped first, then the job is marked cancelled (its next step
     * message finds it cancelled and does nothing). Once the last step has started, the job is publishing its result
     * and can no longer be cancelled (409), so a job never reads cancelled with its result published.
     */
    public Job cancel(String tenantId, String jobId) {
        for (int attempt = 0; attempt < 3; attempt++) {
            Job job = get(tenantId, jobId);
            if (job.terminal()) {
                throw ApiException.conflict("job_finished", "job " + jobId + " is already " + job.status());
            }
            if (finishing(job)) {
                throw ApiException.conflict("job_finishing", "job " + jobId + " is publishing its result and can no longer be cancelled");
            }
            methods.forJob(job).ifPresent(method -> method.stop(job));
            int seq = job.seq();
            int attempts = job.attempts();
            job.cancelled("cancelled by the tenant", clock.instant());
            if (store.replaceUnchanged(job, seq, attempts)) {
                log.info("finetune job cancelled job_id={} tenant={}", jobId, tenantId);
                return job;
            }
        }
        throw ApiException.conflict("job_busy", "job " + jobId + " kept changing while cancelling; try again");
    }

    private static boolean finishing(Job job) {
        List<JobStep> steps = job.steps();
        return job.stepIndex() == steps.size() - 1 && !steps.get(job.stepIndex()).status().equals(JobStep.PENDING);
    }

    private String plugIds() {
        return String.join(", ", catalog.all().stream().map(Plug::plugId).toList());
    }

    /** Enough of what the caller sent to recognise it, never an arbitrarily long echo of it. */
    private static String echo(String value) {
        return value.length() <= MAX_ECHOED_CHARS ? value : value.substring(0, MAX_ECHOED_CHARS) + "…";
    }
}
