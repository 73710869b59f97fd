package com.smeplug.chat.knowledge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.smeplug.answers.Terms;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.util.BytesRef;

/**
 * All plugs' passages in one in-memory Lucene index (a {@code plug} field restricts a search to some plugs), scored
 * by Lucene's BM25. One index keeps scores of different plugs comparable, which routing relies on. Built once per
 * container; searches are thread-safe.
 */
public final class PassageIndex {

    static final String ID = "id";
    static final String PLUG = "plug";
    static final String TITLE = "title";
    static final String SOURCE = "source";
    static final String TEXT = "text";

    /** Distinct terms read from a message; far below Lucene's clause limit even with three fields each. */
    static final int MAX_QUERY_TERMS = 256;
    /**
     * Terms of one message that are searched: a long message (pasted paragraphs) keeps its rarest terms in the index,
     * as Lucene's MoreLikeThis does (its default is 25). A question has far fewer terms and keeps them all.
     */
    static final int MAX_SEARCHED_TERMS = 24;
    /** Field weights: a title names the topic in few words, a source names the rule ("GDPR Art. 33", "45 CFR 164.404"). */
    private static final float TITLE_BOOST = 1.5f;
    private static final float SOURCE_BOOST = 0.5f;
    private static final float CONTEXT_WEIGHT = 0.4f;

    private final IndexSearcher searcher;
    private final IndexReader reader;
    private final Map<String, Passage> byId;
    private final int size;

    private PassageIndex(IndexSearcher searcher, Map<String, Passage> byId) {
        this.searcher = searcher;
        this.reader = searcher.getIndexReader();
        this.byId = byId;
        this.size = byId.size();
    }

    public static PassageIndex build(List<Passage> passages) {
        try {
            ByteBuffersDirectory directory = new ByteBuffersDirectory();
            IndexWriterConfig config = new IndexWriterConfig(Terms.ANALYZER).setSimilarity(new BM25Similarity());
            Map<String, Passage> byId = new HashMap<>();
            try (IndexWriter writer = new IndexWriter(directory, config)) {
                for (Passage passage : passages) {
                    if (byId.put(passage.id(), passage) != null) {
                        throw new IllegalArgumentException("duplicate passage id " + passage.id());
                    }
                    Document document = new Document();
                    document.add(new StringField(ID, passage.id(), Field.Store.YES));
                    document.add(new StringField(PLUG, passage.plugId(), Field.Store.NO));
                    document.add(new TextField(TITLE, passage.title(), Field.Store.NO));
                    document.add(new TextField(SOURCE, passage.source(), Field.Store.NO));
                    document.add(new TextField(TEXT, passage.text(), Field.Store.NO));
                    writer.addDocument(document);
                }
                writer.forceMerge(1);
            }
            IndexSearcher searcher = new IndexSearcher(DirectoryReader.open(directory));
            searcher.setSimilarity(new BM25Similarity());
            return new PassageIndex(searcher, Map.copyOf(byId));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int size() {
        return size;
    }

    public Passage passage(String id) {
        return byId.get(id);
    }

    /**
     * The best passages of the given plugs for {@code message}, best first. {@code context} (e.g. the previous
     * question of a short follow-up) contributes its terms with a lower weight; it may be null.
     */
    public List<Hit> search(String message, String context, Collection<String> plugIds, int max) {
        if (plugIds.isEmpty() || max <= 0) {
            return List.of();
        }
        BooleanQuery.Builder terms = new BooleanQuery.Builder();
        List<String> primary = selective(Terms.query(message, MAX_QUERY_TERMS));
        primary.forEach(term -> addTerm(terms, term, 1f));
        if (context != null) {
            Set<String> contextTerms = Terms.query(context, MAX_QUERY_TERMS);
            contextTerms.removeAll(primary);
            selective(contextTerms).forEach(term -> addTerm(terms, term, CONTEXT_WEIGHT));
        }
        BooleanQuery termQuery = terms.build();
        if (termQuery.clauses().isEmpty()) {
            return List.of();
        }
        List<BytesRef> plugs = plugIds.stream().map(BytesRef::new).toList();
        Query query = new BooleanQuery.Builder()
                .add(termQuery, Occur.MUST)
                .add(new TermInSetQuery(PLUG, plugs), Occur.FILTER)
                .build();
        try {
            ScoreDoc[] docs = searcher.search(query, max).scoreDocs;
            StoredFields stored = searcher.storedFields();
            List<Hit> hits = new ArrayList<>(docs.length);
            for (ScoreDoc doc : docs) {
                hits.add(new Hit(byId.get(stored.document(doc.doc, Set.of(ID)).get(ID)), doc.score));
            }
            return hits;
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The terms worth searching: those the index holds at all, and of a long message only the
     * {@value #MAX_SEARCHED_TERMS} rarest (lowest document frequency; first occurrence breaks ties).
     */
    List<String> selective(Set<String> terms) {
        try {
            List<String> known = new ArrayList<>();
            Map<String, Integer> frequency = new HashMap<>();
            for (String term : terms) {
                int docFreq = reader.docFreq(new Term(TEXT, term)) + reader.docFreq(new Term(TITLE, term))
                        + reader.docFreq(new Term(SOURCE, term));
                if (docFreq > 0) {
                    known.add(term);
                    frequency.put(term, docFreq);
                }
            }
            if (known.size() <= MAX_SEARCHED_TERMS) {
                return known;
            }
            List<String> rarest = new ArrayList<>(known);
            rarest.sort(java.util.Comparator.comparingInt(frequency::get)); // stable: first occurrence breaks ties
            Set<String> kept = Set.copyOf(rarest.subList(0, MAX_SEARCHED_TERMS));
            return known.stream().filter(kept::contains).toList();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void addTerm(BooleanQuery.Builder builder, String term, float weight) {
        Query text = new TermQuery(new Term(TEXT, term));
        Query title = new BoostQuery(new TermQuery(new Term(TITLE, term)), TITLE_BOOST * weight);
        Query source = new BoostQuery(new TermQuery(new Term(SOURCE, term)), SOURCE_BOOST * weight);
        builder.add(weight == 1f ? text : new BoostQuery(text, weight), Occur.SHOULD);
        builder.add(title, Occur.SHOULD);
        builder.add(source, Occur.SHOULD);
    }
}
