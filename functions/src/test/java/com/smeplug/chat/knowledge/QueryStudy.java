package com.smeplug.chat.knowledge;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import com.smeplug.answers.Terms;
import com.smeplug.chat.EvaluationSet;

/**
 * {@code infra/bench/answers/run [unanticipated] query-study}: question-side changes to the dense retrieval, measured
 * on the TUNING half only (EvaluationSet's fixed split). Each variant replaces the question's similarity to a passage
 * vector (or the BM25 weight) inside the served fusion, routes by the best passage's plug among all three plugs and
 * cites as served (cite margin, at most 3 of that plug; an abstained question goes to the first subscribed plug, as
 * PlugRouter does). Each variant is scored four ways (hit@1, hit@3, abstention, routing):
 * <ol>
 * <li>abstention decided as served, on the plain question (so it cannot move);</li>
 * <li>the served relevance rule on the variant's own list ("re-decided");</li>
 * <li>the variant's list with the threshold recalibrated: the lowest that lets through no more no-answer questions
 * than the served rule;</li>
 * <li>the served ranking, with the variant's relevance deciding at that recalibrated threshold.</li>
 * </ol>
 * The first row must equal {@code run [unanticipated] tuning}'s served numbers. The rows and what they showed are in
 * infra/bench/answers/README.md ("Fifth pass"); none is served.
 */
final class QueryStudy {

    private static final List<String> PLUGS = List.of("legal", "healthcare", "engineering");
    private static final int CITED = 3;
    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?;])\\s+");

    /** What a variant sees of one question. */
    record Asked(String text, float[] plain, Retriever retriever, SentenceModel model, List<Hit> first) {
    }

    /** A variant: the fused list for a question. */
    interface Variant extends Function<Asked, List<Hit>> {
    }

    public static void main(String[] args) {
        List<Passage> passages = KnowledgePacks.load(PLUGS);
        SentenceModel model = SentenceModel.load();
        Retriever retriever = Retriever.build(passages, model);
        Map<String, Variant> variants = variants(passages, model, retriever,
                Arrays.asList(args).contains("neighbours"));
        report(questions(model, retriever), retriever, variants);
    }

    private static Map<String, Variant> variants(List<Passage> passages, SentenceModel model, Retriever retriever,
            boolean withNeighbours) {
        float lexical = Retriever.Tuning.DEFAULT.lexicalWeight();
        Map<float[], Float> hubs = hubness(passages, retriever);
        float[] centroid = centroid(passages, retriever);

        Map<String, Variant> variants = new LinkedHashMap<>();
        variants.put("served", a -> a.first());
        for (int k : new int[] {1, 2, 3, 5}) {
            for (float weight : new float[] {0.1f, 0.2f, 0.3f, 0.5f, 0.8f}) {
                variants.put("dense PRF k=" + k + " a=" + weight, a -> {
                    float[] fed = feedback(a, k, weight);
                    return a.retriever().fuse(p -> SentenceModel.cosine(fed, p), lexical, a.text(), null, PLUGS);
                });
            }
        }
        variants.put("clauses: max cosine over whole + each sentence", a -> clauses(a, lexical, Combine.MAX));
        variants.put("clauses: mean cosine of the sentences", a -> clauses(a, lexical, Combine.MEAN));
        variants.put("clauses: 0.5 whole + 0.5 mean of sentences", a -> clauses(a, lexical, Combine.HALF));
        variants.put("clauses: normalised mean vector of the sentences", a -> clauses(a, lexical, Combine.MEAN_VECTOR));
        variants.put("clauses: sentences weighted by their content words", a -> clauses(a, lexical, Combine.WORDS));
        variants.put("clauses: whole without sentences of < 2 content words", a -> clauses(a, lexical, Combine.DROP));
        for (float beta : new float[] {0.1f, 0.2f, 0.3f}) {
            variants.put("hubness: cosine - " + beta + " x mean cosine to 10 nearest passages", a -> a.retriever().fuse(
                    p -> SentenceModel.cosine(a.plain(), p) - beta * hubs.get(p), lexical, a.text(), null,
                    PLUGS));
        }
        for (float weight : new float[] {0.5f, 1f}) {
            variants.put("centred: " + weight + " x cosine of (question - centroid, passage - centroid)",
                    a -> a.retriever().fuse(p -> (1 - weight) * SentenceModel.cosine(a.plain(), p)
                            + weight * centred(a.plain(), p, centroid), lexical, a.text(), null, PLUGS));
        }
        for (int reference : new int[] {4, 6, 8}) {
            variants.put("BM25 weight 0.15 x min(2, " + reference + " / content words)", a -> a.retriever().fuse(
                    p -> SentenceModel.cosine(a.plain(), p),
                    lexical * Math.min(2f, reference / (float) Math.max(1, Terms.of(a.text()).size())), a.text(), null,
                    PLUGS));
        }

        for (float c : new float[] {0.5f, 0.75f, 1f}) {
            variants.put("BM25 weight " + c + " x (best cosine - 10th cosine)", a -> a.retriever().fuse(
                    p -> SentenceModel.cosine(a.plain(), p), c * spread(a.first()), a.text(), null, PLUGS));
        }
        for (float gamma : new float[] {0.2f, 0.3f, 0.35f, 0.4f, 0.5f}) {
            variants.put("question - " + gamma + " x its function words' vector", a -> {
                float[] skeleton = a.model().embed(skeleton(a.text()));
                float[] v = a.plain().clone();
                for (int d = 0; d < v.length; d++) {
                    v[d] -= gamma * skeleton[d];
                }
                float[] unit = SentenceModel.normalised(v);
                return a.retriever().fuse(p -> SentenceModel.cosine(unit, p), lexical, a.text(), null, PLUGS);
            });
        }

        Neighbours neighbours = withNeighbours ? new Neighbours(passages, model) : null;
        for (float floor : neighbours == null ? new float[0] : new float[] {0.5f, 0.6f, 0.7f}) {
            for (int m : new int[] {1, 2}) {
                String how = "words the packs lack + nearest " + m + " pack word(s) at cosine >= " + floor;
                variants.put(how + ", embedded and BM25", a -> {
                    String expanded = neighbours.expand(a.text(), m, floor);
                    float[] v = a.model().embed(Retriever.embeddedQuestion(expanded));
                    return a.retriever().fuse(p -> SentenceModel.cosine(v, p), lexical, expanded, null, PLUGS);
                });
                variants.put(how + ", BM25 only", a -> a.retriever().fuse(p -> SentenceModel.cosine(a.plain(), p),
                        lexical, neighbours.expand(a.text(), m, floor), null, PLUGS));
            }
        }

        return variants;
    }

    /** The tuning half, each question embedded and fused as served. */
    private static Map<EvaluationSet.Item, Asked> questions(SentenceModel model, Retriever retriever) {
        Map<EvaluationSet.Item, Asked> asked = new LinkedHashMap<>();
        for (EvaluationSet.Item q : EvaluationSet.load().half(EvaluationSet.Half.TUNING).items()) {
            float[] plain = model.embed(Retriever.embeddedQuestion(q.question()));
            asked.put(q, new Asked(q.question(), plain, retriever, model, retriever.fuse(
                    p -> SentenceModel.cosine(plain, p), Retriever.Tuning.DEFAULT.lexicalWeight(), q.question(), null,
                    PLUGS)));
        }
        return asked;
    }

    private static void report(Map<EvaluationSet.Item, Asked> byQuestion, Retriever retriever,
            Map<String, Variant> variants) {
        List<EvaluationSet.Item> questions = List.copyOf(byQuestion.keySet());
        List<Asked> asked = List.copyOf(byQuestion.values());
        System.out.printf(Locale.ROOT, "tuning half: %d answerable, %d without an answer%n",
                questions.stream().filter(EvaluationSet.Item::answerable).count(),
                questions.stream().filter(q -> !q.answerable()).count());
        System.out.printf(Locale.ROOT, "of them with more than one sentence: %d answerable, %d without an answer%n",
                questions.stream().filter(q -> q.answerable() && sentences(q.question()).length > 1).count(),
                questions.stream().filter(q -> !q.answerable() && sentences(q.question()).length > 1).count());
        System.out.printf(Locale.ROOT, "%-62s %s | %s%n", "variant", "abstention as served: hit@1 hit@3 abst. routing",
                "re-decided: hit@1 hit@3 abst. routing | threshold recalibrated to the served abstention (threshold) | served ranking, recalibrated variant deciding");
        long servedLetThrough = IntStream.range(0, questions.size()).filter(i -> !questions.get(i).answerable())
                .filter(i -> !retriever.select(asked.get(i).first(), 1).isEmpty()).count();
        variants.forEach((name, variant) -> {
            double[] asServed = new double[4];
            double[] redecided = new double[4];
            double[] recalibrated = new double[4];
            double[] plainRanking = new double[4];
            List<List<Hit>> lists = asked.stream().map(variant).toList();
            double[] relevance = lists.stream().mapToDouble(QueryStudy::relevance).toArray();
            // the lowest threshold at which the variant lets through no more no-answer questions than the served rule
            double threshold = IntStream.range(0, questions.size())
                    .filter(i -> !questions.get(i).answerable()).mapToDouble(i -> relevance[i]).boxed()
                    .sorted(Comparator.reverseOrder()).skip(servedLetThrough).findFirst().orElse(-1.0) + 1e-6;
            for (int i = 0; i < questions.size(); i++) {
                List<Hit> fused = lists.get(i);
                boolean answers = !retriever.select(asked.get(i).first(), 1).isEmpty();
                score(questions.get(i), fused, answers, asServed);
                score(questions.get(i), fused, !retriever.select(fused, 1).isEmpty(), redecided);
                score(questions.get(i), fused, relevance[i] >= threshold, recalibrated);
                score(questions.get(i), asked.get(i).first(), relevance[i] >= threshold, plainRanking);
            }
            System.out.printf(Locale.ROOT, "%-62s %s | %s | %s (%.3f) | %s%n", name, format(asServed, questions),
                    format(redecided, questions), format(recalibrated, questions), threshold,
                    format(plainRanking, questions));
        });
    }

    /** The served relevance of a list's best passage (cosine, coverage, support of its plug's next passages). */
    private static double relevance(List<Hit> fused) {
        Retriever.Tuning t = Retriever.Tuning.DEFAULT;
        Hit best = fused.get(0);
        return best.cosine() + t.coverageWeight() * best.coverage() + t.supportWeight() * Retriever.support(fused);
    }

    /** hit@1, hit@3, abstained, routed, summed into {@code sums}, citing as served. */
    private static void score(EvaluationSet.Item q, List<Hit> fused, boolean answers, double[] sums) {
        if (!q.answerable()) {
            sums[2] += answers ? 0 : 1;
            return;
        }
        if (!answers) {
            sums[3] += PLUGS.get(0).equals(q.plug()) ? 1 : 0; // PlugRouter's default: the first subscribed plug
            return;
        }
        Hit best = fused.get(0);
        float margin = Retriever.Tuning.DEFAULT.citeMargin();
        List<String> cited = fused.stream().filter(h -> h.plugId().equals(best.plugId()))
                .filter(h -> h.score() >= best.score() - margin).limit(CITED).map(h -> h.passage().id()).toList();
        sums[0] += q.gold().contains(cited.get(0)) ? 1 : 0;
        sums[1] += cited.stream().anyMatch(q.gold()::contains) ? 1 : 0;
        sums[3] += best.plugId().equals(q.plug()) ? 1 : 0;
    }

    private static String format(double[] sums, List<EvaluationSet.Item> questions) {
        long answerable = questions.stream().filter(EvaluationSet.Item::answerable).count();
        long none = questions.size() - answerable;
        return String.format(Locale.ROOT, "%.3f %.3f %.3f %.3f", sums[0] / answerable, sums[1] / answerable,
                sums[2] / none, sums[3] / answerable);
    }

    /**
     * An automatic thesaurus: each word of the packs embedded on its own; a question word whose term no passage holds
     * is followed by its nearest pack words.
     */
    static final class Neighbours {
        private static final Pattern WORD = Pattern.compile("[A-Za-z][A-Za-z-]*[A-Za-z]");
        private final SentenceModel model;
        private final Set<String> packTerms = new HashSet<>();
        private final Map<String, float[]> words = new LinkedHashMap<>();

        Neighbours(List<Passage> passages, SentenceModel model) {
            this.model = model;
            for (Passage p : passages) {
                packTerms.addAll(Terms.of(p.title() + " " + p.source() + " " + p.text()));
                WORD.matcher(p.title() + " " + p.text()).results().map(r -> r.group().toLowerCase(Locale.ROOT))
                        .filter(w -> !Terms.of(w).isEmpty()).forEach(w -> words.computeIfAbsent(w, model::embed));
            }
            System.out.println("pack words embedded: " + words.size());
        }

        String expand(String question, int m, float floor) {
            List<String> added = new ArrayList<>();
            WORD.matcher(question).results().map(r -> r.group().toLowerCase(Locale.ROOT)).distinct()
                    .filter(w -> !Terms.of(w).isEmpty() && !packTerms.containsAll(Terms.of(w))).forEach(w -> {
                        float[] v = model.embed(w);
                        words.entrySet().stream().filter(e -> !Terms.of(e.getKey()).equals(Terms.of(w)))
                                .map(e -> Map.entry(e.getKey(), SentenceModel.cosine(v, e.getValue())))
                                .filter(e -> e.getValue() >= floor)
                                .sorted(Map.Entry.<String, Float>comparingByValue().reversed()).limit(m)
                                .forEach(e -> added.add(e.getKey()));
                    });
            return added.isEmpty() ? question : question + " (" + String.join(", ", added) + ")";
        }
    }

    private static String[] sentences(String text) {
        return SENTENCE_END.split(text.trim());
    }

    /** The spread of the plain question's cosines: best minus 10th. */
    private static float spread(List<Hit> first) {
        List<Float> cosines = first.stream().map(Hit::cosine).sorted(Comparator.reverseOrder()).toList();
        return cosines.get(0) - cosines.get(9);
    }

    /** The question with its content words taken out: what it says about asking, not about the subject. */
    private static String skeleton(String text) {
        return String.join(" ", Arrays.stream(text.split("\\s+")).filter(w -> Terms.of(w).isEmpty()).toList());
    }

    /** Rocchio on vectors: the question plus {@code weight} times the mean of its first pass's top {@code k}. */
    private static float[] feedback(Asked a, int k, float weight) {
        float[] fed = a.plain().clone();
        for (Hit h : a.first().subList(0, k)) {
            float[] v = a.retriever().vector(h.passage().id());
            for (int d = 0; d < fed.length; d++) {
                fed[d] += weight * v[d] / k;
            }
        }
        return SentenceModel.normalised(fed);
    }

    enum Combine { MAX, MEAN, HALF, MEAN_VECTOR, WORDS, DROP }

    /** The question's sentences embedded one by one and combined; a one-sentence question is left as it is. */
    private static List<Hit> clauses(Asked a, float lexical, Combine how) {
        String[] sentences = sentences(a.text());
        if (sentences.length < 2) {
            return a.first();
        }
        float[][] vectors = Arrays.stream(sentences).map(s -> a.model().embed(Retriever.embeddedQuestion(s)))
                .toArray(float[][]::new);
        int[] words = Arrays.stream(sentences).mapToInt(s -> Terms.of(s).size()).toArray();
        Retriever.Similarity similarity = switch (how) {
            case MAX -> p -> {
                float best = SentenceModel.cosine(a.plain(), p);
                for (float[] v : vectors) {
                    best = Math.max(best, SentenceModel.cosine(v, p));
                }
                return best;
            };
            case MEAN -> p -> (float) Arrays.stream(vectors).mapToDouble(v -> SentenceModel.cosine(v, p)).average()
                    .orElse(0);
            case HALF -> p -> 0.5f * SentenceModel.cosine(a.plain(), p) + 0.5f * (float) Arrays.stream(vectors)
                    .mapToDouble(v -> SentenceModel.cosine(v, p)).average().orElse(0);
            case MEAN_VECTOR -> {
                float[] mean = new float[a.plain().length];
                for (float[] v : vectors) {
                    for (int d = 0; d < mean.length; d++) {
                        mean[d] += v[d];
                    }
                }
                float[] unit = SentenceModel.normalised(mean);
                yield p -> SentenceModel.cosine(unit, p);
            }
            case WORDS -> {
                int total = Math.max(1, Arrays.stream(words).sum());
                yield p -> {
                    float sum = 0;
                    for (int i = 0; i < vectors.length; i++) {
                        sum += words[i] * SentenceModel.cosine(vectors[i], p) / total;
                    }
                    return sum;
                };
            }
            case DROP -> {
                String kept = String.join(" ", Arrays.stream(sentences).filter(s -> Terms.of(s).size() >= 2).toList());
                if (kept.isBlank() || kept.length() == a.text().trim().length()) {
                    yield p -> SentenceModel.cosine(a.plain(), p);
                }
                float[] v = a.model().embed(Retriever.embeddedQuestion(kept));
                yield p -> SentenceModel.cosine(v, p);
            }
        };
        return a.retriever().fuse(similarity, lexical, a.text(), null, PLUGS);
    }

    /** Per passage vector (by identity), the mean cosine to its 10 nearest other passages. */
    private static Map<float[], Float> hubness(List<Passage> passages, Retriever retriever) {
        Map<float[], Float> hubs = new IdentityHashMap<>();
        for (Passage p : passages) {
            float[] v = retriever.vector(p.id());
            double mean = passages.stream().filter(o -> o != p)
                    .map(o -> SentenceModel.cosine(v, retriever.vector(o.id()))).sorted(Comparator.reverseOrder())
                    .limit(10).mapToDouble(Float::doubleValue).average().orElse(0);
            hubs.put(v, (float) mean);
        }
        return hubs;
    }

    private static float[] centroid(List<Passage> passages, Retriever retriever) {
        float[] c = new float[retriever.vector(passages.get(0).id()).length];
        for (Passage p : passages) {
            float[] v = retriever.vector(p.id());
            for (int d = 0; d < c.length; d++) {
                c[d] += v[d] / passages.size();
            }
        }
        return c;
    }

    private static float centred(float[] question, float[] passage, float[] centroid) {
        double dot = 0;
        double nq = 0;
        double np = 0;
        for (int d = 0; d < question.length; d++) {
            double q = question[d] - centroid[d];
            double p = passage[d] - centroid[d];
            dot += q * p;
            nq += q * q;
            np += p * p;
        }
        return (float) (dot / Math.sqrt(nq * np));
    }
}
