package com.smeplug.chat.knowledge;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.smeplug.platform.http.Json;
import tools.jackson.core.type.TypeReference;

/**
 * Reads the knowledge packs from the jar ({@code plugs/knowledge/<plug_id>.json}: arrays of {@code {id, title,
 * source, text, asked_as}}, {@code asked_as} optional: see {@link Passage#askedAs}). A missing or malformed pack stops
 * start-up: a plug without its pack would answer nothing.
 */
public final class KnowledgePacks {

    record Entry(String id, String title, String source, String text, List<String> askedAs) {
    }

    private KnowledgePacks() {
    }

    public static List<Passage> load(List<String> plugIds) {
        List<Passage> passages = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (String plugId : plugIds) {
            String resource = "/plugs/knowledge/" + plugId + ".json";
            for (Entry entry : read(resource)) {
                if (blank(entry.id()) || blank(entry.title()) || blank(entry.source()) || blank(entry.text())) {
                    throw new IllegalStateException(resource + " has a passage without id, title, source or text: " + entry.id());
                }
                if (entry.askedAs() != null && entry.askedAs().stream().anyMatch(KnowledgePacks::blank)) {
                    throw new IllegalStateException(resource + " has a blank asked_as wording: " + entry.id());
                }
                if (!ids.add(entry.id())) {
                    throw new IllegalStateException(resource + " repeats passage id " + entry.id());
                }
                passages.add(new Passage(entry.id(), plugId, entry.title(), entry.source(), entry.text(), entry.askedAs()));
            }
        }
        return List.copyOf(passages);
    }

    private static List<Entry> read(String resource) {
        try (InputStream in = KnowledgePacks.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the jar");
            }
            return Json.MAPPER.readValue(in, new TypeReference<List<Entry>>() { });
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
