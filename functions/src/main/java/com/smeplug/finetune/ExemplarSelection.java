package com.smeplug.finetune;

import java.util.ArrayList;
import java.util.List;

/**
 * Picks a small exemplar set that is both representative and diverse. Each training example is a TF-IDF vector of
 * its prompt and completion together (answers on one subject share their vocabulary even when the questions are
 * phrased differently). The first exemplar is the example closest to the centroid of all (the most typical one);
 * each next one is the example farthest from every exemplar chosen so far (greedy k-center on cosine distance),
 * ties going to the more typical example; the set stays within a character budget (the exemplars go into the chat
 * prompt).
 */
final class ExemplarSelection {

    static final int MIN_EXEMPLARS = 3;
    static final int MAX_EXEMPLARS = 16;
    static final int CHAR_BUDGET = 24_000;

    /**
     * {@code chosen} are indices into the submitted examples, in the order picked; {@code coverage} is the mean,
     * over the training examples, of the cosine similarity to their nearest exemplar.
     */
    record Selection(List<Integer> chosen, double coverage, int characters, int vocabulary) {
    }

    private ExemplarSelection() {
    }

    /** How many exemplars for this many training examples: about the square root, within the bounds. */
    static int size(int trainCount) {
        int k = (int) Math.round(Math.sqrt(trainCount));
        return Math.min(trainCount, Math.max(MIN_EXEMPLARS, Math.min(MAX_EXEMPLARS, k)));
    }

    static Selection select(List<Example> examples, List<Integer> train) {
        List<String> texts = train.stream().map(i -> examples.get(i).prompt() + "\n" + examples.get(i).completion()).toList();
        TextVectors model = TextVectors.fit(texts);
        List<TextVectors.Vector> vectors = texts.stream().map(model::vector).toList();
        int k = size(train.size());

        double[] centroid = model.centroid(vectors);
        double[] typical = new double[vectors.size()];
        for (int i = 0; i < vectors.size(); i++) {
            typical[i] = TextVectors.dot(centroid, vectors.get(i));
        }
        boolean[] taken = new boolean[train.size()];
        double[] nearest = new double[train.size()];
        java.util.Arrays.fill(nearest, -1);
        List<Integer> chosen = new ArrayList<>();
        int characters = 0;

        int first = -1;
        double best = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < vectors.size(); i++) {
            if (typical[i] > best && fits(examples.get(train.get(i)), characters)) {
                best = typical[i];
                first = i;
            }
        }
        int next = first;
        while (next >= 0) {
            taken[next] = true;
            chosen.add(train.get(next));
            characters += length(examples.get(train.get(next)));
            for (int i = 0; i < vectors.size(); i++) {
                nearest[i] = Math.max(nearest[i], vectors.get(i).dot(vectors.get(next)));
            }
            if (chosen.size() >= k) {
                break;
            }
            next = -1;
            double farthest = Double.POSITIVE_INFINITY;
            for (int i = 0; i < vectors.size(); i++) {
                if (taken[i] || !fits(examples.get(train.get(i)), characters)) {
                    continue;
                }
                boolean farther = nearest[i] < farthest - 1e-9;
                boolean asFarButMoreTypical = Math.abs(nearest[i] - farthest) <= 1e-9 && typical[i] > typical[next];
                if (next < 0 || farther || asFarButMoreTypical) {
                    farthest = nearest[i];
                    next = i;
                }
            }
        }
        double coverage = 0;
        for (double similarity : nearest) {
            coverage += Math.max(0, similarity);
        }
        coverage = nearest.length == 0 ? 0 : coverage / nearest.length;
        return new Selection(List.copyOf(chosen), coverage, characters, model.vocabularySize());
    }

    private static boolean fits(Example example, int used) {
        return used + length(example) <= CHAR_BUDGET;
    }

    static int length(Example example) {
        return example.prompt().length() + example.completion().length();
    }
}
