package com.smeplug.chat.knowledge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * The one way text becomes search terms here: Lucene's {@link EnglishAnalyzer} (standard tokenizer, English stop
 * words, possessives, Porter stemming), used for the index, the queries and for matching sentences and exemplars.
 */
public final class Terms {

    /**
     * Lucene's English stop words plus the words every question is made of ("how", "what", "we", "our", "does",
     * "mean"...), which say nothing about the subject and would otherwise match any passage or sentence.
     */
    static final CharArraySet STOP_WORDS = stopWords();

    /** Analyzers are thread-safe (per-thread token stream reuse). */
    public static final Analyzer ANALYZER = new EnglishAnalyzer(STOP_WORDS);

    private Terms() {
    }

    private static CharArraySet stopWords() {
        CharArraySet words = new CharArraySet(EnglishAnalyzer.ENGLISH_STOP_WORDS_SET, true);
        words.addAll(List.of("how", "what", "which", "who", "whom", "whose", "when", "where", "why", "do", "does",
                "did", "we", "our", "ours", "us", "i", "me", "my", "you", "your", "yours", "have", "has", "had",
                "can", "could", "should", "would", "much", "many", "mean", "means", "meant", "tell", "about", "please",
                "am", "been", "being", "were", "so", "than", "too", "very", "just", "its", "he", "she", "him", "her",
                "his", "them", "those", "from", "get", "got", "know", "need", "want"));
        return CharArraySet.unmodifiableSet(words);
    }

    /** The distinct terms of {@code text} in order of first appearance, at most {@code max}. */
    public static Set<String> of(String text, int max) {
        Set<String> terms = new LinkedHashSet<>();
        if (text == null || text.isBlank()) {
            return terms;
        }
        try (TokenStream stream = ANALYZER.tokenStream(PassageIndex.TEXT, text)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            stream.reset();
            while (terms.size() < max && stream.incrementToken()) {
                terms.add(term.toString());
            }
            stream.end();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return terms;
    }

    public static Set<String> of(String text) {
        return of(text, Integer.MAX_VALUE);
    }
}
