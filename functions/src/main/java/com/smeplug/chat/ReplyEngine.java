package com.smeplug.chat;

import java.util.List;
import java.util.Optional;

import com.smeplug.chat.knowledge.Hit;
import com.smeplug.chat.knowledge.Retriever;
import com.smeplug.finetune.Specialisations.Specialisation;
import com.smeplug.plugs.Plug;
import com.smeplug.plugs.PlugCatalog;

/**
 * What makes a reply, without storage or metering: choosing the plug, retrieving the passages that answer (none
 * when the pack has no answer) and asking the responder — the same retrieval for the offline responder and Claude. {@link ChatService} wraps it with sessions and usage; the benchmark calls it directly.
 */
final class ReplyEngine {

    /** Passages of the chosen plug handed to the responder. */
    public static final int PASSAGES = 5;

    private final PlugCatalog catalog;
    private final Retriever retriever;
    private final PlugRouter router;
    private final Responder responder;

    public ReplyEngine(PlugCatalog catalog, Retriever retriever, Responder responder) {
        this.catalog = catalog;
        this.retriever = retriever;
        this.router = new PlugRouter(catalog, retriever);
        this.responder = responder;
    }

    /** 400 for an unknown plug, 403 for one the tenant does not subscribe to. */
    public PlugChoice route(String requested, List<String> subscribed, String message, String context,
            String previousPlug) {
        return router.choose(requested, subscribed, message, context, previousPlug, PASSAGES);
    }

    public Plug plug(String plugId) {
        return catalog.find(plugId).orElseThrow(() -> new IllegalArgumentException("unknown plug " + plugId));
    }

    /** {@code choice} is the routing of this same message and context (its passages are reused when complete). */
    public Answer answer(String tenantId, PlugChoice choice, String message, String context, List<Turn> history,
            Optional<Specialisation> specialisation) {
        Plug plug = plug(choice.plugId());
        List<Hit> passages = choice.passages() != null ? choice.passages()
                : retriever.search(message, context, List.of(plug.plugId()), PASSAGES);
        return responder.answer(new Question(tenantId, plug, message, history, passages, specialisation));
    }
}
