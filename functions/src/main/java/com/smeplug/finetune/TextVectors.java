package com.smeplug.finetune;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * TF-IDF vectors of short texts: lower-cased letter/digit tokens without common English function words, term
 * frequency damped as {@code 1 + ln(tf)}, smoothed inverse document frequency fitted on one set of documents, and
 * unit length so that a dot product is the cosine similarity.
 */
final class TextVectors {

    private static final Pattern SPLIT = Pattern.compile("[^\\p{L}\\p{N}]+");
    private static final Set<String> STOPWORDS = Set.of("a", "an", "and", "are", "as", "at", "be", "by", "can", "do",
            "does", "for", "from", "has", "have", "how", "i", "if", "in", "is", "it", "its", "me", "my", "of", "on",
            "or", "our", "should", "so", "that", "the", "their", "this", "to", "was", "we", "what", "when", "which",
            "who", "will", "with", "would", "you", "your");

    /** A unit-length sparse vector: ascending term ids and their weights. */
    record Vector(int[] terms, double[] weights) {

        double dot(Vector other) {
            double sum = 0;
            int i = 0;
            int j = 0;
            while (i < terms.length && j < other.terms.length) {
                if (terms[i] == other.terms[j]) {
                    sum += weights[i++] * other.weights[j++];
                }
                else if (terms[i] < other.terms[j]) {
                    i++;
                }
                else {
                    j++;
                }
            }
            return sum;
        }

        boolean isEmpty() {
            return terms.length == 0;
        }
    }

    private final Map<String, Integer> ids;
    private final double[] idf;

    private TextVectors(Map<String, Integer> ids, double[] idf) {
        this.ids = ids;
        this.idf = idf;
    }

    static List<String> tokens(String text) {
        List<String> tokens = new ArrayList<>();
        for (String token : SPLIT.split(text.toLowerCase(Locale.ROOT))) {
            if (!token.isEmpty()) {
                tokens.add(token);
            }
        }
        return tokens;
    }

    static List<String> terms(String text) {
        return tokens(text).stream().filter(t -> !STOPWORDS.contains(t)).toList();
    }

    /** Fits the vocabulary and IDF on {@code documents}. */
    static TextVectors fit(List<String> documents) {
        Map<String, Integer> ids = new HashMap<>();
        List<Integer> df = new ArrayList<>();
        for (String document : documents) {
            for (String term : Set.copyOf(terms(document))) {
                Integer id = ids.get(term);
                if (id == null) {
                    ids.put(term, df.size());
                    df.add(1);
                }
                else {
                    df.set(id, df.get(id) + 1);
                }
            }
        }
        double[] idf = new double[df.size()];
        int n = documents.size();
        for (int i = 0; i < idf.length; i++) {
            idf[i] = Math.log((1.0 + n) / (1.0 + df.get(i))) + 1.0;
        }
        return new TextVectors(ids, idf);
    }

    int vocabularySize() {
        return idf.length;
    }

    /** The text's vector; terms the fitted documents never used carry no weight. */
    Vector vector(String text) {
        Map<Integer, Integer> counts = new HashMap<>();
        for (String term : terms(text)) {
            Integer id = ids.get(term);
            if (id != null) {
                counts.merge(id, 1, Integer::sum);
            }
        }
        int[] terms = counts.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
        double[] weights = new double[terms.length];
        double norm = 0;
        for (int i = 0; i < terms.length; i++) {
            weights[i] = (1 + Math.log(counts.get(terms[i]))) * idf[terms[i]];
            norm += weights[i] * weights[i];
        }
        if (norm > 0) {
            double length = Math.sqrt(norm);
            for (int i = 0; i < weights.length; i++) {
                weights[i] /= length;
            }
        }
        return new Vector(terms, weights);
    }

    /** The mean of {@code vectors} as a dense array over the vocabulary (for "most central" look-ups). */
    double[] centroid(List<Vector> vectors) {
        double[] centroid = new double[idf.length];
        for (Vector v : vectors) {
            for (int i = 0; i < v.terms().length; i++) {
                centroid[v.terms()[i]] += v.weights()[i];
            }
        }
        if (!vectors.isEmpty()) {
            Arrays.setAll(centroid, i -> centroid[i] / vectors.size());
        }
        return centroid;
    }

    static double dot(double[] dense, Vector v) {
        double sum = 0;
        for (int i = 0; i < v.terms().length; i++) {
            sum += dense[v.terms()[i]] * v.weights()[i];
        }
        return sum;
    }
}
