package com.smeplug.finetune;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Token-level F1 between an answer and a reference (as in SQuAD): both lower-cased, split into letter/digit words,
 * articles dropped, compared as bags of words. 1.0 is the same words, 0.0 no word in common.
 */
final class TokenF1 {

    private static final Set<String> ARTICLES = Set.of("a", "an", "the");

    private TokenF1() {
    }

    static double f1(String answer, String reference) {
        List<String> predicted = words(answer);
        List<String> expected = words(reference);
        if (predicted.isEmpty() || expected.isEmpty()) {
            return predicted.isEmpty() && expected.isEmpty() ? 1.0 : 0.0;
        }
        Map<String, Integer> counts = new HashMap<>();
        expected.forEach(w -> counts.merge(w, 1, Integer::sum));
        int common = 0;
        for (String word : predicted) {
            Integer left = counts.get(word);
            if (left != null && left > 0) {
                common++;
                counts.put(word, left - 1);
            }
        }
        if (common == 0) {
            return 0.0;
        }
        double precision = (double) common / predicted.size();
        double recall = (double) common / expected.size();
        return 2 * precision * recall / (precision + recall);
    }

    private static List<String> words(String text) {
        return TextVectors.tokens(text).stream().filter(w -> !ARTICLES.contains(w)).toList();
    }
}
