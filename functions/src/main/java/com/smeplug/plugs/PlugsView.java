package com.smeplug.plugs;

import java.util.List;

/** {@code GET /plugs}: the catalogue, each plug marked with whether this tenant subscribes to it. */
record PlugsView(String tenantId, String plan, String subscriptionStatus, List<String> subscribedPlugIds,
        List<Entry> plugs) {

    public record Entry(String plugId, String name, String description, List<String> domains, boolean subscribed) {
    }
}
