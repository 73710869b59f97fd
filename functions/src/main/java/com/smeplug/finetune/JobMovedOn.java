package com.smeplug.finetune;

/** The job left the step this message was for (another delivery applied it, or it was cancelled): nothing to do. */
final class JobMovedOn extends RuntimeException {

    JobMovedOn(String message) {
        super(message, null, false, false);
    }
}
