package com.smeplug.finetune;

import java.time.Instant;

/** One step of a job as the API shows it: its state, when it ran and what it produced. */
record JobStep(String name, String status, Instant startedAt, Instant completedAt, String detail) {

    public static final String PENDING = "pending";
    public static final String RUNNING = "running";
    public static final String COMPLETE = "complete";
    public static final String FAILED = "failed";
    public static final String CANCELLED = "cancelled";
    public static final String SKIPPED = "skipped";

    static JobStep pending(String name) {
        return new JobStep(name, PENDING, null, null, null);
    }

    JobStep running(Instant now) {
        return new JobStep(name, RUNNING, startedAt == null ? now : startedAt, null, detail);
    }

    JobStep withDetail(String newDetail) {
        return new JobStep(name, status, startedAt, completedAt, newDetail);
    }

    JobStep ended(String endStatus, Instant now, String endDetail) {
        return new JobStep(name, endStatus, startedAt == null ? now : startedAt, now, endDetail == null ? detail : endDetail);
    }
}
