package com.smeplug.finetune;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies step messages with exactly-once effect on an at-least-once queue.
 * <ol>
 * <li>A message is applied only while the job is at the message's {@code seq} and not finished; otherwise it is a
 * duplicate, a redelivery or a stale message and is acknowledged without effect.</li>
 * <li>The worker records that the step started (attempts, times), does the step's work, then records the outcome
 * with a conditional write on the same {@code seq}; if another delivery or a cancel got there first, the outcome is
 * dropped (and outside effects undone by the method).</li>
 * <li>Only after the outcome is recorded is the next message sent, then {@code next_enqueued} set. If sending fails,
 * the exception makes the queue redeliver this message; the redelivery finds the job one step further with
 * {@code next_enqueued=false} and sends the next message again. So a job never waits for a message that was never
 * sent: either the send eventually succeeds, or the message ends in the dead-letter queue and the job is failed.</li>
 * </ol>
 * A step that throws is retried by redelivery (its last error is kept on the job); a {@link StepFailure} fails the
 * job at once.
 */
final class StepWorker {

    private static final Logger log = LoggerFactory.getLogger(StepWorker.class);

    public enum Result { APPLIED, RESENT_NEXT, IGNORED }

    private final JobStore store;
    private final StepQueue queue;
    private final FinetuneMethods methods;
    private final Clock clock;
    private final int stepDelaySeconds;

    public StepWorker(JobStore store, StepQueue queue, FinetuneMethods methods, Clock clock, int stepDelaySeconds) {
        this.store = store;
        this.queue = queue;
        this.methods = methods;
        this.clock = clock;
        this.stepDelaySeconds = stepDelaySeconds;
    }

    public Result handle(StepMessage message) {
        Optional<Job> found = store.find(message.tenantId(), message.jobId());
        if (found.isEmpty()) {
            log.warn("step message for unknown job job_id={} tenant={} step={}", message.jobId(), message.tenantId(), message.step());
            return Result.IGNORED;
        }
        Job job = found.get();
        if (message.seq() < job.seq()) {
            return catchUp(job, message);
        }
        if (message.seq() > job.seq() || job.terminal() || !Objects.equals(message.step(), job.currentStep())) {
            log.info("step message ignored job_id={} step={} seq={}: job is {} at seq {} ({})", job.jobId(), message.step(),
                    message.seq(), job.status(), job.seq(), job.currentStep());
            return Result.IGNORED;
        }
        int seq = job.seq();
        Optional<FinetuneMethod> known = methods.forJob(job);
        if (known.isEmpty()) {
            job.failed("method " + job.method() + " is not enabled here",
                    "this deployment cannot run " + job.method() + " jobs (USE_REAL_FINETUNE is off)", clock.instant());
            store.replace(job, seq);
            return Result.APPLIED;
        }
        FinetuneMethod method = known.get();
        job.stepStarted(clock.instant());
        if (!store.replace(job, seq)) {
            return Result.IGNORED;
        }
        StepOutcome outcome;
        try {
            outcome = method.run(new StepContext(job, clock, store));
        }
        catch (JobMovedOn e) {
            return Result.IGNORED;
        }
        catch (StepFailure e) {
            outcome = new StepOutcome.Fail(e.getMessage(), "step '" + message.step() + "' failed: " + e.getMessage());
        }
        catch (RuntimeException e) {
            store.noteFailure(job, describe(e));
            throw e;
        }
        int delay = record(job, method.plan(), outcome);
        if (!store.replace(job, seq)) {
            log.info("step outcome dropped job_id={} step={}: the job moved on meanwhile", job.jobId(), message.step());
            method.discarded(job, outcome);
            return Result.IGNORED;
        }
        log.info("step applied job_id={} tenant={} step={} status={} progress={}", job.jobId(), job.tenantId(),
                message.step(), job.status(), job.progress());
        if (!job.terminal()) {
            enqueueNext(job, delay);
        }
        return Result.APPLIED;
    }

    /** A message one behind the job: its step was applied; if the next message was never recorded as sent, send it. */
    private Result catchUp(Job job, StepMessage message) {
        if (message.seq() == job.seq() - 1 && !job.terminal() && !job.isNextEnqueued()) {
            log.warn("re-sending step message job_id={} step={} seq={}: its predecessor was redelivered before it was recorded as sent",
                    job.jobId(), job.currentStep(), job.seq());
            enqueueNext(job, stepDelaySeconds);
            return Result.RESENT_NEXT;
        }
        return Result.IGNORED;
    }

    private void enqueueNext(Job job, int delaySeconds) {
        queue.send(StepMessage.next(job), delaySeconds);
        store.markEnqueued(job);
    }

    /** Applies the outcome to the job; returns the delay before the next message. */
    private int record(Job job, List<FinetuneMethod.PlannedStep> plan, StepOutcome outcome) {
        var now = clock.instant();
        int index = job.stepIndex();
        if (outcome instanceof StepOutcome.Done done) {
            if (index == plan.size() - 1) {
                throw new IllegalStateException("the last step must complete the job, not hand on");
            }
            job.stepDone(done.detail(), done.outputs(), FinetuneMethod.progressThrough(plan, index), now);
            return stepDelaySeconds;
        }
        if (outcome instanceof StepOutcome.Again again) {
            int before = FinetuneMethod.progressThrough(plan, index - 1);
            int weight = plan.get(index).weight();
            double fraction = Math.max(0, Math.min(1, again.doneFraction()));
            job.stepRepeats(again.detail(), again.outputs(), before + (int) Math.floor((weight - 1) * fraction));
            return again.delaySeconds();
        }
        if (outcome instanceof StepOutcome.Complete complete) {
            job.completed(complete.detail(), complete.modelId(), complete.outputs(), now);
        }
        else if (outcome instanceof StepOutcome.Fail fail) {
            job.failed(fail.detail(), fail.error(), now);
        }
        else if (outcome instanceof StepOutcome.Stopped stopped) {
            job.cancelled(stopped.detail(), now);
        }
        return 0;
    }

    static String describe(Throwable e) {
        String text = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        return text.length() > 500 ? text.substring(0, 500) + "…" : text;
    }
}
