package com.smeplug.chat.knowledge;

/** One short, sourced passage of a plug's knowledge pack. {@code source} is the reference it states (an article, a rule). */
public record Passage(String id, String plugId, String title, String source, String text) {
}
