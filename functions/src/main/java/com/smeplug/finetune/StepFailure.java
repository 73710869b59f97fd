package com.smeplug.finetune;

/**
 * A step found a problem that no retry can fix (its examples are missing or altered, a provider rejected the
 * request): the job fails at once with this message instead of burning redeliveries.
 */
class StepFailure extends RuntimeException {

    public StepFailure(String message) {
        super(message);
    }

    public StepFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
