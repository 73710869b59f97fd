package com.smeplug.answers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.miscellaneous.SetKeywordMarkerFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.synonym.SynonymGraphFilter;
import org.apache.lucene.analysis.synonym.SynonymMap;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionLengthAttribute;
import org.apache.lucene.analysis.tokenattributes.TypeAttribute;

/**
 * The one way text becomes search terms here: the chain of Lucene's {@link EnglishAnalyzer} (standard tokenizer,
 * possessives, lower case, English stop words, Porter stemming), used for the index, the queries and for matching
 * sentences and exemplars — except that words whose stem would join unrelated meanings are kept whole
 * ({@link #UNSTEMMED}: "filing" a patent is not the "file" a client asks for). {@link #QUERY_ANALYZER} also expands
 * a question with the {@link Thesaurus}, so the words users write reach the terms the packs use.
 */
public final class Terms {

    /** The field name handed to the analysers (analysis here does not depend on it; the passage index uses "text"). */
    private static final String FIELD = "text";

    /**
     * Lucene's English stop words plus the words every question is made of ("how", "what", "we", "our", "does",
     * "mean"...), which say nothing about the subject and would otherwise match any passage or sentence.
     */
    static final CharArraySet STOP_WORDS = stopWords();

    /** Words kept whole because their Porter stem would equate them with an unrelated word. */
    static final CharArraySet UNSTEMMED = CharArraySet.unmodifiableSet(new CharArraySet(
            List.of("filing", "filings", "general", "generally", "organisation", "organisations", "organization",
                    "organizations"), true));

    /** Analyzers are thread-safe (per-thread token stream reuse). */
    public static final Analyzer ANALYZER = new Chain(null);

    /** The index analyzer plus the thesaurus: for questions only (passages are indexed as written). */
    public static final Analyzer QUERY_ANALYZER = new Chain(Thesaurus.MAP);

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

    private static final class Chain extends Analyzer {

        private final SynonymMap synonyms;

        Chain(SynonymMap synonyms) {
            this.synonyms = synonyms;
        }

        @Override
        protected TokenStreamComponents createComponents(String fieldName) {
            Tokenizer source = new StandardTokenizer();
            TokenStream result = new EnglishPossessiveFilter(source);
            result = new LowerCaseFilter(result);
            if (synonyms != null && synonyms.fst != null) { // an empty thesaurus has no FST
                result = new SynonymGraphFilter(result, synonyms, true);
            }
            result = new StopFilter(result, STOP_WORDS);
            result = new SetKeywordMarkerFilter(result, UNSTEMMED);
            return new TokenStreamComponents(source, new PorterStemFilter(result));
        }

        @Override
        protected TokenStream normalize(String fieldName, TokenStream in) {
            return new LowerCaseFilter(in);
        }
    }

    /**
     * The thesaurus's expansions of {@code text}, each a whole entry as written in the thesaurus ("right of access",
     * not "right", "of", "access"), in order, without the phrases the text itself holds. Read off the synonym graph
     * the filter emits: an entry is a chain of synonym tokens from the node where the user's word starts to the node
     * where it ends. Each chain is followed once, in time linear in the tokens, whatever the length of the text
     * (Lucene's GraphTokenStreamFiniteStrings, which enumerates whole paths, recurses once per node of the graph and
     * refuses graphs a long or thesaurus-dense message makes).
     */
    public static List<String> expansions(String text) {
        List<Edge> synonyms = new ArrayList<>();
        List<String> written = new ArrayList<>(); // the words as the user typed them: the tokens the filter kept
        Set<Integer> wordNodes = new HashSet<>();
        try (TokenStream stream = EXPANSIONS.tokenStream(FIELD, text)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            PositionIncrementAttribute increment = stream.addAttribute(PositionIncrementAttribute.class);
            PositionLengthAttribute length = stream.addAttribute(PositionLengthAttribute.class);
            TypeAttribute type = stream.addAttribute(TypeAttribute.class);
            stream.reset();
            int position = -1;
            while (stream.incrementToken()) {
                position += increment.getPositionIncrement();
                Edge edge = new Edge(term.toString(), position, position + length.getPositionLength());
                if (SynonymGraphFilter.TYPE_SYNONYM.equals(type.type())) {
                    synonyms.add(edge);
                }
                else {
                    written.add(edge.term());
                    wordNodes.add(edge.from());
                    wordNodes.add(edge.to());
                }
            }
            stream.end();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<Integer, List<Edge>> onward = new HashMap<>();
        synonyms.forEach(edge -> onward.computeIfAbsent(edge.from(), node -> new ArrayList<>()).add(edge));
        List<String> phrases = new ArrayList<>();
        Set<String> seen = new HashSet<>(); // each distinct entry is looked for in the text once
        for (Edge first : synonyms) {
            if (!wordNodes.contains(first.from())) {
                continue; // a later word of an entry, reached from its first word
            }
            List<String> phrase = new ArrayList<>(List.of(first.term()));
            for (Edge edge = first; !wordNodes.contains(edge.to()) && onward.containsKey(edge.to());) {
                edge = onward.get(edge.to()).get(0);
                phrase.add(edge.term());
            }
            String joined = String.join(" ", phrase);
            if (seen.add(joined) && Collections.indexOfSubList(written, phrase) < 0) {
                phrases.add(joined);
            }
        }
        return phrases;
    }

    /** A token of the synonym graph: its term, from the node where it starts to the node where it ends. */
    private record Edge(String term, int from, int to) {
    }

    private static final Analyzer EXPANSIONS = new Analyzer() {
        @Override
        protected TokenStreamComponents createComponents(String fieldName) {
            Tokenizer source = new StandardTokenizer();
            TokenStream result = new LowerCaseFilter(new EnglishPossessiveFilter(source));
            return new TokenStreamComponents(source,
                    Thesaurus.MAP.fst == null ? result : new SynonymGraphFilter(result, Thesaurus.MAP, true));
        }
    };

    /**
     * The question's own terms, each with the thesaurus terms that stand for it (a synonym of a phrase stands for
     * every word of the phrase), in order of first appearance, at most {@code max} user terms. Lets a score count each
     * word the user wrote once, however many of its synonyms a passage holds.
     */
    public static Map<String, Set<String>> groups(String text, int max) {
        Map<String, Set<String>> groups = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return groups;
        }
        List<Span> expanded = spans(QUERY_ANALYZER, text);
        for (Span word : spans(ANALYZER, text)) {
            if (groups.size() >= max && !groups.containsKey(word.term())) {
                continue;
            }
            Set<String> group = groups.computeIfAbsent(word.term(), t -> new LinkedHashSet<>(List.of(t)));
            expanded.stream().filter(s -> s.start() < word.end() && word.start() < s.end())
                    .forEach(s -> group.add(s.term()));
        }
        return groups;
    }

    /** A term and the characters of the text it comes from (a synonym: those of the words it stands for). */
    private record Span(String term, int start, int end) {
    }

    private static List<Span> spans(Analyzer analyzer, String text) {
        List<Span> spans = new ArrayList<>();
        try (TokenStream stream = analyzer.tokenStream(FIELD, text)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            OffsetAttribute offset = stream.addAttribute(OffsetAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                spans.add(new Span(term.toString(), offset.startOffset(), offset.endOffset()));
            }
            stream.end();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return spans;
    }

    /** The distinct terms of {@code text} in order of first appearance, at most {@code max}. */
    public static Set<String> of(String text, int max) {
        return analyse(ANALYZER, text, max);
    }

    /** The terms of a question with the thesaurus's expansions (user words plus the packs' words for them). */
    public static Set<String> query(String text, int max) {
        return analyse(QUERY_ANALYZER, text, max);
    }

    private static Set<String> analyse(Analyzer analyzer, String text, int max) {
        Set<String> terms = new LinkedHashSet<>();
        if (text == null || text.isBlank()) {
            return terms;
        }
        try (TokenStream stream = analyzer.tokenStream(FIELD, text)) {
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
