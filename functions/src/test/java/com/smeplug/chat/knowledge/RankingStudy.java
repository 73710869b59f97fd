package com.smeplug.chat.knowledge;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.regex.Pattern;

import com.smeplug.chat.EvaluationSet;

/**
 * {@code infra/bench/answers/run [unanticipated] study}: what a learned or re-ranked combination of signals would add,
 * measured on the TUNING half only (odd ids, through EvaluationSet's fixed split; held-out questions are never scored here). For every tuning question it takes
 * the fused list over all plugs (served weights, no abstention, top {@value #K}) and per-passage features — cosine,
 * BM25 relative to the best, coverage, closest sentence's cosine, title cosine, fused rank — then prints:
 * <ul>
 * <li>hit@1 / hit@3 (routing by the top passage's plug, citing as served) of the served order and of re-rankings that
 * add a sentence or title signal;</li>
 * <li>the same for a logistic regression over feature subsets, leave-one-question-out;</li>
 * <li>abstention and answered share of a logistic regression deciding whether the packs answer (features of the
 * best passage), leave-one-question-out, against the served relevance rule.</li>
 * </ul>
 * Sentences and titles are embedded here at start-up (a study, not the serving path).
 */
final class RankingStudy {

    static final int K = 10;
    private static final List<String> PLUGS = List.of("legal", "healthcare", "engineering");
    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+");
    private static final String[] FEATURES = {"cosine", "bm25", "coverage", "sentence", "title", "1/rank",
        "distinct"};
    private static final String[] QUESTION_FEATURES = {"cosine", "coverage", "support", "bm25 raw", "sentence", "gap"};

    record Candidate(Hit hit, double[] features) {
    }

    /** One question: its candidates, whether the served rule abstains, and features of the best passage. */
    record Case(EvaluationSet.Item question, List<Candidate> candidates, boolean servedAbstains, double[] features) {
    }

    public static void main(String[] args) {
        List<Case> cases = cases();
        List<Case> answerable = cases.stream().filter(c -> c.question().answerable()).toList();
        System.out.printf(Locale.ROOT, "tuning half: %d answerable, %d without an answer%n", answerable.size(),
                cases.size() - answerable.size());
        System.out.println("-- re-ranking the fused top " + K + " (hit@1, hit@3, routing)");
        report("served order", answerable, c -> c.hit().score());
        for (double w : new double[] {0.1, 0.2, 0.3}) {
            report("+ " + w + " x closest sentence", answerable, c -> c.hit().score() + w * c.features()[3]);
            report("+ " + w + " x title cosine", answerable, c -> c.hit().score() + w * c.features()[4]);
        }
        for (double w : new double[] {0.05, 0.1, 0.2, 0.3}) {
            report("+ " + w + " x distinct (vs centroid of top " + DISTINCT_OF + ")", answerable,
                    c -> c.hit().score() + w * c.features()[6]);
        }
        int[][] subsets = {{0, 1, 6}, {0, 1}, {0, 1, 2}, {0, 1, 3}, {0, 1, 2, 3, 4}, {0, 1, 2, 3, 4, 5}, {0, 1, 3, 5}};
        for (int[] subset : subsets) {
            double[] sum = new double[3];
            for (int i = 0; i < answerable.size(); i++) {
                List<double[]> xs = new ArrayList<>();
                List<Integer> ys = new ArrayList<>();
                for (int j = 0; j < answerable.size(); j++) {
                    if (j != i) {
                        for (Candidate c : answerable.get(j).candidates()) {
                            xs.add(pick(c.features(), subset));
                            ys.add(answerable.get(j).question().gold().contains(c.hit().passage().id()) ? 1 : 0);
                        }
                    }
                }
                double[] w = fit(xs, ys);
                double[] r = evaluate(List.of(answerable.get(i)), c -> score(w, pick(c.features(), subset)));
                for (int k = 0; k < 3; k++) {
                    sum[k] += r[k];
                }
            }
            System.out.printf(Locale.ROOT, "%-48s hit@1 %.3f hit@3 %.3f routing %.3f%n",
                    "LR leave-one-out " + names(FEATURES, subset), sum[0] / answerable.size(),
                    sum[1] / answerable.size(), sum[2] / answerable.size());
        }
        System.out.println("-- deciding whether the packs answer (abstention on no-answer, answered share of answerable)");
        abstention("served rule", cases, cases.stream().map(c -> !c.servedAbstains()).toList());
        int[][] questionSubsets = {{0, 1, 2}, {0, 1, 2, 3}, {0, 1, 2, 4}, {0, 1, 2, 5}, {0, 1, 2, 3, 4, 5}};
        for (int[] subset : questionSubsets) {
            List<Boolean> answers = new ArrayList<>();
            for (int i = 0; i < cases.size(); i++) {
                List<double[]> xs = new ArrayList<>();
                List<Integer> ys = new ArrayList<>();
                for (int j = 0; j < cases.size(); j++) {
                    if (j != i) {
                        xs.add(pick(cases.get(j).features(), subset));
                        ys.add(cases.get(j).question().answerable() ? 1 : 0);
                    }
                }
                answers.add(score(fit(xs, ys), pick(cases.get(i).features(), subset)) >= 0);
            }
            abstention("LR leave-one-out " + names(QUESTION_FEATURES, subset), cases, answers);
        }
    }

    private static List<Case> cases() {
        List<Passage> passages = KnowledgePacks.load(PLUGS);
        SentenceModel model = SentenceModel.load();
        Retriever.Tuning served = Retriever.Tuning.DEFAULT;
        Retriever everything = Retriever.build(passages, model, new Retriever.Tuning(served.lexicalWeight(),
                served.coverageWeight(), served.supportWeight(), -100f, 100f, served.askedWeight()));
        Retriever retriever = Retriever.build(passages, model);
        PassageIndex lexical = PassageIndex.build(passages);
        Map<String, float[]> vectors = PassageVectors.of(passages, model);
        Map<String, float[][]> sentences = new HashMap<>();
        Map<String, float[]> titles = new HashMap<>();
        for (Passage p : passages) {
            sentences.put(p.id(), Arrays.stream(SENTENCE_END.split(p.text())).map(s -> model.embed(p.title() + ". " + s))
                    .toArray(float[][]::new));
            titles.put(p.id(), model.embed(p.title()));
        }
        List<Case> cases = new ArrayList<>();
        for (EvaluationSet.Item q : EvaluationSet.load().half(EvaluationSet.Half.TUNING).items()) {
            float[] asked = model.embed(Retriever.embeddedQuestion(q.question()));
            List<Hit> hits = everything.search(q.question(), null, PLUGS, K);
            float[] centroid = new float[asked.length];
            hits.stream().limit(DISTINCT_OF).forEach(h -> {
                float[] v = vectors.get(h.passage().id());
                for (int d = 0; d < v.length; d++) {
                    centroid[d] += v[d] / DISTINCT_OF;
                }
            });
            List<Candidate> candidates = new ArrayList<>();
            for (int r = 0; r < hits.size(); r++) {
                Hit h = hits.get(r);
                double closest = Arrays.stream(sentences.get(h.passage().id()))
                        .mapToDouble(v -> SentenceModel.cosine(asked, v)).max().orElse(-1);
                candidates.add(new Candidate(h, new double[] {h.cosine(), (h.score() - h.cosine()) / served.lexicalWeight(),
                    h.coverage(), closest, SentenceModel.cosine(asked, titles.get(h.passage().id())), 1.0 / (r + 1),
                    distinct(asked, vectors.get(h.passage().id()), centroid)}));
            }
            Hit best = hits.get(0);
            double support = hits.stream().skip(1).filter(h -> h.plugId().equals(best.plugId())).limit(Retriever.NEIGHBOURS)
                    .mapToDouble(Hit::cosine).average().orElse(0);
            double bm25 = lexical.search(q.question(), null, PLUGS, 1).stream().mapToDouble(Hit::score).max().orElse(0);
            double[] features = {best.cosine(), best.coverage(), support, bm25, candidates.get(0).features()[3],
                best.score() - hits.get(1).score()};
            cases.add(new Case(q, candidates, retriever.search(q.question(), null, PLUGS, 1).isEmpty(), features));
        }
        return cases;
    }

    /** How many of the top passages make the centroid that {@code distinct} removes. */
    static final int DISTINCT_OF = 5;

    /** The question's cosine with what sets a passage apart from the top passages: its vector minus their centroid. */
    private static double distinct(float[] asked, float[] passage, float[] centroid) {
        double dot = 0;
        double norm = 0;
        for (int d = 0; d < passage.length; d++) {
            double v = passage[d] - centroid[d];
            dot += asked[d] * v;
            norm += v * v;
        }
        return norm == 0 ? 0 : dot / Math.sqrt(norm);
    }

    /** hit@1, hit@3 and routing summed over the cases, re-ranked by {@code scorer}, cited as served. */
    private static double[] evaluate(List<Case> cases, ToDoubleFunction<Candidate> scorer) {
        double[] sums = new double[3];
        float margin = Retriever.Tuning.DEFAULT.citeMargin();
        for (Case c : cases) {
            List<Candidate> sorted = new ArrayList<>(c.candidates());
            sorted.sort((a, b) -> Double.compare(scorer.applyAsDouble(b), scorer.applyAsDouble(a)));
            Candidate best = sorted.get(0);
            String plug = best.hit().plugId();
            sums[2] += plug.equals(c.question().plug()) ? 1 : 0;
            if (c.servedAbstains()) {
                continue;
            }
            List<String> cited = sorted.stream().filter(x -> x.hit().plugId().equals(plug))
                    .filter(x -> x.hit().score() >= best.hit().score() - margin).limit(3)
                    .map(x -> x.hit().passage().id()).toList();
            sums[0] += c.question().gold().contains(cited.get(0)) ? 1 : 0;
            sums[1] += cited.stream().anyMatch(c.question().gold()::contains) ? 1 : 0;
        }
        return sums;
    }

    private static void report(String name, List<Case> cases, ToDoubleFunction<Candidate> scorer) {
        double[] r = evaluate(cases, scorer);
        System.out.printf(Locale.ROOT, "%-48s hit@1 %.3f hit@3 %.3f routing %.3f%n", name, r[0] / cases.size(),
                r[1] / cases.size(), r[2] / cases.size());
    }

    private static void abstention(String name, List<Case> cases, List<Boolean> answers) {
        int abstained = 0;
        int unanswerable = 0;
        int answered = 0;
        int answerable = 0;
        for (int i = 0; i < cases.size(); i++) {
            if (cases.get(i).question().answerable()) {
                answerable++;
                answered += answers.get(i) ? 1 : 0;
            }
            else {
                unanswerable++;
                abstained += answers.get(i) ? 0 : 1;
            }
        }
        System.out.printf(Locale.ROOT, "%-48s abstention %.3f (%d/%d) answered %.3f (%d/%d)%n", name,
                abstained / (double) unanswerable, abstained, unanswerable, answered / (double) answerable, answered,
                answerable);
    }

    private static String names(String[] all, int[] subset) {
        return Arrays.toString(Arrays.stream(subset).mapToObj(i -> all[i]).toArray());
    }

    private static double[] pick(double[] x, int[] subset) {
        return Arrays.stream(subset).mapToDouble(i -> x[i]).toArray();
    }

    private static double score(double[] w, double[] x) {
        double s = w[x.length];
        for (int i = 0; i < x.length; i++) {
            s += w[i] * x[i];
        }
        return s;
    }

    /**
     * Logistic regression (weights, then bias) by batch gradient descent on the log loss with a small L2 penalty;
     * features are standardised while fitting and the weights mapped back.
     */
    static double[] fit(List<double[]> xs, List<Integer> ys) {
        int d = xs.get(0).length;
        double[] mean = new double[d];
        double[] sd = new double[d];
        for (double[] x : xs) {
            for (int j = 0; j < d; j++) {
                mean[j] += x[j] / xs.size();
            }
        }
        for (double[] x : xs) {
            for (int j = 0; j < d; j++) {
                sd[j] += (x[j] - mean[j]) * (x[j] - mean[j]) / xs.size();
            }
        }
        for (int j = 0; j < d; j++) {
            sd[j] = Math.sqrt(sd[j]) + 1e-9;
        }
        double[] w = new double[d + 1];
        for (int iteration = 0; iteration < 2000; iteration++) {
            double[] gradient = new double[d + 1];
            for (int n = 0; n < xs.size(); n++) {
                double z = w[d];
                for (int j = 0; j < d; j++) {
                    z += w[j] * (xs.get(n)[j] - mean[j]) / sd[j];
                }
                double error = 1 / (1 + Math.exp(-z)) - ys.get(n);
                for (int j = 0; j < d; j++) {
                    gradient[j] += error * (xs.get(n)[j] - mean[j]) / sd[j];
                }
                gradient[d] += error;
            }
            for (int j = 0; j <= d; j++) {
                w[j] -= 0.5 * (gradient[j] / xs.size() + (j < d ? 0.01 * w[j] : 0));
            }
        }
        double[] raw = new double[d + 1];
        raw[d] = w[d];
        for (int j = 0; j < d; j++) {
            raw[j] = w[j] / sd[j];
            raw[d] -= w[j] * mean[j] / sd[j];
        }
        return raw;
    }

}
