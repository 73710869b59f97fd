package com.smeplug.finetune;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class HoldoutSplitTest {

    @Test
    void holds_out_a_fifth_of_fifty_examples_and_trains_on_the_rest() {
        List<Example> examples = FinetuneFixtures.legalExamples();

        HoldoutSplit.Split split = HoldoutSplit.of(examples, all(examples));

        assertThat(split.holdout()).hasSize(10);
        assertThat(split.train()).hasSize(40);
        Set<Integer> both = new HashSet<>(split.train());
        both.retainAll(split.holdout());
        assertThat(both).isEmpty();
    }

    @Test
    void every_example_of_a_repeated_prompt_lands_on_the_same_side() {
        List<Example> examples = new ArrayList<>(FinetuneFixtures.legalExamples());
        examples.add(new Example(examples.get(0).prompt(), "another answer to the same question"));
        examples.add(new Example("  " + examples.get(0).prompt().toUpperCase() + " ", "and a third"));

        HoldoutSplit.Split split = HoldoutSplit.of(examples, all(examples));

        boolean firstHeldOut = split.holdout().contains(0);
        assertThat(split.holdout().contains(50)).isEqualTo(firstHeldOut);
        assertThat(split.holdout().contains(51)).isEqualTo(firstHeldOut);
    }

    @Property(tries = 30)
    void the_same_examples_split_the_same_way_in_any_order(@ForAll @IntRange(min = 0, max = 10_000) int seed) {
        List<Example> examples = FinetuneFixtures.legalExamples();
        List<Example> shuffled = new ArrayList<>(examples);
        Collections.shuffle(shuffled, new Random(seed));

        HoldoutSplit.Split original = HoldoutSplit.of(examples, all(examples));
        HoldoutSplit.Split reordered = HoldoutSplit.of(shuffled, all(shuffled));

        assertThat(prompts(reordered.holdout(), shuffled)).isEqualTo(prompts(original.holdout(), examples));
    }

    private static Set<String> prompts(List<Integer> indices, List<Example> examples) {
        Set<String> prompts = new HashSet<>();
        indices.forEach(i -> prompts.add(examples.get(i).prompt()));
        return prompts;
    }

    private static List<Integer> all(List<Example> examples) {
        return IntStream.range(0, examples.size()).boxed().toList();
    }
}
