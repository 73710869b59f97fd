package com.smeplug.finetune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class TokenF1Test {

    @Test
    void the_same_words_score_one_whatever_the_case_punctuation_and_articles() {
        assertThat(TokenF1.f1("The notice period is ONE month.", "notice period is one month")).isEqualTo(1.0);
    }

    @Test
    void no_word_in_common_scores_zero() {
        assertThat(TokenF1.f1("steel beams", "hipaa audit")).isZero();
    }

    @Test
    void partial_overlap_is_the_harmonic_mean_of_precision_and_recall() {
        // answer: 4 words, reference: 2 words, 2 in common -> precision 0.5, recall 1.0 -> F1 2/3
        assertThat(TokenF1.f1("one month notice period", "one month")).isCloseTo(2.0 / 3, within(1e-9));
    }

    @Test
    void repeated_words_count_only_as_often_as_the_reference_has_them() {
        // answer "month month month" vs "month": 1 in common, precision 1/3, recall 1 -> 0.5
        assertThat(TokenF1.f1("month month month", "month")).isCloseTo(0.5, within(1e-9));
    }
}
