package com.smeplug.chat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.smeplug.chat.knowledge.Hit;
import com.smeplug.chat.knowledge.PassageIndex;
import com.smeplug.platform.http.ApiException;
import com.smeplug.plugs.PlugCatalog;

/**
 * Chooses the plug that answers. An explicit {@code active_plug} must exist (400) and be subscribed (403). Without
 * one, the subscribed plug whose pack holds the best BM25 match for the message wins; when nothing matches, the plug
 * of the session's previous turn, else the first subscribed plug.
 */
final class PlugRouter {

    /** How many passages across the subscribed plugs are looked at to compare plugs. */
    static final int ROUTING_DEPTH = 30;

    private final PlugCatalog catalog;
    private final PassageIndex index;

    PlugRouter(PlugCatalog catalog, PassageIndex index) {
        this.catalog = catalog;
        this.index = index;
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
        List<Hit> hits = index.search(message, context, subscribed, ROUTING_DEPTH);
        Map<String, Float> best = new HashMap<>();
        for (Hit hit : hits) {
            best.merge(hit.plugId(), hit.score(), Math::max);
        }
        return best.entrySet().stream()
                .max(Map.Entry.comparingByValue())
                .map(e -> new PlugChoice(e.getKey(), "best_match", knownTopHits(hits, e.getKey(), wanted)))
                .orElseGet(() -> new PlugChoice(previousPlug != null && subscribed.contains(previousPlug)
                        ? previousPlug : subscribed.get(0), "default", List.of()));
    }

    /** The plug's top {@code wanted} hits when the routing search holds them all, else null (search again). */
    private static List<Hit> knownTopHits(List<Hit> hits, String plugId, int wanted) {
        List<Hit> ofPlug = hits.stream().filter(h -> h.plugId().equals(plugId)).limit(wanted).toList();
        return ofPlug.size() == wanted || hits.size() < ROUTING_DEPTH ? ofPlug : null;
    }
}
