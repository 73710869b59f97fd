package com.smeplug.finetune;

import com.smeplug.platform.http.Json;

/**
 * The body of a step message: which job, which step, and the job's message sequence number it was sent for. The
 * step is applied only while the job is still at {@code seq}.
 */
record StepMessage(String jobId, String tenantId, String step, int stepIndex, int seq) {

    static StepMessage next(Job job) {
        return new StepMessage(job.jobId(), job.tenantId(), job.currentStep(), job.stepIndex(), job.seq());
    }

    /** Parses a body; anything that is not a complete step message is an {@link IllegalArgumentException}. */
    static StepMessage parse(String body) {
        StepMessage message;
        try {
            message = Json.read(body, StepMessage.class);
        }
        catch (RuntimeException e) {
            throw new IllegalArgumentException("not a step message: " + e.getMessage());
        }
        if (message == null || message.jobId() == null || message.tenantId() == null || message.step() == null) {
            throw new IllegalArgumentException("step message lacks job_id, tenant_id or step");
        }
        return message;
    }

    String toJson() {
        return Json.write(this);
    }
}
