package com.smeplug.chat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The natural-question evaluation set ({@code /chat/evaluation/questions.tsv}) and its one fixed split: a question
 * whose id number is odd belongs to the tuning half, even to the held-out half. The split was made before any tuning
 * and is never changed; only the tuning half may be looked at while changing retrieval or thresholds.
 */
public record EvaluationSet(List<Item> items) {

    static final String RESOURCE = "/chat/evaluation/questions.tsv";

    public enum Half { TUNING, HELD_OUT }

    /** One question; {@code plug} and {@code gold} are null / empty when no pack answers it. */
    public record Item(String id, String plug, Set<String> gold, String kind, String question) {

        public boolean answerable() {
            return plug != null;
        }

        Half half() {
            return Integer.parseInt(id.substring(1)) % 2 == 1 ? Half.TUNING : Half.HELD_OUT;
        }
    }

    public static EvaluationSet load() {
        try (InputStream in = EvaluationSet.class.getResourceAsStream(RESOURCE);
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            List<Item> items = new ArrayList<>();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t");
                if (f.length != 5) {
                    throw new IllegalStateException(RESOURCE + ": expected 5 tab-separated fields: " + line);
                }
                items.add(new Item(f[0], f[1].equals("-") ? null : f[1],
                        f[2].equals("-") ? Set.of() : Set.copyOf(Arrays.asList(f[2].split(","))), f[3], f[4]));
            }
            return new EvaluationSet(List.copyOf(items));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public EvaluationSet half(Half half) {
        return new EvaluationSet(items.stream().filter(i -> i.half() == half).toList());
    }

    /** The highest token Jaccard of {@code text} to any question of the set: how near a copy of one it is. */
    double closestQuestion(String text) {
        Set<String> words = words(text);
        return items.stream().mapToDouble(item -> jaccard(words, words(item.question()))).max().orElse(0);
    }

    private static Set<String> words(String text) {
        return Set.copyOf(Arrays.stream(text.toLowerCase(Locale.ROOT).split("[^a-z0-9]+")).filter(w -> !w.isEmpty()).toList());
    }

    private static double jaccard(Set<String> a, Set<String> b) {
        long shared = a.stream().filter(b::contains).count();
        return shared / (double) (a.size() + b.size() - shared);
    }
}
