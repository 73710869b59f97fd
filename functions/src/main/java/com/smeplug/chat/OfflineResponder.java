package com.smeplug.chat;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

import com.smeplug.chat.knowledge.Hit;
import com.smeplug.chat.knowledge.Passage;
import com.smeplug.answers.Terms;
import com.smeplug.finetune.Specialisations.Specialisation;
import com.smeplug.plugs.Plug;
import com.smeplug.usage.UsageMeter.TokenUsage;

/**
 * The answer when no model is switched on ({@code USE_REAL_LLM=false}): no text is generated. Questions about the
 * tenant's own records are answered from the connectors; a message that closely matches an exemplar of the
 * tenant's published specialisation gets that exemplar's answer; otherwise the reply is made of the most relevant
 * sentences of the best passages, each marked with its citation number, followed by the persona's disclaimer.
 */
final class OfflineResponder implements Responder {

    public static final String MODEL = "offline-extractive";

    /** Passages scoring below this fraction of the best one are left out as off-topic. */
    static final double RELATIVE_SCORE_FLOOR = 0.4;
    static final int MAX_PASSAGES = 3;
    static final int SENTENCES_FROM_BEST = 4;

    private final RecordAnswers records;
    private final Map<String, List<Sentence>> sentences = new ConcurrentHashMap<>();

    public OfflineResponder(com.smeplug.integrations.TenantRecords records) {
        this.records = new RecordAnswers(records);
    }

    @Override
    public Answer answer(Question question) {
        Plug plug = question.plug();
        RecordQuestion recordQuestion = RecordQuestion.classify(question.message());
        if (recordQuestion.any()) {
            Optional<RecordAnswers.Composed> fromRecords = records.answer(question.tenantId(), question.message(), recordQuestion);
            if (fromRecords.isPresent()) {
                return offline(fromRecords.get().text(), fromRecords.get().citations());
            }
        }
        Optional<Answer> specialised = question.specialisation().flatMap(s -> fromSpecialisation(s, question.message(), plug));
        if (specialised.isPresent()) {
            return specialised.get();
        }
        return extract(question, plug);
    }

    private static Optional<Answer> fromSpecialisation(Specialisation specialisation, String message, Plug plug) {
        return specialisation.answerFor(message).map(match -> {
            String reply = match.exemplar().completion().strip() + " [1]" + disclaimer(plug);
            Citation citation = Citation.specialisation("Specialisation " + specialisation.modelId() + " (version "
                    + specialisation.version() + "), example " + (match.index() + 1), specialisation.modelId(),
                    excerpt(match.exemplar().prompt()));
            return offline(reply, List.of(citation), Citation.SPECIALISATION);
        });
    }

    private Answer extract(Question question, Plug plug) {
        List<Hit> hits = question.passages();
        if (hits.isEmpty()) {
            return offline(noAnswer(plug) + disclaimer(plug), List.of());
        }
        Set<String> asked = Terms.query(question.message(), Integer.MAX_VALUE);
        float top = hits.get(0).score();
        List<String> paragraphs = new ArrayList<>();
        List<Citation> citations = new ArrayList<>();
        for (Hit hit : hits) {
            if (citations.size() == MAX_PASSAGES || hit.score() < top * RELATIVE_SCORE_FLOOR) {
                break;
            }
            boolean best = citations.isEmpty();
            List<String> chosen = sentences(hit.passage(), asked, best);
            if (chosen.isEmpty()) {
                continue;
            }
            String text = String.join(" ", chosen);
            citations.add(Citation.passage(hit.passage(), excerpt(text)));
            paragraphs.add(text + " [" + citations.size() + "]");
        }
        String reply = "From the " + plug.name() + " knowledge pack:\n\n" + String.join("\n\n", paragraphs) + disclaimer(plug);
        return offline(reply, citations);
    }

    /**
     * The reply when retrieval found no passage that answers: it says so, cites nothing, and says what the plug does
     * cover, from the first sentence of its persona's scope ("Handles general questions about X" becomes "It covers
     * general questions about X").
     */
    static String noAnswer(Plug plug) {
        String reply = "The " + plug.name() + " knowledge pack has no answer to this question, so nothing is cited.";
        String scope = plug.persona() == null ? null : plug.persona().scope();
        if (scope == null || scope.isBlank()) {
            return reply;
        }
        String first = split(scope.strip()).get(0);
        String covered = first.replaceFirst("^(?i)(it\\s+)?(handles|covers|answers)\\s+", "");
        return reply + " It covers " + lowerFirst(covered);
    }

    /**
     * The sentences a passage contributes. The best passage gives a run of up to {@value #SENTENCES_FROM_BEST}
     * sentences from the first one that shares a term with the question (its opening when none does); another
     * passage — retrieval kept it only because it answers too — gives its one sentence sharing the most terms, or its
     * opening sentence (which states its topic) when none shares {@code needed} terms. Questions written into a
     * passage are never quoted.
     */
    List<String> sentences(Passage passage, Set<String> asked, boolean best) {
        List<Sentence> all = sentencesOf(passage);
        if (all.isEmpty()) {
            return List.of();
        }
        int[] overlap = all.stream().mapToInt(s -> (int) s.terms().stream().filter(asked::contains).count()).toArray();
        if (best) {
            int start = IntStream.range(0, all.size()).filter(i -> overlap[i] > 0).findFirst().orElse(0);
            return all.subList(start, Math.min(all.size(), start + SENTENCES_FROM_BEST)).stream().map(Sentence::text).toList();
        }
        int needed = asked.size() >= 3 ? 2 : 1;
        return IntStream.range(0, all.size()).boxed()
                .filter(i -> overlap[i] >= needed)
                .min(Comparator.comparingInt((Integer i) -> -overlap[i]).thenComparingInt(i -> i))
                .map(i -> List.of(all.get(i).text()))
                .orElse(List.of(all.get(0).text()));
    }

    /** A passage's quotable sentences with their terms, analysed once per container (passages never change). */
    private List<Sentence> sentencesOf(Passage passage) {
        return sentences.computeIfAbsent(passage.id(), id -> split(passage.text()).stream()
                .filter(s -> !s.endsWith("?"))
                .map(s -> new Sentence(s, Terms.of(s)))
                .toList());
    }

    private record Sentence(String text, Set<String> terms) {
    }

    /** The sentences of a text (Java's English sentence rules, which keep "Art. 33" whole). */
    public static List<String> split(String text) {
        BreakIterator iterator = BreakIterator.getSentenceInstance(Locale.ENGLISH);
        iterator.setText(text);
        List<String> sentences = new ArrayList<>();
        int start = iterator.first();
        for (int end = iterator.next(); end != BreakIterator.DONE; start = end, end = iterator.next()) {
            String sentence = text.substring(start, end).strip();
            if (!sentence.isEmpty()) {
                sentences.add(sentence);
            }
        }
        return sentences;
    }

    private static String disclaimer(Plug plug) {
        String disclaimer = plug.persona() == null ? null : plug.persona().disclaimer();
        return disclaimer == null || disclaimer.isBlank() ? "" : "\n\n" + disclaimer.strip();
    }

    static String excerpt(String text) {
        String flat = text.strip().replaceAll("\\s+", " ");
        return flat.length() <= 300 ? flat : flat.substring(0, 297).stripTrailing() + "...";
    }

    private static String lowerFirst(String text) {
        String t = text.strip();
        if (t.isEmpty()) {
            return t;
        }
        String sentence = Character.toLowerCase(t.charAt(0)) + t.substring(1);
        return sentence.endsWith(".") ? sentence : sentence + ".";
    }

    /** No model ran: the reply is the offline fallback's, so the answer is labelled sample (SPEC §1). */
    private static Answer offline(String reply, List<Citation> citations) {
        return offline(reply, citations, Citation.KNOWLEDGE_PACK);
    }

    /** {@code writtenFrom}: the answer's {@code answer_source}, the knowledge pack or the tenant's specialisation. */
    private static Answer offline(String reply, List<Citation> citations, String writtenFrom) {
        return new Answer(reply, List.copyOf(citations), MODEL, true, TokenUsage.NONE, writtenFrom, Answer.SAMPLE);
    }
}
