package com.smeplug.chat.knowledge;

/**
 * A passage found for a question. {@code score} ranks hits within one search: the fused relevance for a
 * {@link Retriever} search, Lucene's BM25 score for a lexical one. {@code cosine} is the sentence model's similarity
 * of question and passage and {@code coverage} the share of the question's searchable terms the passage holds (NaN
 * when not computed).
 */
public record Hit(Passage passage, float score, float cosine, float coverage) {

    public Hit(Passage passage, float score) {
        this(passage, score, Float.NaN, Float.NaN);
    }

    public String plugId() {
        return passage.plugId();
    }
}
