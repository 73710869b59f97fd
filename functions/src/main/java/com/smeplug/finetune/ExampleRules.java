package com.smeplug.finetune;

import java.util.List;
import java.util.Optional;

import com.smeplug.platform.http.ApiException;

/**
 * What a tenant may submit: {@value #MIN_EXAMPLES}–{@value #MAX_EXAMPLES} examples, each a non-empty prompt of at
 * most {@value #MAX_PROMPT_CHARS} characters and a non-empty completion of at most {@value #MAX_COMPLETION_CHARS}.
 * Counts and shapes out of bounds are a 400, a field over its size limit a 413; each message names the limit.
 */
final class ExampleRules {

    static final int MIN_EXAMPLES = 10;
    static final int MAX_EXAMPLES = 10_000;
    static final int MAX_PROMPT_CHARS = 4_000;
    static final int MAX_COMPLETION_CHARS = 8_000;

    record Violation(int status, String message) {
    }

    private ExampleRules() {
    }

    static Optional<Violation> violation(List<Example> examples) {
        if (examples == null) {
            return Optional.of(new Violation(400, "examples is required: a list of " + MIN_EXAMPLES + " to " + MAX_EXAMPLES
                    + " objects {prompt, completion}"));
        }
        if (examples.size() < MIN_EXAMPLES) {
            return Optional.of(new Violation(400, "at least " + MIN_EXAMPLES + " examples are needed, got " + examples.size()));
        }
        if (examples.size() > MAX_EXAMPLES) {
            return Optional.of(new Violation(400, "at most " + MAX_EXAMPLES + " examples are accepted, got " + examples.size()));
        }
        for (int i = 0; i < examples.size(); i++) {
            Example example = examples.get(i);
            if (example == null) {
                return Optional.of(new Violation(400, "examples[" + i + "] must be an object {prompt, completion}"));
            }
            if (example.prompt() == null || example.prompt().isBlank()) {
                return Optional.of(new Violation(400, "examples[" + i + "].prompt must be a non-empty string"));
            }
            if (example.completion() == null || example.completion().isBlank()) {
                return Optional.of(new Violation(400, "examples[" + i + "].completion must be a non-empty string"));
            }
            if (example.prompt().length() > MAX_PROMPT_CHARS) {
                return Optional.of(new Violation(413, "examples[" + i + "].prompt is " + example.prompt().length()
                        + " characters; the limit is " + MAX_PROMPT_CHARS));
            }
            if (example.completion().length() > MAX_COMPLETION_CHARS) {
                return Optional.of(new Violation(413, "examples[" + i + "].completion is " + example.completion().length()
                        + " characters; the limit is " + MAX_COMPLETION_CHARS));
            }
        }
        return Optional.empty();
    }

    /** For the API: a violation is the client's mistake. */
    static void require(List<Example> examples) {
        violation(examples).ifPresent(v -> {
            throw v.status() == 413 ? ApiException.tooLarge(v.message()) : ApiException.invalid(v.message());
        });
    }

    /** For a step: stored examples that break the rules cannot be fixed by a retry. */
    static void check(List<Example> examples) {
        violation(examples).ifPresent(v -> {
            throw new StepFailure("stored examples break the rules: " + v.message());
        });
    }
}
