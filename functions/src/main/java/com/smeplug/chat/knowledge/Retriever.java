package com.smeplug.chat.knowledge;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.smeplug.answers.Terms;

/**
 * Finds the passages that answer a question, or none. Two retrievers look at every passage of the given plugs: the
 * sentence model (cosine of question and passage vectors; bridges wording that shares no word) and BM25 over title,
 * source and text with the thesaurus (catches exact terms: "W18x35", "Art. 33"). Their scores are fused with weights
 * — the cosine plus {@link Tuning#lexicalWeight} times BM25 relative to the best BM25 score of the search — because
 * naive rank fusion loses to the sentence model alone. Then a relevance rule decides whether the best passage answers
 * at all ({@link Tuning}): no single score separates unanswerable questions (their cosines overlap with those of
 * answerable ones), so the cosine is weighed together with the share of the question's words the passage holds and
 * the support of its neighbours in its pack. An empty result means the packs have no answer.
 */
public final class Retriever {

    /** BM25 hits read to fuse with the dense scores (beyond them, a passage gets no lexical credit). */
    static final int LEXICAL_DEPTH = 50;

    /** How many passages after the best one, of the best one's plug, show whether the question is in a pack's domain. */
    static final int NEIGHBOURS = 2;

    /**
     * The calibration, chosen on the tuning half of the evaluation set (infra/bench/answers; 81 answerable and 24
     * unanswerable questions), both with the thesaurus and without it (the thesaurus was written from the tuning
     * half, so without it the half stands in for wording nobody anticipated). A passage answers when its relevance
     * reaches {@code threshold}: its cosine, plus {@code coverageWeight} times the share of the question's words it
     * holds, plus {@code supportWeight} times the mean cosine of the {@value #NEIGHBOURS} next passages of its plug
     * (the support). No single signal separates the unanswerable questions: a question beside a pack's topics tends to
     * resemble one passage and little else in the pack, while a question in a pack's domain asked in users' words can
     * have a low cosine and few shared words but several related passages.
     * Once the best passage answers, the passages after it are kept while their fused score is within
     * {@code citeMargin} of the best one: the rule decides whether the pack answers the question at all, and holding
     * each further passage to it too dropped right passages ranked second (on the tuning half without the
     * thesaurus, hit@3 0.889 with the rule on every passage, 0.914 with it on the best one only; with the thesaurus
     * 0.963 either way; abstention does not change, since it rests on the best passage alone).
     */
    public record Tuning(float lexicalWeight, float coverageWeight, float supportWeight, float threshold,
            float citeMargin, float askedWeight) {

        /**
         * Sixth pass (asked-as wordings, chosen on the tuning half with and without the thesaurus before the held-out
         * half was run): weight 0.5 and threshold 0.72 (was 0, 0.61). The wordings raise the cosines of questions no
         * pack answers too, so the threshold rose with them; at 0.72 abstention on the tuning half rose from 0.792 to
         * 0.875 and hit@1 / hit@3 from 0.877 / 0.963 to 0.901 / 0.975 (without the thesaurus 0.753 / 0.914 to
         * 0.877 / 0.926); infra/bench/answers/README.md, "Sixth pass".
         */
        public static final Tuning DEFAULT = new Tuning(0.15f, 0.5f, 0.5f, 0.72f, 0.2f, 0.5f);

        /** The same calibration with another weight of the asked-as wordings (see {@link Retriever#dense}). */
        public Tuning withAskedWeight(float weight) {
            return new Tuning(lexicalWeight, coverageWeight, supportWeight, threshold, citeMargin, weight);
        }

        /** The same calibration with another relevance threshold. */
        public Tuning withThreshold(float value) {
            return new Tuning(lexicalWeight, coverageWeight, supportWeight, value, citeMargin, askedWeight);
        }

        boolean answers(Hit hit, float support) {
            return hit.cosine() + coverageWeight * hit.coverage() + supportWeight * support >= threshold;
        }
    }

    private final PassageIndex lexical;
    private final SentenceModel model;
    private final List<Passage> passages;
    private final Map<String, float[]> vectors;
    private final Map<String, List<float[]>> asked;
    private final Map<String, Set<String>> terms;
    private final Tuning tuning;

    Retriever(PassageIndex lexical, SentenceModel model, List<Passage> passages, PassageVectors.Vectors vectors,
            Tuning tuning) {
        this.lexical = lexical;
        this.model = model;
        this.passages = List.copyOf(passages);
        this.vectors = Map.copyOf(vectors.passages());
        this.asked = Map.copyOf(vectors.asked());
        Map<String, Set<String>> termsById = new HashMap<>();
        passages.forEach(p -> termsById.put(p.id(), Terms.of(p.title() + " " + p.source() + " " + p.text())));
        this.terms = Map.copyOf(termsById);
        this.tuning = tuning;
    }

    /** Passage vectors from the build-time file (any missing or stale one is embedded now). */
    public static Retriever build(List<Passage> passages, SentenceModel model) {
        return build(passages, model, Tuning.DEFAULT);
    }

    public static Retriever build(List<Passage> passages, SentenceModel model, Tuning tuning) {
        return new Retriever(PassageIndex.build(passages), model, passages, PassageVectors.load(passages, model), tuning);
    }

    public int size() {
        return passages.size();
    }

    /**
     * The passages of the given plugs that answer {@code message}, best first, at most {@code max}; empty when none
     * clears the relevance rule. {@code context} (the previous question of a short follow-up, or null) joins the
     * message for both retrievers, with a lower weight for BM25.
     */
    public List<Hit> search(String message, String context, Collection<String> plugIds, int max) {
        if (plugIds.isEmpty() || max <= 0 || message.isBlank()) {
            return List.of();
        }
        float[] question = model.embed(embeddedQuestion(context == null ? message : context + "\n" + message));
        return select(fuse(passage -> SentenceModel.cosine(question, passage), tuning.lexicalWeight(), message,
                context, plugIds), max);
    }

    /** The sentence model's similarity of the question to a passage vector. */
    interface Similarity {
        float to(float[] passage);
    }

    /**
     * Every passage of the given plugs with its fused score ({@code dense} plus {@code lexicalWeight} times BM25
     * relative to the best BM25 score), cosine and coverage, best first; nothing is cut.
     */
    List<Hit> fuse(Similarity dense, float lexicalWeight, String message, String context,
            Collection<String> plugIds) {
        Map<String, Float> bm25 = new HashMap<>();
        float bestBm25 = 0;
        for (Hit hit : lexical.search(message, context, plugIds, LEXICAL_DEPTH)) {
            bm25.put(hit.passage().id(), hit.score());
            bestBm25 = Math.max(bestBm25, hit.score());
        }
        float lexicalScale = bestBm25 == 0 ? 0 : lexicalWeight / bestBm25;
        // each word the user wrote, with the thesaurus terms that stand for it; words the packs lack count against
        Collection<Set<String>> asked = Terms.groups(message, PassageIndex.MAX_QUERY_TERMS).values();
        List<Hit> fused = new ArrayList<>();
        for (Passage passage : passages) {
            if (!plugIds.contains(passage.plugId())) {
                continue;
            }
            float cosine = dense(dense, passage.id());
            float score = cosine + lexicalScale * bm25.getOrDefault(passage.id(), 0f);
            fused.add(new Hit(passage, score, cosine, coverage(asked, passage)));
        }
        fused.sort(Comparator.comparingDouble(Hit::score).reversed());
        return fused;
    }

    /**
     * The sentence model's similarity of the question to a passage: its cosine to the passage vector, raised by
     * {@link Tuning#askedWeight} times how far its best cosine to one of the passage's asked-as wordings exceeds that
     * (0: the passage alone; 1: the better of the two). A question worded like a user's situation can be far from the
     * passage's legal or clinical wording and close to a wording of how users ask for it.
     */
    private float dense(Similarity dense, String passageId) {
        float cosine = dense.to(vectors.get(passageId));
        if (tuning.askedWeight() == 0) {
            return cosine;
        }
        float best = Float.NEGATIVE_INFINITY;
        for (float[] wording : asked.getOrDefault(passageId, List.of())) {
            best = Math.max(best, dense.to(wording));
        }
        return best > cosine ? cosine + tuning.askedWeight() * (best - cosine) : cosine;
    }

    /**
     * The relevance rule on the best of a fused list, then the passages within the cite margin of it, at most
     * {@code max}; empty when the best passage does not answer.
     */
    List<Hit> select(List<Hit> fused, int max) {
        if (fused.isEmpty()) {
            return List.of();
        }
        Hit best = fused.get(0);
        if (!tuning.answers(best, support(fused))) {
            return List.of();
        }
        return fused.stream().limit(max).filter(h -> h.score() >= best.score() - tuning.citeMargin()).toList();
    }

    /** The mean cosine of the {@value #NEIGHBOURS} passages after the best one, of the best one's plug. */
    static float support(List<Hit> fused) {
        Hit best = fused.get(0);
        return (float) fused.stream().skip(1).filter(h -> h.plugId().equals(best.plugId())).limit(NEIGHBOURS)
                .mapToDouble(Hit::cosine).average().orElse(0);
    }

    /** A passage's build-time vector (for studies of the question side). */
    float[] vector(String passageId) {
        return vectors.get(passageId);
    }

    /** The question as embedded: with the packs' words for the user's words, when the thesaurus knows any. */
    static String embeddedQuestion(String text) {
        List<String> expansions = Terms.expansions(text);
        return expansions.isEmpty() ? text : text + " (" + String.join(", ", expansions) + ")";
    }

    /**
     * The share of the question's words (content terms, including those no passage holds) a passage holds, each word
     * counted once whether the passage holds it or any of the thesaurus terms that stand for it: a passage holding
     * five synonyms of one word has covered one word.
     */
    private float coverage(Collection<Set<String>> asked, Passage passage) {
        if (asked.isEmpty()) {
            return 0;
        }
        Set<String> held = terms.get(passage.id());
        return asked.stream().filter(word -> word.stream().anyMatch(held::contains)).count() / (float) asked.size();
    }
}
