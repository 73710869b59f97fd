package com.smeplug.finetune;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import com.smeplug.platform.http.ApiException;
import com.smeplug.plugs.Plug;
import com.smeplug.plugs.PlugCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starting a tenant's job: checked, stored, and its first step queued. The tenant always comes from the token. */
final class FinetuneService {

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

    private String plugIds() {
        return String.join(", ", catalog.all().stream().map(Plug::plugId).toList());
    }

    /** Enough of what the caller sent to recognise it, never an arbitrarily long echo of it. */
    private static String echo(String value) {
        return value.length() <= MAX_ECHOED_CHARS ? value : value.substring(0, MAX_ECHOED_CHARS) + "…";
    }
}
