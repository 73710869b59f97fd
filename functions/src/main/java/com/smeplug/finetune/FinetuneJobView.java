package com.smeplug.finetune;

import java.time.Instant;
import java.util.List;

/** The FinetuneJob shape of the API (SPEC §2), plus when it was created, how many examples and who does the work. */
public record FinetuneJobView(String jobId, String tenantId, String plugId, String status, int progress, String method,
        List<JobStep> steps, String modelId, Instant createdAt, Instant startedAt, Instant completedAt, String error,
        int exampleCount, boolean mockMode, String source) {

    static FinetuneJobView of(Job job) {
        return new FinetuneJobView(job.jobId(), job.tenantId(), job.plugId(), job.status(), job.progress(), job.method(),
                job.steps(), job.modelId(), job.createdAt(), job.startedAt(), job.completedAt(), job.error(),
                job.exampleCount(), job.mockMode(), job.source());
    }

    /** {@code GET /finetune/jobs}. */
    public record JobList(String tenantId, List<FinetuneJobView> jobs) {
    }
}
