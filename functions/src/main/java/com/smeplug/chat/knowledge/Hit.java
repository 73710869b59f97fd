package com.smeplug.chat.knowledge;

/** A passage found for a question, with its BM25 score (Lucene's, comparable only within one search). */
public record Hit(Passage passage, float score) {

    public String plugId() {
        return passage.plugId();
    }
}
