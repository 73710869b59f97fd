package com.smeplug.finetune;

import java.time.Clock;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A step message that failed {@code maxReceiveCount} deliveries lands on the dead-letter queue: the job it was for
 * is failed with the reason (the step, how often it was tried, its last error), and any outside work it started is
 * stopped. A dead-lettered message the job has already moved past changes nothing.
 */
final class DeadLetterHandler {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterHandler.class);

    private final JobStore store;
    private final FinetuneMethods methods;
    private final Clock clock;

    public DeadLetterHandler(JobStore store, FinetuneMethods methods, Clock clock) {
        this.store = store;
        this.methods = methods;
        this.clock = clock;
    }

    public StepWorker.Result handle(StepMessage message) {
        Optional<Job> found = store.find(message.tenantId(), message.jobId());
        if (found.isEmpty() || found.get().terminal()) {
            return StepWorker.Result.IGNORED;
        }
        Job job = found.get();
        String reason;
        if (message.seq() == job.seq()) {
            reason = "step '" + message.step() + "' failed on every delivery (" + job.attempts() + " attempt"
                    + (job.attempts() == 1 ? "" : "s") + ") and its message was moved to the dead-letter queue"
                    + (job.lastError() == null ? "" : "; last error: " + job.lastError());
        }
        else if (message.seq() == job.seq() - 1 && !job.isNextEnqueued()) {
            reason = "the message for step '" + job.currentStep() + "' could not be queued after step '" + message.step()
                    + "' completed; its message was moved to the dead-letter queue";
        }
        else {
            return StepWorker.Result.IGNORED;
        }
        methods.forJob(job).ifPresent(method -> {
            try {
                method.stop(job);
            }
            catch (RuntimeException e) {
                log.warn("could not stop outside work of failed job job_id={}: {}", job.jobId(), e.toString());
            }
        });
        int seq = job.seq();
        job.failed("dead-lettered", reason, clock.instant());
        if (!store.replace(job, seq)) {
            return StepWorker.Result.IGNORED;
        }
        log.warn("job failed from the dead-letter queue job_id={} tenant={} reason={}", job.jobId(), job.tenantId(), reason);
        return StepWorker.Result.APPLIED;
    }
}
