package com.smeplug.finetune;

import java.util.List;

import com.smeplug.platform.Provenance;

/**
 * How a plug is specialised: its planned steps (with the share of progress each one's work is worth) and the work of
 * each step. Two implementations side by side: prompt specialisation computed here from the tenant's examples
 * (sample, {@code USE_REAL_FINETUNE=false}) and Amazon Bedrock model customization (real). A step must be safe to
 * run again for the same job (a redelivered message re-runs a step whose result was not recorded).
 */
interface FinetuneMethod extends Provenance {

    String name();

    List<PlannedStep> plan();

    StepOutcome run(StepContext context);

    /** The outcome could not be recorded because the job moved on (cancelled meanwhile): undo outside effects. */
    default void discarded(Job job, StepOutcome outcome) {
    }

    /** Stops outside work this job started (cancel, dead letter); a method without outside work does nothing. */
    default void stop(Job job) {
    }

    record PlannedStep(String name, int weight) {
    }

    /** Progress once {@code stepIndex}'s work is done: the weights of it and every step before it. */
    static int progressThrough(List<PlannedStep> plan, int stepIndex) {
        int total = 0;
        for (int i = 0; i <= stepIndex && i < plan.size(); i++) {
            total += plan.get(i).weight();
        }
        return total;
    }
}
