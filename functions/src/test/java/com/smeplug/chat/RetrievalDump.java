package com.smeplug.chat;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import com.smeplug.chat.knowledge.Hit;
import com.smeplug.chat.knowledge.KnowledgePacks;
import com.smeplug.chat.knowledge.Retriever;

/**
 * Tuning aid: for each question of the TUNING half only, the fused ranking of a permissive retriever (every question
 * answered, wide citation margin) as JSON lines with each hit's fused score, cosine and coverage, and whether BM25
 * agreed on the best one. {@code RetrievalDump <lexicalWeight>} varies the fusion weight.
 */
final class RetrievalDump {

    public static void main(String[] args) {
        float weight = args.length > 0 ? Float.parseFloat(args[0]) : Retriever.Tuning.DEFAULT.lexicalWeight();
        Retriever retriever = Retriever.build(KnowledgePacks.load(AnswerEvaluation.ALL_PLUGS), TestPacks.model(),
                new Retriever.Tuning(weight, 0f, 0f, -10f, 10f, Retriever.Tuning.DEFAULT.askedWeight()));
        for (EvaluationSet.Item item : EvaluationSet.load().half(EvaluationSet.Half.TUNING).items()) {
            List<Hit> hits = retriever.search(item.question(), null, AnswerEvaluation.ALL_PLUGS, 10);
            String ranked = hits.stream().map(h -> String.format(Locale.ROOT, "[\"%s\",%.4f,%.4f,%.3f]",
                    h.passage().id(), h.score(), h.cosine(), h.coverage())).collect(Collectors.joining(","));
            System.out.printf("{\"id\":\"%s\",\"terms\":%d,\"plug\":%s,\"gold\":[%s],\"hits\":[%s]}%n",
                    item.id(), com.smeplug.answers.Terms.of(item.question()).size(), item.plug() == null ? "null" : "\"" + item.plug() + "\"",
                    item.gold().stream().map(g -> "\"" + g + "\"").collect(Collectors.joining(",")), ranked);
        }
    }
}
