package com.smeplug.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import com.smeplug.chat.knowledge.Hit;
import com.smeplug.chat.knowledge.KnowledgePacks;
import com.smeplug.chat.knowledge.Passage;
import com.smeplug.chat.knowledge.Retriever;
import com.smeplug.plugs.PlugCatalog;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Answer quality on the HELD-OUT half of the natural-question set (never used for tuning), through the serving code
 * path with the real packs. The thresholds sit one to two questions under what the code reaches there
 * (infra/bench/answers/run; the computation is deterministic; eighth pass, thesaurus entries embedded as phrases:
 * hit@1 0.827, hit@3 0.926, abstention 1.000 of 30, routing 0.963). The issue's targets: hit@3 0.90, hit@1 0.75,
 * abstention 0.85, routing 0.95.
 */
class AnswerQualityTest {

    static final double MIN_HIT_AT_1 = 0.81;
    static final double MIN_HIT_AT_3 = 0.90;
    static final double MIN_ABSTENTION = 0.95;
    static final double MIN_ROUTING = 0.95;

    static AnswerEvaluation evaluation;
    static AnswerEvaluation.Scores heldOut;

    @BeforeAll
    static void score() {
        evaluation = AnswerEvaluation.withRealPacks();
        heldOut = evaluation.score(EvaluationSet.load().half(EvaluationSet.Half.HELD_OUT));
    }

    @Test
    void natural_questions_held_out_from_tuning_are_answered_with_a_right_passage() {
        assertThat(heldOut.hit1()).as(heldOut.report("held-out")).isGreaterThanOrEqualTo(MIN_HIT_AT_1);
        assertThat(heldOut.hit3()).as(heldOut.report("held-out")).isGreaterThanOrEqualTo(MIN_HIT_AT_3);
    }

    @Test
    void questions_no_pack_answers_get_no_citation() {
        assertThat(heldOut.abstention()).as(heldOut.report("held-out")).isGreaterThanOrEqualTo(MIN_ABSTENTION);
    }

    @Test
    void questions_go_to_the_plug_that_answers_them_and_never_to_the_tenants_records() {
        assertThat(heldOut.routing()).as(heldOut.report("held-out")).isGreaterThanOrEqualTo(MIN_ROUTING);
    }

    @Test
    void the_misses_reported_on_the_issue_are_answered_from_the_right_passage() {
        EvaluationSet set = EvaluationSet.load();
        for (String id : List.of("L01", "L02", "H02", "E01", "H01")) {
            EvaluationSet.Item item = set.items().stream().filter(i -> i.id().equals(id)).findFirst().orElseThrow();

            AnswerEvaluation.Outcome outcome = evaluation.ask(item);

            assertThat(outcome.routed()).as(id + " " + outcome).isTrue();
            assertThat(outcome.rank()).as(id + " " + outcome).isPositive();
        }
    }

    @Test
    void a_data_access_request_about_a_clients_file_asked_of_the_legal_plug_is_answered_with_the_access_right() {
        // the issue's "file" matched "filing" miss (a data-access request answered with the patent term): "file" no
        // longer stems to "filing", and the thesaurus entry "right of access" reaches the sentence model as a phrase
        String question = "A former client emailed asking for a copy of everything we hold in our file on her. "
                + "How long do we have to get back to her?";
        ReplyEngine engine = evaluation.engine();

        Answer answer = engine.answer(AnswerEvaluation.TENANT, engine.route("legal", AnswerEvaluation.ALL_PLUGS,
                question, null, null), question, null, List.of(), Optional.empty());

        assertThat(answer.citations()).extracting(Citation::passageId).doesNotContain("legal-056").first()
                .isEqualTo("legal-008");
    }

    @Test
    void asked_as_wordings_find_a_passage_but_are_never_shown_quoted_cited_or_sent_to_the_model() {
        List<Passage> passages = KnowledgePacks.load(AnswerEvaluation.ALL_PLUGS);
        List<String> wordings = passages.stream().flatMap(p -> p.askedAs().stream()).toList();
        ReplyEngine engine = evaluation.engine();
        Retriever retriever = Retriever.build(passages, TestPacks.model());
        PlugCatalog catalog = PlugCatalog.load();
        int cited = 0;
        for (Passage passage : passages) {
            String question = passage.askedAs().get(0);
            Answer answer = engine.answer(AnswerEvaluation.TENANT, new PlugChoice(passage.plugId(), "requested"), question,
                    null, List.of(), Optional.empty());
            List<Hit> hits = retriever.search(question, null, List.of(passage.plugId()), 3);
            String prompt = ModelPrompt.system(new Question(AnswerEvaluation.TENANT, catalog.find(passage.plugId()).orElseThrow(),
                    question, List.of(), hits, Optional.empty()));
            String shown = answer.reply() + answer.citations() + prompt;
            assertThat(wordings).as(passage.id()).noneMatch(shown::contains);
            cited += answer.citations().stream().anyMatch(c -> passage.id().equals(c.passageId())) ? 1 : 0;
        }
        // the wordings do their job: asked of its own plug, most passages are cited for their own first wording
        assertThat(cited).as("passages cited for their own first wording").isGreaterThan(passages.size() * 3 / 4);
    }
}
