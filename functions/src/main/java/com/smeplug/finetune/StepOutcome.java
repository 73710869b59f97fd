package com.smeplug.finetune;

import java.util.Map;

/** What one run of a step produced. {@code detail} is the step's real output, shown to the tenant. */
sealed interface StepOutcome {

    String detail();

    /** The step's work is done; go on to the next planned step. {@code outputs} are kept for later steps. */
    record Done(String detail, Map<String, String> outputs) implements StepOutcome {
    }

    /**
     * The step is waiting on a provider: run it again after {@code delaySeconds}. {@code doneFraction} (0..1) is the
     * share of the provider's own reported sub-stages that are finished, never an estimate by time.
     */
    record Again(String detail, Map<String, String> outputs, double doneFraction, int delaySeconds) implements StepOutcome {
    }

    /** The last step is done: the job is complete with this model. */
    record Complete(String detail, String modelId, Map<String, String> outputs) implements StepOutcome {
    }

    /** The job cannot succeed; {@code error} says why (for the tenant). */
    record Fail(String detail, String error) implements StepOutcome {
    }

    /** The provider reports the work as stopped: the job ends cancelled. */
    record Stopped(String detail) implements StepOutcome {
    }
}
