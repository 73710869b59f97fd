package com.smeplug.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;

import com.smeplug.chat.knowledge.KnowledgePacks;
import com.smeplug.chat.knowledge.Passage;
import com.smeplug.plugs.Plug;
import com.smeplug.plugs.PlugCatalog;
import org.junit.jupiter.api.Test;

class KnowledgePacksTest {

    private static final List<Passage> PASSAGES = KnowledgePacks.load(
            PlugCatalog.load().all().stream().map(Plug::plugId).toList());

    @Test
    void no_passage_holds_a_question_that_a_user_might_ask_word_for_word() {
        // Questions planted in passages made retrieval look good on exactly those questions (SPEC §1 rule 7).
        assertThat(PASSAGES).allSatisfy(p -> assertThat(OfflineResponder.split(p.text()))
                .as(p.id()).noneMatch(sentence -> sentence.endsWith("?")));
    }

    @Test
    void every_passage_has_ways_users_ask_for_it_that_are_not_its_own_words() {
        // asked_as is index-only: a wording that is a sentence of the passage, or its opening, adds nothing to retrieval
        // and would read as the passage quoting a question (SPEC §1 rule 7)
        assertThat(PASSAGES).allSatisfy(p -> {
            assertThat(p.askedAs()).as(p.id()).hasSizeGreaterThanOrEqualTo(2).doesNotHaveDuplicates();
            List<String> sentences = OfflineResponder.split(p.text()).stream().map(KnowledgePacksTest::normalised).toList();
            String text = normalised(p.text());
            assertThat(p.askedAs()).as(p.id()).allSatisfy(wording -> {
                String asked = normalised(wording);
                assertThat(sentences).as(p.id() + ": " + wording).doesNotContain(asked);
                assertThat(text).as(p.id() + ": " + wording).doesNotStartWith(asked.substring(0, Math.min(asked.length(), 30)));
            });
        });
    }

    @Test
    void no_asked_as_wording_is_a_near_copy_of_an_evaluation_question() {
        // The wordings were written blind to the evaluation set; this keeps anyone from planting its questions there.
        EvaluationSet questions = EvaluationSet.load();
        assertThat(PASSAGES).allSatisfy(p -> assertThat(p.askedAs()).allSatisfy(wording -> assertThat(
                questions.closestQuestion(wording)).as(p.id() + ": " + wording).isLessThan(NEAR_COPY)));
    }

    /** Token Jaccard at or above which a wording counts as a copy of a question (reworded ones score up to ~0.5). */
    private static final double NEAR_COPY = 0.6;

    private static String normalised(String text) {
        return text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", " ").strip();
    }

    @Test
    void every_gold_passage_of_the_evaluation_set_exists_in_the_plug_it_is_expected_from() {
        EvaluationSet set = EvaluationSet.load();

        assertThat(set.items()).allSatisfy(item -> assertThat(item.gold()).as(item.id()).allSatisfy(id ->
                assertThat(PASSAGES).anyMatch(p -> p.id().equals(id) && p.plugId().equals(item.plug()))));
    }

    @Test
    void the_evaluation_set_is_large_enough_to_mean_something_and_both_halves_hold_every_kind() {
        EvaluationSet set = EvaluationSet.load();

        for (String plug : AnswerEvaluation.ALL_PLUGS) {
            assertThat(set.items().stream().filter(i -> plug.equals(i.plug())).count()).as(plug).isGreaterThanOrEqualTo(40);
        }
        assertThat(set.items().stream().filter(i -> !i.answerable()).count()).isGreaterThanOrEqualTo(20);
        assertThat(set.items().stream().filter(i -> i.kind().equals("situation")).count())
                .isGreaterThanOrEqualTo(set.items().size() / 3);
        for (EvaluationSet.Half half : EvaluationSet.Half.values()) {
            assertThat(set.half(half).items()).extracting(EvaluationSet.Item::kind)
                    .contains("fact", "situation", "none");
        }
    }
}
