package com.smeplug.chat;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import com.smeplug.chat.knowledge.Hit;
import com.smeplug.finetune.Specialisations.Specialisation;

/**
 * What a model is told and how its reply is credited, whatever carries the call: the system prompt (the plug's
 * persona, the retrieved passages with their ids, the tenant's specialisation exemplars) and the citations of a
 * reply (the passages it names by {@code [id]}, the specialisation it was given). Kept apart from the wire call
 * ({@link BedrockResponder}) so that how the context is built can change on its own.
 */
final class ModelPrompt {

    static final int MAX_EXEMPLARS = 20;
    static final int MAX_EXEMPLAR_CHARS = 1_500;

    private ModelPrompt() {
    }

    static String system(Question question) {
        var plug = question.plug();
        var persona = plug.persona();
        StringBuilder prompt = new StringBuilder();
        prompt.append("You are ").append(plug.name()).append(", a subject-matter-expert assistant of SME-Plug.\n");
        if (persona != null) {
            prompt.append("Scope: ").append(persona.scope()).append('\n');
            prompt.append("Tone: ").append(persona.tone()).append('\n');
            prompt.append("You refuse: ").append(persona.refuses()).append('\n');
            prompt.append("End every answer on the subject with this disclaimer: ").append(persona.disclaimer()).append('\n');
        }
        prompt.append("\nGround your answers in the knowledge passages below and cite each passage you use by its id in "
                + "square brackets, for example [").append(question.passages().isEmpty() ? "passage-id"
                : question.passages().get(0).passage().id()).append("]. If the passages do not cover the question, "
                + "say so rather than guessing.\n");
        if (question.passages().isEmpty()) {
            // the same retrieval as offline found no passage that answers: the model must not fill the gap itself
            prompt.append("The knowledge pack has no passage that answers this message. Unless it asks about the "
                    + "organisation's own records, say that the ").append(plug.name()).append(" knowledge pack has no "
                    + "answer to it and what the plug covers; cite nothing and do not answer from general knowledge.\n");
        }
        prompt.append("For questions about the organisation's own CRM cases or account, call ").append(RecordTools.CRM)
                .append("; for its stock, materials or purchase orders, call ").append(RecordTools.ERP)
                .append(". Never invent records. If a tool reports sample data (mock_mode true), say the figures are "
                        + "sample data.\n");
        prompt.append("\n<passages>\n");
        for (Hit hit : question.passages()) {
            var p = hit.passage();
            prompt.append("<passage id=\"").append(p.id()).append("\" title=\"").append(p.title())
                    .append("\" source=\"").append(p.source()).append("\">\n").append(p.text()).append("\n</passage>\n");
        }
        prompt.append("</passages>\n");
        question.specialisation().ifPresent(s -> appendSpecialisation(prompt, s));
        return prompt.toString();
    }

    /** The provided passages the reply refers to by {@code [id]}, in the order it first mentions them. */
    static List<Citation> citedPassages(String reply, List<Hit> passages) {
        return passages.stream()
                .filter(hit -> reply.contains("[" + hit.passage().id() + "]"))
                .sorted(Comparator.comparingInt(hit -> reply.indexOf("[" + hit.passage().id() + "]")))
                .map(hit -> Citation.passage(hit.passage(), OfflineResponder.excerpt(hit.passage().text())))
                .toList();
    }

    /** The specialisation whose exemplars the model was given, if it was given any. */
    static Optional<Citation> specialisationCitation(Question question) {
        return question.specialisation().filter(s -> s.exemplars() != null && !s.exemplars().isEmpty())
                .map(s -> Citation.specialisation("Specialisation " + s.modelId() + " (version " + s.version() + ")",
                        s.modelId(), s.exemplars().size() + " published examples were given to the model"));
    }

    private static void appendSpecialisation(StringBuilder prompt, Specialisation specialisation) {
        if (specialisation.exemplars() == null || specialisation.exemplars().isEmpty()) {
            return;
        }
        prompt.append("\nThis organisation has published example answers (specialisation ")
                .append(specialisation.modelId()).append("). When a question matches one, answer as the example does.\n")
                .append("<examples>\n");
        specialisation.exemplars().stream().limit(MAX_EXEMPLARS).forEach(e -> prompt
                .append("<example>\n<question>").append(clip(e.prompt())).append("</question>\n<answer>")
                .append(clip(e.completion())).append("</answer>\n</example>\n"));
        prompt.append("</examples>\n");
    }

    private static String clip(String text) {
        if (text == null) {
            return "";
        }
        return text.length() <= MAX_EXEMPLAR_CHARS ? text : text.substring(0, MAX_EXEMPLAR_CHARS) + "...";
    }
}
