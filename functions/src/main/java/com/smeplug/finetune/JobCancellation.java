package com.smeplug.finetune;

import java.time.Clock;
import java.util.List;

import com.smeplug.platform.http.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cancels a tenant's queued or running job: outside work is stopped first, then the job is marked cancelled (its next
 * step message finds it cancelled and does nothing). Once the last step has started, the job is publishing its result
 * and can no longer be cancelled (409), so a job never reads cancelled with its result published. Needs no queue.
 */
final class JobCancellation {

    private static final Logger log = LoggerFactory.getLogger(JobCancellation.class);

    private final JobStore store;
    private final FinetuneMethods methods;
    private final Clock clock;

    JobCancellation(JobStore store, FinetuneMethods methods, Clock clock) {
        this.store = store;
        this.methods = methods;
        this.clock = clock;
    }

    Job cancel(String tenantId, String jobId) {
        for (int attempt = 0; attempt < 3; attempt++) {
            Job job = store.get(tenantId, jobId);
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
}
