package com.smeplug.chat;

import java.util.List;

import com.smeplug.chat.knowledge.Hit;

/**
 * The plug that answers and how it was chosen: {@code requested}, {@code best_match}, {@code only_subscribed} or
 * {@code default} (nothing matched). {@code passages} are that plug's best passages when routing already found them
 * all (BM25 scores do not depend on the plug filter, so the chosen plug's hits among the routing hits are its top
 * hits); null when they still have to be searched.
 */
public record PlugChoice(String plugId, String routing, List<Hit> passages) {

    public PlugChoice(String plugId, String routing) {
        this(plugId, routing, null);
    }
}
