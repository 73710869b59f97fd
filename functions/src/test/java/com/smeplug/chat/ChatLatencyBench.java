package com.smeplug.chat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;

import com.smeplug.chat.knowledge.KnowledgePacks;
import com.smeplug.chat.knowledge.Passage;
import com.smeplug.chat.knowledge.Retriever;
import com.smeplug.chat.knowledge.SentenceModel;
import com.smeplug.plugs.PlugCatalog;

/**
 * Offline reply latency: routing among the three plugs, BM25 retrieval and the extractive answer, called on the
 * reply engine directly (no HTTP, storage or metering). The pack is grown deterministically from the real packs to
 * the requested size; the questions are a fixed hand-written set plus questions drawn (seeded) from passage words.
 *
 * <pre>java ... com.smeplug.chat.bench.ChatLatencyBench [passages=10000] [questions=1000]</pre>
 */
public final class ChatLatencyBench {

    /** Loaded once: a grown pack embeds its passages at build (about 10 ms each). */
    static final SentenceModel MODEL = SentenceModel.load();

    static final long SEED = 20_261_125L;
    /** Messages longer than this are reported apart: pasted paragraphs, not questions. */
    static final int LONG_MESSAGE_CHARS = 400;
    static final int WARM_UP_PASSES = 3;
    public static final List<String> ALL_PLUGS = List.of("healthcare", "legal", "engineering");

    static final List<String> HAND_WRITTEN = List.of(
            "How long do we have to notify a GDPR data breach?",
            "What are the HIPAA technical safeguards?",
            "What does W18x35 mean?",
            "What remedies are there for breach of contract?",
            "How long does copyright last?",
            "What compressive strength is 4000 psi concrete?",
            "At what height is fall protection required?",
            "How long do we have to notify patients of a breach?",
            "What is a #5 rebar?",
            "How should vaccines be stored?",
            "Do we need a DPO?",
            "What is FHIR?",
            "How should we store nitrile gloves?",
            "What is the patent term?",
            "How deep can a trench be without protection?",
            "What is the minimum necessary standard?",
            "When is a data protection impact assessment required?",
            "What must a business associate agreement contain?",
            "Which bolts replaced A325 and A490?",
            "How much cover does rebar need in a footing?");

    private static boolean first = true;

    private ChatLatencyBench() {
    }

    public static void main(String[] args) {
        int passages = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int questions = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        PlugCatalog catalog = PlugCatalog.load();
        List<Passage> real = KnowledgePacks.load(ALL_PLUGS);
        List<String> asked = questions(real, questions);
        System.out.printf(Locale.ROOT, "offline reply latency: route + retrieve + extract, %d questions, java %s, %d cpus%n",
                asked.size(), System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
        run("real packs", catalog, real, asked);
        run("grown pack", catalog, grow(real, passages), asked);
    }

    static void run(String label, PlugCatalog catalog, List<Passage> passages, List<String> asked) {
        long started = System.nanoTime();
        Retriever index = Retriever.build(passages, MODEL);
        double buildMs = (System.nanoTime() - started) / 1e6;
        ReplyEngine engine = new ReplyEngine(catalog, index, new OfflineResponder(OfflineAnswers.NO_RECORDS));
        long checksum = 0;
        for (int pass = 0; pass < WARM_UP_PASSES; pass++) { // JIT (C2 competes for the CPUs while it compiles), caches
            for (String question : asked) {
                checksum += reply(engine, question).citations().size();
            }
        }
        long[] nanos = new long[asked.size()];
        List<Long> shortOnes = new ArrayList<>();
        List<Long> longOnes = new ArrayList<>();
        for (int i = 0; i < asked.size(); i++) {
            long t0 = System.nanoTime();
            Answer answer = reply(engine, asked.get(i));
            nanos[i] = System.nanoTime() - t0;
            checksum += answer.citations().size();
            (asked.get(i).length() > LONG_MESSAGE_CHARS ? longOnes : shortOnes).add(nanos[i]);
        }
        System.out.printf(Locale.ROOT, "%-10s passages=%6d index_build_ms=%7.1f%s%n", label, index.size(), buildMs,
                first ? " (first build in this JVM: includes loading Lucene)" : "");
        first = false;
        print("  all", nanos);
        print("  short", shortOnes.stream().mapToLong(Long::longValue).toArray());
        print("  long", longOnes.stream().mapToLong(Long::longValue).toArray());
        if (checksum == 0) {
            throw new IllegalStateException("no citations at all: the benchmark measured nothing useful");
        }
    }

    static void print(String label, long[] nanos) {
        if (nanos.length == 0) {
            return;
        }
        Arrays.sort(nanos);
        System.out.printf(Locale.ROOT, "%-8s n=%5d p50_ms=%7.3f p90_ms=%7.3f p99_ms=%7.3f max_ms=%7.3f mean_ms=%7.3f%n",
                label, nanos.length, ms(percentile(nanos, 50)), ms(percentile(nanos, 90)), ms(percentile(nanos, 99)),
                ms(nanos[nanos.length - 1]), ms((long) Arrays.stream(nanos).average().orElse(0)));
    }

    static Answer reply(ReplyEngine engine, String question) {
        PlugChoice choice = engine.route(null, ALL_PLUGS, question, null, null);
        return engine.answer("hospital_beta", choice, question, null, List.of(), Optional.empty());
    }

    /** Grows the real passages to {@code size}: each variant reorders its base's sentences and borrows one from a sibling. */
    static List<Passage> grow(List<Passage> real, int size) {
        Random random = new Random(SEED);
        List<Passage> grown = new ArrayList<>(real);
        for (int i = real.size(); i < size; i++) {
            Passage base = real.get(i % real.size());
            List<Passage> siblings = real.stream().filter(p -> p.plugId().equals(base.plugId())).toList();
            Passage sibling = siblings.get(random.nextInt(siblings.size()));
            List<String> sentences = new ArrayList<>(OfflineResponder.split(base.text()));
            java.util.Collections.rotate(sentences, random.nextInt(Math.max(1, sentences.size())));
            List<String> borrowed = OfflineResponder.split(sibling.text());
            sentences.add(borrowed.get(random.nextInt(borrowed.size())));
            grown.add(new Passage(base.id() + "-v" + (i / real.size()), base.plugId(),
                    base.title() + " (variant " + (i / real.size()) + ")", base.source(), String.join(" ", sentences)));
        }
        return grown;
    }

    /** The hand-written questions, then questions made of 2-6 words of a random passage, some long ones among them. */
    public static List<String> questions(List<Passage> real, int count) {
        Random random = new Random(SEED + 1);
        List<String> questions = new ArrayList<>(HAND_WRITTEN.subList(0, Math.min(count, HAND_WRITTEN.size())));
        while (questions.size() < count) {
            Passage passage = real.get(random.nextInt(real.size()));
            if (random.nextInt(20) == 0) { // 5%: a long message (several paragraphs pasted in)
                questions.add(passage.text() + " " + real.get(random.nextInt(real.size())).text() + " What applies here?");
                continue;
            }
            String[] words = (passage.title() + " " + passage.text()).split("[^A-Za-z0-9#]+");
            int n = 2 + random.nextInt(5);
            StringBuilder question = new StringBuilder("What about");
            for (int w = 0; w < n; w++) {
                question.append(' ').append(words[random.nextInt(words.length)]);
            }
            questions.add(question.append('?').toString());
        }
        return questions;
    }

    public static long percentile(long[] sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank))];
    }

    public static double ms(long nanos) {
        return nanos / 1e6;
    }
}
