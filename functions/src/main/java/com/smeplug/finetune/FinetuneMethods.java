package com.smeplug.finetune;

import java.util.Optional;

/**
 * The method new jobs use (chosen by {@code USE_REAL_FINETUNE}) and the one an existing job needs: every job keeps
 * the method it was created with. Prompt specialisation needs no credentials and can always finish its jobs; a
 * Bedrock job found where real fine-tuning is off cannot be driven and fails saying so.
 */
final class FinetuneMethods {

    private final FinetuneMethod active;
    private final PromptSpecialisationMethod sample;

    public FinetuneMethods(FinetuneMethod active, PromptSpecialisationMethod sample) {
        this.active = active;
        this.sample = sample;
    }

    public FinetuneMethod active() {
        return active;
    }

    public Optional<FinetuneMethod> forJob(Job job) {
        if (job.method().equals(active.name())) {
            return Optional.of(active);
        }
        if (job.method().equals(sample.name())) {
            return Optional.of(sample);
        }
        return Optional.empty();
    }
}
