package com.smeplug.chat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.smeplug.chat.knowledge.Passage;
import com.smeplug.chat.knowledge.Retriever;
import com.smeplug.chat.knowledge.SentenceModel;
import com.smeplug.platform.http.Json;
import com.smeplug.plugs.Plug;
import tools.jackson.core.type.TypeReference;

/** Small knowledge packs and personas for unit tests (the real packs are tested through the function). */
final class TestPacks {

    record Entry(String id, String title, String source, String text) {
    }

    static final Plug LEGAL = plug("legal", "Legal SME");
    static final Plug HEALTHCARE = plug("healthcare", "Healthcare SME");
    static final Plug ENGINEERING = plug("engineering", "Engineering SME");

    private TestPacks() {
    }

    /** The sentence model, loaded once per test JVM (about a second). */
    static SentenceModel model() {
        return Model.INSTANCE;
    }

    /** Retrieval over the mini packs, as served (the passages are embedded at first use). */
    static Retriever miniRetriever() {
        return Retriever.build(mini(), model());
    }

    private static final class Model {
        static final SentenceModel INSTANCE = SentenceModel.load();
    }

    static List<Passage> mini() {
        try (InputStream in = TestPacks.class.getResourceAsStream("/chat/packs/mini.json")) {
            Map<String, List<Entry>> packs = Json.MAPPER.readValue(in, new TypeReference<LinkedHashMap<String, List<Entry>>>() { });
            List<Passage> passages = new ArrayList<>();
            packs.forEach((plug, entries) -> entries.forEach(e -> passages.add(new Passage(e.id(), plug, e.title(), e.source(), e.text()))));
            return passages;
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The mini packs with one "asked as" wording per passage ({@code /chat/packs/mini-asked-as.json}). */
    static List<Passage> miniAskedAs() {
        try (InputStream in = TestPacks.class.getResourceAsStream("/chat/packs/mini-asked-as.json")) {
            Map<String, List<String>> asked = Json.MAPPER.readValue(in, new TypeReference<Map<String, List<String>>>() { });
            return mini().stream().map(p -> new Passage(p.id(), p.plugId(), p.title(), p.source(), p.text(),
                    asked.getOrDefault(p.id(), List.of()))).toList();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Plug plug(String id, String name) {
        return new Plug(id, name, name + " for tests", List.of(id),
                new Plug.Persona("Questions about " + id + " topics.", "Plain and precise.",
                        "Personal advice.", "Test disclaimer for " + id + ": information, not advice."));
    }
}
