package com.smeplug.chat.knowledge;

import java.util.List;

/**
 * One short, sourced passage of a plug's knowledge pack. {@code source} is the reference it states (an article, a
 * rule). {@code askedAs} are ways users ask for it (a situation, a lay question, a practitioner's shorthand), written
 * by hand: index-only — embedded next to the passage so a question can meet it through one of them — and never shown,
 * quoted or cited.
 */
public record Passage(String id, String plugId, String title, String source, String text, List<String> askedAs) {

    public Passage {
        askedAs = askedAs == null ? List.of() : List.copyOf(askedAs);
    }

    public Passage(String id, String plugId, String title, String source, String text) {
        this(id, plugId, title, source, text, List.of());
    }
}
