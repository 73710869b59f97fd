package com.smeplug.chat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.smeplug.chat.knowledge.KnowledgePacks;
import com.smeplug.chat.knowledge.Passage;
import com.smeplug.chat.knowledge.Retriever;
import com.smeplug.plugs.Plug;
import com.smeplug.plugs.PlugCatalog;

/**
 * Runs evaluation questions through the code path users meet — {@link ReplyEngine} routing among all three plugs
 * (as {@code hospital_beta}, who subscribes to all of them and has sample CRM and ERP records) and the offline
 * responder — and scores the citations of the reply: hit@1 and hit@3 (a gold passage among the first one / three
 * passage citations), MRR, abstention (a no-answer question gets no citation at all) and routing (the expected plug
 * answered, not the tenant's records).
 */
final class AnswerEvaluation {

    static final String TENANT = "hospital_beta";
    static final List<String> ALL_PLUGS = List.of("legal", "healthcare", "engineering");

    private final ReplyEngine engine;

    AnswerEvaluation(ReplyEngine engine) {
        this.engine = engine;
    }

    ReplyEngine engine() {
        return engine;
    }

    static AnswerEvaluation withRealPacks() {
        return withRealPacks(Retriever.Tuning.DEFAULT);
    }

    static AnswerEvaluation withRealPacks(Retriever.Tuning tuning) {
        PlugCatalog catalog = PlugCatalog.load();
        return with(catalog, KnowledgePacks.load(catalog.all().stream().map(Plug::plugId).toList()), tuning);
    }

    private static AnswerEvaluation with(PlugCatalog catalog, List<Passage> passages, Retriever.Tuning tuning) {
        Retriever retriever = Retriever.build(passages, TestPacks.model(), tuning);
        return new AnswerEvaluation(new ReplyEngine(catalog, retriever,
                new OfflineResponder(FakeTenantRecords.withSampleTenants())));
    }

    /** What one question got. */
    record Outcome(EvaluationSet.Item item, String plug, List<String> passages, int citations) {

        int rank() {
            for (int i = 0; i < Math.min(3, passages.size()); i++) {
                if (item.gold().contains(passages.get(i))) {
                    return i + 1;
                }
            }
            return 0;
        }

        boolean routed() {
            return item.plug().equals(plug) && citations == passages.size();
        }

        boolean abstained() {
            return citations == 0;
        }
    }

    Outcome ask(EvaluationSet.Item item) {
        PlugChoice choice = engine.route(null, ALL_PLUGS, item.question(), null, null);
        Answer answer = engine.answer(TENANT, choice, item.question(), null, List.of(), Optional.empty());
        List<String> passages = answer.citations().stream().filter(c -> Citation.PASSAGE.equals(c.kind()))
                .map(Citation::passageId).toList();
        return new Outcome(item, choice.plugId(), passages, answer.citations().size());
    }

    /**
     * The single-plug tenant's view (lawfirm_alpha and buildco_gamma subscribe to one plug; a user may also pin
     * {@code active_plug}): each answerable question asked of its own plug, each no-answer question asked of every plug.
     * Prints hit@1 / hit@3 of the first and abstention of the second.
     */
    String pinned(EvaluationSet set) {
        List<EvaluationSet.Item> answerable = set.items().stream().filter(EvaluationSet.Item::answerable).toList();
        int hit1 = 0;
        int hit3 = 0;
        for (EvaluationSet.Item item : answerable) {
            List<String> cited = citedPassages(item.question(), item.plug());
            hit1 += !cited.isEmpty() && item.gold().contains(cited.get(0)) ? 1 : 0;
            hit3 += cited.stream().limit(3).anyMatch(item.gold()::contains) ? 1 : 0;
        }
        int asked = 0;
        int abstained = 0;
        for (EvaluationSet.Item item : set.items().stream().filter(i -> !i.answerable()).toList()) {
            for (String plug : ALL_PLUGS) {
                asked++;
                abstained += citedPassages(item.question(), plug).isEmpty() ? 1 : 0;
            }
        }
        return String.format(Locale.ROOT, "  pinned to one plug: hit@1 %.3f hit@3 %.3f (%d), abstention %.3f (%d)%n",
                hit1 / (double) answerable.size(), hit3 / (double) answerable.size(), answerable.size(),
                abstained / (double) asked, asked);
    }

    private List<String> citedPassages(String question, String plugId) {
        Answer answer = engine.answer(TENANT, new PlugChoice(plugId, "requested"), question, null, List.of(), Optional.empty());
        return answer.citations().stream().filter(c -> Citation.PASSAGE.equals(c.kind())).map(Citation::passageId).toList();
    }

    /** The scores of one half (or the whole set). */
    record Scores(Map<String, double[]> perPlug, double hit1, double hit3, double mrr, double abstention,
            double routing, int answerable, int unanswerable, List<Outcome> misses) {

        String report(String name) {
            StringBuilder out = new StringBuilder();
            out.append(String.format(Locale.ROOT, "%s: %d answerable, %d without an answer%n", name, answerable, unanswerable));
            out.append(String.format(Locale.ROOT, "  %-12s %6s %6s %6s %4s%n", "plug", "hit@1", "hit@3", "MRR", "n"));
            perPlug.forEach((plug, s) -> out.append(String.format(Locale.ROOT, "  %-12s %6.3f %6.3f %6.3f %4d%n",
                    plug, s[0], s[1], s[2], (int) s[3])));
            out.append(String.format(Locale.ROOT, "  %-12s %6.3f %6.3f %6.3f %4d%n", "all", hit1, hit3, mrr, answerable));
            out.append(String.format(Locale.ROOT, "  abstention on no-answer questions %.3f (%d)%n", abstention, unanswerable));
            out.append(String.format(Locale.ROOT, "  routing accuracy %.3f (%d)%n", routing, answerable));
            return out.toString();
        }
    }

    Scores score(EvaluationSet set) {
        List<Outcome> outcomes = set.items().stream().map(this::ask).toList();
        Map<String, double[]> perPlug = new LinkedHashMap<>();
        for (String plug : ALL_PLUGS) {
            List<Outcome> of = outcomes.stream().filter(o -> o.item().answerable() && o.item().plug().equals(plug)).toList();
            perPlug.put(plug, new double[] {fraction(of, o -> o.rank() == 1), fraction(of, o -> o.rank() > 0),
                    of.stream().mapToDouble(o -> o.rank() == 0 ? 0 : 1.0 / o.rank()).average().orElse(0), of.size()});
        }
        List<Outcome> answerable = outcomes.stream().filter(o -> o.item().answerable()).toList();
        List<Outcome> unanswerable = outcomes.stream().filter(o -> !o.item().answerable()).toList();
        List<Outcome> misses = new ArrayList<>();
        answerable.stream().filter(o -> o.rank() == 0 || !o.routed()).forEach(misses::add);
        unanswerable.stream().filter(o -> !o.abstained()).forEach(misses::add);
        return new Scores(perPlug, fraction(answerable, o -> o.rank() == 1), fraction(answerable, o -> o.rank() > 0),
                answerable.stream().mapToDouble(o -> o.rank() == 0 ? 0 : 1.0 / o.rank()).average().orElse(0),
                fraction(unanswerable, Outcome::abstained), fraction(answerable, Outcome::routed),
                answerable.size(), unanswerable.size(), misses);
    }

    /** What each part adds, on the tuning half: the sentence model alone, without abstention, and everything. */
    static void ablation() {
        Retriever.Tuning full = Retriever.Tuning.DEFAULT;
        Map<String, Retriever.Tuning> variants = new LinkedHashMap<>();
        variants.put("sentence model (thesaurus-expanded question) + abstention, no BM25", new Retriever.Tuning(0f, full.coverageWeight(),
                full.supportWeight(), full.threshold(), full.citeMargin(), full.askedWeight()));
        variants.put("fused, no abstention", new Retriever.Tuning(full.lexicalWeight(), 0f, 0f, -10f, full.citeMargin(),
                full.askedWeight()));
        for (float weight : new float[] {0.1f, 0.2f}) {
            variants.put("fused + abstention, lexical weight " + weight, new Retriever.Tuning(weight,
                    full.coverageWeight(), full.supportWeight(), full.threshold(), full.citeMargin(), full.askedWeight()));
        }
        variants.put("fused + abstention (served)", full);
        EvaluationSet tuning = EvaluationSet.load().half(EvaluationSet.Half.TUNING);
        variants.forEach((name, variant) -> System.out.print(withRealPacks(variant).score(tuning).report(name)));
    }

    /**
     * The asked-as wordings' weight against the relevance threshold, on the tuning half only (sixth pass): one line per
     * pair, hit@1 / hit@3 / MRR, per-plug hit@3, abstention and routing.
     */
    static void askedStudy(float[] weights, float[] thresholds) {
        EvaluationSet tuning = EvaluationSet.load().half(EvaluationSet.Half.TUNING);
        System.out.printf(Locale.ROOT, "%-6s %-9s %6s %6s %6s %6s %6s %6s %6s %6s%n", "asked", "threshold", "hit@1",
                "hit@3", "MRR", "legal", "health", "eng", "abst.", "routing");
        for (float weight : weights) {
            for (float threshold : thresholds) {
                Scores s = withRealPacks(Retriever.Tuning.DEFAULT.withAskedWeight(weight).withThreshold(threshold))
                        .score(tuning);
                System.out.printf(Locale.ROOT, "%-6.2f %-9.2f %6.3f %6.3f %6.3f %6.3f %6.3f %6.3f %6.3f %6.3f%n", weight,
                        threshold, s.hit1(), s.hit3(), s.mrr(), s.perPlug().get("legal")[1],
                        s.perPlug().get("healthcare")[1], s.perPlug().get("engineering")[1], s.abstention(), s.routing());
            }
        }
    }

    /**
     * How much of the asked-as wordings' gain rests on wordings close to an evaluation question: both halves, served
     * calibration, with every wording whose token Jaccard to any question of the set reaches each cut removed (sixth
     * pass). The wordings were written blind, yet some came out close to questions written the same way; the hidden
     * set will not share that closeness.
     */
    static void closenessStudy(float[] cuts) {
        PlugCatalog catalog = PlugCatalog.load();
        List<Passage> passages = KnowledgePacks.load(catalog.all().stream().map(Plug::plugId).toList());
        EvaluationSet set = EvaluationSet.load();
        for (float cut : cuts) {
            int[] removed = {0};
            List<Passage> kept = passages.stream().map(p -> {
                List<String> far = p.askedAs().stream().filter(w -> set.closestQuestion(w) < cut).toList();
                removed[0] += p.askedAs().size() - far.size();
                return new Passage(p.id(), p.plugId(), p.title(), p.source(), p.text(), far);
            }).toList();
            AnswerEvaluation evaluation = with(catalog, kept, Retriever.Tuning.DEFAULT);
            System.out.printf(Locale.ROOT, "wordings at Jaccard >= %.2f to any question removed: %d of %d%n", cut,
                    removed[0], passages.stream().mapToInt(p -> p.askedAs().size()).sum());
            for (EvaluationSet.Half half : EvaluationSet.Half.values()) {
                System.out.print(evaluation.score(set.half(half)).report(half.name().toLowerCase(Locale.ROOT) + " half"));
            }
        }
    }

    private static float[] floats(String list) {
        String[] parts = list.split(",");
        float[] values = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            values[i] = Float.parseFloat(parts[i]);
        }
        return values;
    }

    private static double fraction(List<Outcome> outcomes, java.util.function.Predicate<Outcome> test) {
        return outcomes.isEmpty() ? 0 : outcomes.stream().filter(test).count() / (double) outcomes.size();
    }

    /**
     * {@code infra/bench/answers/run}: both halves; {@code tuning} only the tuning half (while tuning), {@code misses}
     * only the tuning half with its misses listed. The held-out half's misses are never listed.
     */
    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("ablation")) {
            ablation();
            return;
        }
        if (args.length > 0 && args[0].equals("asked")) { // asked [weights [thresholds]], comma-separated
            askedStudy(floats(args.length > 1 ? args[1] : "0,0.25,0.5,0.75,1"),
                    floats(args.length > 2 ? args[2] : "0.61,0.63,0.65,0.67,0.70,0.73"));
            return;
        }
        if (args.length > 0 && args[0].equals("closeness")) { // closeness [cuts], comma-separated
            closenessStudy(floats(args.length > 1 ? args[1] : "1.01,0.5,0.4,0.3"));
            return;
        }
        boolean misses = args.length > 0 && args[0].equals("misses");
        boolean tuningOnly = misses || args.length > 0 && args[0].equals("tuning");
        long start = System.nanoTime();
        AnswerEvaluation evaluation = withRealPacks();
        System.out.printf(Locale.ROOT, "engine ready in %d ms%n", (System.nanoTime() - start) / 1_000_000);
        EvaluationSet all = EvaluationSet.load();
        for (EvaluationSet.Half half : EvaluationSet.Half.values()) {
            if (tuningOnly && half == EvaluationSet.Half.HELD_OUT) {
                continue;
            }
            long t = System.nanoTime();
            Scores scores = evaluation.score(all.half(half));
            System.out.print(scores.report(half.name().toLowerCase(Locale.ROOT) + " half"));
            System.out.printf(Locale.ROOT, "  %.1f ms per question%n",
                    (System.nanoTime() - t) / 1e6 / all.half(half).items().size());
            System.out.print(evaluation.pinned(all.half(half)));
            if (misses && half == EvaluationSet.Half.TUNING) {
                scores.misses().forEach(o -> System.out.printf("  MISS %s [%s] %s -> %s %s%n", o.item().id(),
                        o.item().gold(), o.item().question(), o.plug(), o.passages()));
            }
        }
    }
}
