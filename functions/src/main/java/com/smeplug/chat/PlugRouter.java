package com.smeplug.chat;

import java.util.List;

import com.smeplug.chat.knowledge.Hit;
import com.smeplug.chat.knowledge.Retriever;
import com.smeplug.platform.http.ApiException;
import com.smeplug.plugs.PlugCatalog;

/**
 * Chooses the plug that answers. An explicit {@code active_plug} must exist (400) and be subscribed (403). Without
 * one, the subscribed plug whose pack holds the passage that best answers the message wins (the {@link Retriever}'s
 * fused relevance); when no pack answers, the plug of the session's previous turn, else the first subscribed plug.
 */
final class PlugRouter {

    /** How many passages across the subscribed plugs are looked at to compare plugs. */
    static final int ROUTING_DEPTH = 30;

    private final PlugCatalog catalog;
    private final Retriever retriever;

    PlugRouter(PlugCatalog catalog, Retriever retriever) {
        this.catalog = catalog;
        this.retriever = retriever;
    }

    PlugChoice choose(String requested, List<String> subscribed, String message, String context, String previousPlug,
            int wanted) {
        if (subscribed.isEmpty() && (requested == null || catalog.contains(requested))) {
            throw new ApiException(402, "no_subscription", "this tenant has no active plan yet: an admin subscribes to one first");
        }
        if (requested != null) {
            if (!catalog.contains(requested)) {
                throw ApiException.invalid("active_plug must be one of "
                        + String.join(", ", catalog.all().stream().map(p -> p.plugId()).toList()));
            }
            if (!subscribed.contains(requested)) {
                throw ApiException.forbidden("plug_not_subscribed", "this tenant does not subscribe to the "
                        + requested + " plug");
            }
            return new PlugChoice(requested, "requested");
        }
        if (subscribed.size() == 1) {
            return new PlugChoice(subscribed.get(0), "only_subscribed");
        }
        List<Hit> hits = retriever.search(message, context, subscribed, ROUTING_DEPTH);
        if (hits.isEmpty()) {
            return new PlugChoice(previousPlug != null && subscribed.contains(previousPlug)
                    ? previousPlug : subscribed.get(0), "default", List.of());
        }
        String plugId = hits.get(0).plugId();
        return new PlugChoice(plugId, "best_match", hits.stream().filter(h -> h.plugId().equals(plugId)).limit(wanted).toList());
    }
}
