package com.smeplug.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

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
