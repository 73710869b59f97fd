package com.smeplug.finetune;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A deterministic train/hold-out split keyed by the SHA-256 of each normalised prompt: prompts are ordered by their
 * hash and the first ones (about {@value #HOLDOUT_PERCENT}%, at least {@value #MIN_HOLDOUT} examples) are held out.
 * The same examples always split the same way, whatever their order, and every example of a repeated prompt lands on
 * the same side, so the hold-out never contains a prompt the exemplars were chosen from.
 */
final class HoldoutSplit {

    static final int HOLDOUT_PERCENT = 20;
    static final int MIN_HOLDOUT = 2;

    /** Indices into the submitted examples; {@code fingerprint} identifies the hold-out set. */
    record Split(List<Integer> train, List<Integer> holdout, int distinctPrompts, String fingerprint) {
    }

    private HoldoutSplit() {
    }

    static Split of(List<Example> examples, List<Integer> indices) {
        Map<String, List<Integer>> byPrompt = new LinkedHashMap<>();
        for (int index : indices) {
            byPrompt.computeIfAbsent(normalise(examples.get(index).prompt()), p -> new ArrayList<>()).add(index);
        }
        List<Map.Entry<String, List<Integer>>> groups = new ArrayList<>(byPrompt.entrySet());
        Map<String, String> hashes = new LinkedHashMap<>();
        groups.forEach(g -> hashes.put(g.getKey(), sha256(g.getKey())));
        groups.sort((a, b) -> {
            int byHash = hashes.get(a.getKey()).compareTo(hashes.get(b.getKey()));
            return byHash != 0 ? byHash : a.getKey().compareTo(b.getKey());
        });
        int target = Math.max(MIN_HOLDOUT, (int) Math.round(indices.size() * HOLDOUT_PERCENT / 100.0));
        List<Integer> holdout = new ArrayList<>();
        List<Integer> train = new ArrayList<>();
        for (var group : groups) {
            (holdout.size() < target ? holdout : train).addAll(group.getValue());
        }
        holdout.sort(null);
        train.sort(null);
        String fingerprint = sha256(holdout.toString()).substring(0, 12);
        return new Split(List.copyOf(train), List.copyOf(holdout), groups.size(), fingerprint);
    }

    static String normalise(String prompt) {
        return String.join(" ", TextVectors.tokens(prompt)).toLowerCase(Locale.ROOT);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
