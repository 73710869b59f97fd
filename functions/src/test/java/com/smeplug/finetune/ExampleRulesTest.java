package com.smeplug.finetune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import com.smeplug.platform.http.ApiException;
import org.junit.jupiter.api.Test;

class ExampleRulesTest {

    @Test
    void fewer_than_ten_examples_is_a_400_naming_the_minimum() {
        assertThat(ExampleRules.violation(examples(9))).get()
                .isEqualTo(new ExampleRules.Violation(400, "at least 10 examples are needed, got 9"));
    }

    @Test
    void more_than_ten_thousand_examples_is_a_400_naming_the_maximum() {
        assertThat(ExampleRules.violation(examples(10_001))).get()
                .isEqualTo(new ExampleRules.Violation(400, "at most 10000 examples are accepted, got 10001"));
    }

    @Test
    void a_blank_completion_is_a_400_naming_the_example() {
        List<Example> examples = new ArrayList<>(examples(10));
        examples.set(3, new Example("q", "  "));

        assertThat(ExampleRules.violation(examples)).get().extracting(ExampleRules.Violation::message)
                .isEqualTo("examples[3].completion must be a non-empty string");
    }

    @Test
    void an_oversized_prompt_is_a_413_naming_the_character_limit() {
        List<Example> examples = new ArrayList<>(examples(10));
        examples.set(7, new Example("x".repeat(4_001), "a"));

        assertThatThrownBy(() -> ExampleRules.require(examples)).isInstanceOf(ApiException.class)
                .hasMessage("examples[7].prompt is 4001 characters; the limit is 4000")
                .extracting(e -> ((ApiException) e).status()).isEqualTo(413);
    }

    @Test
    void a_missing_example_object_is_a_400() {
        List<Example> examples = new ArrayList<>(examples(10));
        examples.set(0, null);

        assertThat(ExampleRules.violation(examples)).get().extracting(ExampleRules.Violation::status).isEqualTo(400);
    }

    @Test
    void stored_examples_that_break_the_rules_fail_the_step_permanently() {
        assertThatThrownBy(() -> ExampleRules.check(examples(3))).isInstanceOf(StepFailure.class)
                .hasMessageContaining("at least 10");
    }

    @Test
    void ten_to_ten_thousand_well_formed_examples_pass() {
        assertThat(ExampleRules.violation(examples(10))).isEmpty();
        assertThat(ExampleRules.violation(examples(10_000))).isEmpty();
    }

    private static List<Example> examples(int n) {
        return Collections.nCopies(n, new Example("What is a tort?", "A civil wrong."));
    }
}
