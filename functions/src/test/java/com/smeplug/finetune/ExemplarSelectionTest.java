package com.smeplug.finetune;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class ExemplarSelectionTest {

    @Test
    void picks_exemplars_from_different_topics_rather_than_rephrasings_of_one() {
        List<Example> examples = FinetuneFixtures.legalExamples();
        List<Integer> train = IntStream.range(0, examples.size()).boxed().toList();

        ExemplarSelection.Selection selection = ExemplarSelection.select(examples, train);

        // 50 training examples -> 7 exemplars; the fixture has 5 phrasings per topic, topics in blocks of 5
        assertThat(selection.chosen()).hasSize(7);
        assertThat(selection.chosen().stream().map(i -> i / 5).distinct().count()).isEqualTo(7);
    }

    @Test
    void is_deterministic() {
        List<Example> examples = FinetuneFixtures.legalExamples();
        List<Integer> train = IntStream.range(0, 40).boxed().toList();

        assertThat(ExemplarSelection.select(examples, train)).usingRecursiveComparison()
                .isEqualTo(ExemplarSelection.select(examples, train));
    }

    @Test
    void stays_within_the_character_budget() {
        List<Example> big = IntStream.range(0, 100)
                .mapToObj(i -> new Example("question number " + i + " about topic " + (i % 20), "y".repeat(7_000))).toList();

        ExemplarSelection.Selection selection = ExemplarSelection.select(big, IntStream.range(0, 100).boxed().toList());

        assertThat(selection.characters()).isLessThanOrEqualTo(ExemplarSelection.CHAR_BUDGET);
        assertThat(selection.chosen()).hasSize(3);
    }

    @Test
    void the_number_of_exemplars_grows_with_the_square_root_of_the_training_set_within_bounds() {
        assertThat(ExemplarSelection.size(8)).isEqualTo(3);
        assertThat(ExemplarSelection.size(40)).isEqualTo(6);
        assertThat(ExemplarSelection.size(800)).isEqualTo(16);
        assertThat(ExemplarSelection.size(2)).isEqualTo(2);
    }
}
