package com.smeplug.integrations.connections;

import java.util.function.Supplier;

import com.smeplug.integrations.upstream.UpstreamFailure;

/**
 * Keeps a stored connection's status honest for {@code GET /integrations}: a read that fails (unreachable, refused,
 * unreadable) marks it {@code error} with the reason; the next good read marks it {@code connected} again. A limit
 * (back-off) is not an error of the connection. Writes only when the status changes.
 */
final class ConnectionHealth {

    private final ConnectionStore store;

    ConnectionHealth(ConnectionStore store) {
        this.store = store;
    }

    <R> R read(Connection connection, Supplier<R> read) {
        R records;
        try {
            records = read.get();
        }
        catch (UpstreamFailure failure) {
            if (failure.retryAfter() == null) {
                store.markStatus(connection.tenantId(), connection.system(), Connection.Status.ERROR, failure.getMessage());
            }
            throw failure;
        }
        if (connection.status() != Connection.Status.CONNECTED || connection.lastError() != null) {
            store.markStatus(connection.tenantId(), connection.system(), Connection.Status.CONNECTED, null);
        }
        return records;
    }
}
