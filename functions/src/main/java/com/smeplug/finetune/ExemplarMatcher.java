package com.smeplug.finetune;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.smeplug.answers.Terms;
import com.smeplug.finetune.Specialisations.Exemplar;
import com.smeplug.finetune.Specialisations.Match;

/**
 * The one matcher that decides whether a prompt specialisation answers a question, owned by fine-tune: chat serves
 * with it ({@link Specialisations.Specialisation#answerFor}) and the evaluate step scores with it, so the hold-out
 * score is the score of what chat does. Finds the exemplar of a tenant's specialisation whose prompt closely matches a message: the Dice coefficient of
 * their analysed terms (stemmed, without stop words) at or above a threshold.
 */
final class ExemplarMatcher {

    static final double MATCH_THRESHOLD = 0.6;

    private ExemplarMatcher() {
    }

    static Optional<Match> closest(String message, List<Exemplar> exemplars) {
        if (exemplars == null || exemplars.isEmpty()) {
            return Optional.empty();
        }
        Set<String> asked = Terms.of(message);
        Match best = null;
        for (int i = 0; i < exemplars.size(); i++) {
            Exemplar exemplar = exemplars.get(i);
            if (exemplar.prompt() == null || exemplar.completion() == null || exemplar.completion().isBlank()) {
                continue;
            }
            double similarity = dice(asked, Terms.of(exemplar.prompt()));
            if (similarity >= MATCH_THRESHOLD && (best == null || similarity > best.similarity())) {
                best = new Match(exemplar, i, similarity);
            }
        }
        return Optional.ofNullable(best);
    }

    static double dice(Set<String> a, Set<String> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return 0;
        }
        long shared = a.stream().filter(b::contains).count();
        return 2.0 * shared / (a.size() + b.size());
    }
}
