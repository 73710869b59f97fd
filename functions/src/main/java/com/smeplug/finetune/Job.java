package com.smeplug.finetune;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fine-tune job and the rules by which it moves. {@code seq} numbers the step messages: a message is applied only
 * while the job's {@code seq} equals the message's, and every applied message moves {@code seq} on, so a duplicate,
 * a redelivery or a stale message finds the job elsewhere and changes nothing. Progress is the sum of the weights of
 * the steps whose work is done (within a polled step, the share of the provider's own sub-stages that are done).
 */
final class Job {

    public static final String QUEUED = "queued";
    public static final String RUNNING = "running";
    public static final String COMPLETE = "complete";
    public static final String FAILED = "failed";
    public static final String CANCELLED = "cancelled";

    private final String tenantId;
    private final String jobId;
    private final String plugId;
    private final String method;
    private final boolean mockMode;
    private final String source;
    private final Instant createdAt;
    private final int exampleCount;
    private final int exampleChunks;
    private final String examplesSha256;

    private String status;
    private int progress;
    private int stepIndex;
    private int seq;
    private List<JobStep> steps;
    private String modelId;
    private Instant startedAt;
    private Instant completedAt;
    private String error;
    private Map<String, String> outputs;
    private boolean nextEnqueued;
    private int attempts;
    private String lastError;
    private int polls;
    private Integer specVersion;

    Job(String tenantId, String jobId, String plugId, String method, boolean mockMode, String source, Instant createdAt,
            int exampleCount, int exampleChunks, String examplesSha256, String status, int progress, int stepIndex,
            int seq, List<JobStep> steps, String modelId, Instant startedAt, Instant completedAt, String error,
            Map<String, String> outputs, boolean nextEnqueued, int attempts, String lastError, int polls,
            Integer specVersion) {
        this.tenantId = tenantId;
        this.jobId = jobId;
        this.plugId = plugId;
        this.method = method;
        this.mockMode = mockMode;
        this.source = source;
        this.createdAt = createdAt;
        this.exampleCount = exampleCount;
        this.exampleChunks = exampleChunks;
        this.examplesSha256 = examplesSha256;
        this.status = status;
        this.progress = progress;
        this.stepIndex = stepIndex;
        this.seq = seq;
        this.steps = new ArrayList<>(steps);
        this.modelId = modelId;
        this.startedAt = startedAt;
        this.completedAt = completedAt;
        this.error = error;
        this.outputs = new LinkedHashMap<>(outputs);
        this.nextEnqueued = nextEnqueued;
        this.attempts = attempts;
        this.lastError = lastError;
        this.polls = polls;
        this.specVersion = specVersion;
    }

    /** A new job: queued, progress 0, every planned step pending. */
    static Job queued(String tenantId, String jobId, String plugId, FinetuneMethod method, Instant now, int exampleCount,
            int exampleChunks, String examplesSha256) {
        List<JobStep> steps = method.plan().stream().map(step -> JobStep.pending(step.name())).toList();
        return new Job(tenantId, jobId, plugId, method.name(), method.mockMode(), method.source(), now, exampleCount,
                exampleChunks, examplesSha256, QUEUED, 0, 0, 0, steps, null, null, null, null, Map.of(), false, 0, null,
                0, null);
    }

    // --- transitions -------------------------------------------------------------------------------------------

    /** The worker begins (or retries) the current step. */
    void stepStarted(Instant now) {
        status = RUNNING;
        if (startedAt == null) {
            startedAt = now;
        }
        steps.set(stepIndex, steps.get(stepIndex).running(now));
        attempts++;
    }

    /** The current step's work is done: record it, move to the next step and to the next message. */
    void stepDone(String detail, Map<String, String> newOutputs, int newProgress, Instant now) {
        steps.set(stepIndex, steps.get(stepIndex).ended(JobStep.COMPLETE, now, detail));
        outputs.putAll(newOutputs);
        progress = Math.max(progress, Math.min(99, newProgress));
        stepIndex++;
        nextMessage();
    }

    /** The current step must run again later (a provider still working): same step, next message. */
    void stepRepeats(String detail, Map<String, String> newOutputs, int newProgress) {
        steps.set(stepIndex, steps.get(stepIndex).withDetail(detail));
        outputs.putAll(newOutputs);
        progress = Math.max(progress, Math.min(99, newProgress));
        polls++;
        nextMessage();
    }

    /** The last step is done: the job is complete, with the model it produced. 100 only here. */
    void completed(String detail, String newModelId, Map<String, String> newOutputs, Instant now) {
        steps.set(stepIndex, steps.get(stepIndex).ended(JobStep.COMPLETE, now, detail));
        outputs.putAll(newOutputs);
        modelId = newModelId;
        progress = 100;
        finish(COMPLETE, now);
    }

    /** The job cannot go on: the current step failed (with what it found), later steps are skipped. */
    void failed(String detail, String reason, Instant now) {
        if (stepIndex < steps.size()) {
            steps.set(stepIndex, steps.get(stepIndex).ended(JobStep.FAILED, now, detail));
        }
        error = reason;
        skipRest();
        finish(FAILED, now);
    }

    /** Stopped on request (or by the provider): the current step is cancelled, later steps are skipped. */
    void cancelled(String detail, Instant now) {
        if (stepIndex < steps.size()) {
            JobStep current = steps.get(stepIndex);
            steps.set(stepIndex, current.status().equals(JobStep.PENDING)
                    ? new JobStep(current.name(), JobStep.CANCELLED, null, null, detail)
                    : current.ended(JobStep.CANCELLED, now, detail));
        }
        skipRest();
        finish(CANCELLED, now);
    }

    void nextEnqueued() {
        nextEnqueued = true;
    }

    void specVersion(int version) {
        specVersion = version;
    }

    private void skipRest() {
        for (int i = stepIndex + 1; i < steps.size(); i++) {
            if (steps.get(i).status().equals(JobStep.PENDING)) {
                steps.set(i, new JobStep(steps.get(i).name(), JobStep.SKIPPED, null, null, null));
            }
        }
    }

    private void finish(String terminalStatus, Instant now) {
        status = terminalStatus;
        completedAt = now;
        nextMessage();
    }

    private void nextMessage() {
        seq++;
        nextEnqueued = false;
        attempts = 0;
        lastError = null;
    }

    // --- reading -----------------------------------------------------------------------------------------------

    public boolean terminal() {
        return status.equals(COMPLETE) || status.equals(FAILED) || status.equals(CANCELLED);
    }

    /** The step the next message will run, or null once every step is done. */
    public String currentStep() {
        return stepIndex < steps.size() ? steps.get(stepIndex).name() : null;
    }

    public String tenantId() {
        return tenantId;
    }

    public String jobId() {
        return jobId;
    }

    public String plugId() {
        return plugId;
    }

    public String method() {
        return method;
    }

    public boolean mockMode() {
        return mockMode;
    }

    public String source() {
        return source;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public int exampleCount() {
        return exampleCount;
    }

    public int exampleChunks() {
        return exampleChunks;
    }

    public String examplesSha256() {
        return examplesSha256;
    }

    public String status() {
        return status;
    }

    public int progress() {
        return progress;
    }

    public int stepIndex() {
        return stepIndex;
    }

    public int seq() {
        return seq;
    }

    public List<JobStep> steps() {
        return List.copyOf(steps);
    }

    public String modelId() {
        return modelId;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public Instant completedAt() {
        return completedAt;
    }

    public String error() {
        return error;
    }

    public Map<String, String> outputs() {
        return Map.copyOf(outputs);
    }

    public String output(String name) {
        return outputs.get(name);
    }

    public boolean isNextEnqueued() {
        return nextEnqueued;
    }

    public int attempts() {
        return attempts;
    }

    public String lastError() {
        return lastError;
    }

    public int polls() {
        return polls;
    }

    public Integer specVersion() {
        return specVersion;
    }
}
