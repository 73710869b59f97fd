package com.smeplug.finetune;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import com.smeplug.platform.http.ApiException;

/** The FinetuneJob shape of the API (SPEC §2), plus when it was created, how many examples and who does the work. */
record FinetuneJobView(String jobId, String tenantId, String plugId, String status, int progress, String method,
        List<JobStep> steps, String modelId, Instant createdAt, Instant startedAt, Instant completedAt, String error,
        int exampleCount, boolean mockMode, String source) {

    static FinetuneJobView of(Job job) {
        return new FinetuneJobView(job.jobId(), job.tenantId(), job.plugId(), job.status(), job.progress(), job.method(),
                job.steps(), job.modelId(), job.createdAt(), job.startedAt(), job.completedAt(), job.error(),
                job.exampleCount(), job.mockMode(), job.source());
    }

    /** {@code GET /finetune/jobs}. */
    public record JobList(String tenantId, List<FinetuneJobView> jobs) {

        static final int DEFAULT_LIMIT = 20;
        static final int MAX_LIMIT = 100;

        /** How many jobs {@code ?limit=} asks for: 1 to 100, 20 when not asked; 400 otherwise. */
        static int limit(Optional<String> asked) {
            return asked.map(JobList::limit).orElse(DEFAULT_LIMIT);
        }

        private static int limit(String text) {
            try {
                int limit = Integer.parseInt(text);
                if (limit >= 1 && limit <= MAX_LIMIT) {
                    return limit;
                }
            }
            catch (NumberFormatException ignored) {
                // falls through to the error
            }
            throw ApiException.invalid("limit must be a whole number from 1 to " + MAX_LIMIT);
        }
    }
}
