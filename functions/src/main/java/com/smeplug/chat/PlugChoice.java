package com.smeplug.chat;

import java.util.List;

import com.smeplug.chat.knowledge.Hit;

/**
 * The plug that answers and how it was chosen: {@code requested}, {@code best_match}, {@code only_subscribed} or
 * {@code default} (no pack answers). {@code passages} are that plug's passages that answer, when routing already
 * searched them (empty when none answers); null when they still have to be searched.
 */
record PlugChoice(String plugId, String routing, List<Hit> passages) {

    public PlugChoice(String plugId, String routing) {
        this(plugId, routing, null);
    }
}
