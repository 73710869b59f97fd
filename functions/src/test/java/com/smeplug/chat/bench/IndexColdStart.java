package com.smeplug.chat.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import com.smeplug.answers.Terms;
import com.smeplug.chat.ChatLatencyBench;
import com.smeplug.chat.knowledge.KnowledgePacks;
import com.smeplug.chat.knowledge.Passage;
import com.smeplug.chat.knowledge.PassageIndex;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.FSDirectory;

/**
 * In a fresh JVM: what building the index from the packs at start-up costs, against opening an index prebuilt into
 * files (what shipping it in the jar would save). {@code build}, {@code write <dir>}, {@code prebuilt <dir>}.
 */
public final class IndexColdStart {

    private IndexColdStart() {
    }

    public static void main(String[] args) throws Exception {
        long t0 = System.nanoTime();
        List<Passage> passages = KnowledgePacks.load(ChatLatencyBench.ALL_PLUGS);
        long t1 = System.nanoTime();
        switch (args[0]) {
            case "build" -> {
                PassageIndex index = PassageIndex.build(passages);
                long t2 = System.nanoTime();
                index.search("GDPR breach notification", null, ChatLatencyBench.ALL_PLUGS, 5);
                long t3 = System.nanoTime();
                System.out.printf(Locale.ROOT, "build at start-up: read packs %4.0f ms, build index %4.0f ms, first search %3.0f ms, total %5.0f ms%n",
                        ms(t1 - t0), ms(t2 - t1), ms(t3 - t2), ms(t3 - t0));
            }
            case "write" -> {
                try (var directory = FSDirectory.open(Path.of(args[1]));
                        var writer = new IndexWriter(directory, new IndexWriterConfig(Terms.ANALYZER))) {
                    for (Passage p : passages) {
                        Document document = new Document();
                        document.add(new StringField("id", p.id(), Field.Store.YES));
                        document.add(new StringField("plug", p.plugId(), Field.Store.NO));
                        document.add(new TextField("title", p.title(), Field.Store.NO));
                        document.add(new TextField("text", p.text(), Field.Store.NO));
                        writer.addDocument(document);
                    }
                    writer.forceMerge(1);
                }
            }
            case "prebuilt" -> {
                IndexSearcher searcher = new IndexSearcher(DirectoryReader.open(FSDirectory.open(Path.of(args[1]))));
                long t2 = System.nanoTime();
                Terms.of("GDPR breach notification");
                searcher.search(new BooleanQuery.Builder()
                        .add(new TermQuery(new Term("text", "gdpr")), BooleanClause.Occur.SHOULD)
                        .add(new TermQuery(new Term("text", "breach")), BooleanClause.Occur.SHOULD).build(), 5);
                long t3 = System.nanoTime();
                System.out.printf(Locale.ROOT, "prebuilt index:    read packs %4.0f ms, open index  %4.0f ms, first search %3.0f ms, total %5.0f ms%n",
                        ms(t1 - t0), ms(t2 - t1), ms(t3 - t2), ms(t3 - t0));
            }
            default -> throw new IllegalArgumentException("build | write <dir> | prebuilt <dir>");
        }
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
