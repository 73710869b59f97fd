package com.smeplug.integrations.connections;

import java.util.Optional;
import java.util.function.Function;

/**
 * One request asks a routing connector several times about the same tenant (source, reference, fetch): the stored
 * connection is read once and reused for {@link #TTL_NANOS}, never longer, so a connect or disconnect elsewhere is
 * seen by the next request. One entry: a Lambda container serves one request at a time.
 */
final class ConnectionMemo {

    static final long TTL_NANOS = 2_000_000_000L;

    private final Function<String, Optional<Connection>> load;
    private String tenantId;
    private Optional<Connection> connection;
    private long loadedAt;

    ConnectionMemo(Function<String, Optional<Connection>> load) {
        this.load = load;
    }

    synchronized Optional<Connection> get(String tenant) {
        long now = System.nanoTime();
        if (!tenant.equals(tenantId) || now - loadedAt > TTL_NANOS) {
            connection = load.apply(tenant);
            tenantId = tenant;
            loadedAt = now;
        }
        return connection;
    }

    /** After a read that changed the stored status (error, needs_reconnect): the next question reads it again. */
    synchronized void forget() {
        tenantId = null;
    }
}
