package com.smeplug.finetune;

import java.time.Clock;
import java.util.List;

/**
 * What a step's work may use: the job as it stands, its examples (read from the table once per run, on first use),
 * the clock, and a way to reserve the job's one specialisation version.
 */
final class StepContext {

    private final Job job;
    private final Clock clock;
    private final JobStore store;
    private List<Example> examples;

    StepContext(Job job, Clock clock, JobStore store) {
        this.job = job;
        this.clock = clock;
        this.store = store;
    }

    public Job job() {
        return job;
    }

    public Clock clock() {
        return clock;
    }

    public String step() {
        return job.currentStep();
    }

    /** The job's examples as submitted; fails the step (permanently) if they are missing or altered. */
    public List<Example> examples() {
        if (examples == null) {
            examples = store.examples(job);
        }
        return examples;
    }

    /**
     * The specialisation version this job publishes: allocated once per job and recorded on it, so a step that runs
     * again reuses it instead of publishing a second version.
     */
    public int reserveSpecVersion(SpecialisationStore specialisations) {
        return store.reserveSpecVersion(job, () -> specialisations.allocateVersion(job.tenantId(), job.plugId()));
    }
}
