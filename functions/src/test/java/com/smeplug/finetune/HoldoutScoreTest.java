package com.smeplug.finetune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import com.smeplug.answers.UnspecialisedAnswers;
import com.smeplug.finetune.Specialisations.Exemplar;
import com.smeplug.finetune.Specialisations.Specialisation;
import com.smeplug.plugs.Plug;
import com.smeplug.plugs.PlugCatalog;
import org.junit.jupiter.api.Test;

/** The evaluate step's score: the specialisation against what chat answers without it, prompt by prompt. */
class HoldoutScoreTest {

    private static final PlugCatalog CATALOG = PlugCatalog.load();
    private static final Plug LEGAL = CATALOG.find("legal").orElseThrow();

    private final List<Example> examples = FinetuneFixtures.legalExamples();
    private final HoldoutSplit.Split split = HoldoutSplit.of(examples, PromptSpecialisationMethod.distinct(examples));

    @Test
    void the_baseline_of_every_hold_out_prompt_is_the_unspecialised_answer_for_that_plug() {
        List<String> asked = new ArrayList<>();
        UnspecialisedAnswers answers = (plugId, question) -> {
            asked.add(plugId + ": " + question);
            return "Consult the legal knowledge pack.";
        };

        var score = method(answers).score(examples, split.holdout(), noExemplars(), LEGAL);

        assertThat(asked).containsExactlyElementsOf(
                split.holdout().stream().map(h -> "legal: " + examples.get(h).prompt()).toList());
        double expected = split.holdout().stream()
                .mapToDouble(h -> TokenF1.f1("Consult the legal knowledge pack.", examples.get(h).completion()))
                .average().orElseThrow();
        assertThat(score.baseline()).isCloseTo(expected, within(1e-12));
        // with no exemplar to match, chat serves every hold-out prompt exactly as without a specialisation
        assertThat(score.matched()).isZero();
        assertThat(score.specialised()).isEqualTo(score.baseline());
        assertThat(score.wins()).isZero();
    }

    @Test
    void citation_markers_and_the_persona_disclaimer_chat_adds_to_every_reply_are_not_scored() {
        // an un-specialised reply whose words are exactly the reference scores 1.0, as the bare completion would
        UnspecialisedAnswers answers = (plugId, question) -> examples.stream()
                .filter(e -> e.prompt().equals(question)).findFirst().orElseThrow().completion()
                + " [1]\n\n" + LEGAL.persona().disclaimer();

        var score = method(answers).score(examples, split.holdout(), noExemplars(), LEGAL);

        assertThat(LEGAL.persona().disclaimer()).isNotBlank();
        assertThat(score.baseline()).isEqualTo(1.0);
    }

    @Test
    void a_matched_exemplar_is_scored_against_the_unspecialised_answer_of_the_same_prompt() {
        int first = split.holdout().get(0);
        Example held = examples.get(first);
        // the exemplar is the held-out example itself: it matches its own prompt and answers with the reference
        Specialisation candidate = new Specialisation("t", "legal", null, 0,
                List.of(new Exemplar(held.prompt(), held.completion())), null, null);

        var score = method((plugId, question) -> "Unrelated words only.").score(examples, List.of(first), candidate, LEGAL);

        assertThat(score.matched()).isEqualTo(1);
        assertThat(score.specialised()).isEqualTo(1.0);
        assertThat(score.baseline()).isEqualTo(TokenF1.f1("Unrelated words only.", held.completion()));
        assertThat(score.wins()).isEqualTo(1);
    }

    private static PromptSpecialisationMethod method(UnspecialisedAnswers answers) {
        return new PromptSpecialisationMethod(CATALOG, null, answers, Clock.systemUTC());
    }

    private static Specialisation noExemplars() {
        return new Specialisation("t", "legal", null, 0, List.of(), null, null);
    }
}
