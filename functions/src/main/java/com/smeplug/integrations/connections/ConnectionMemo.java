package com.smeplug.integrations.connections;

import java.util.Optional;
import java.util.function.Function;

import org.slf4j.MDC;

/**
 * One request asks a routing connector several times about the same tenant (source, reference, fetch): the stored
 * connection is read once per request (the request id HttpFunctions puts in the MDC) and never reused by the next
 * request, so a connect or disconnect is seen at once. Outside a request nothing is kept. One entry: a Lambda
 * container serves one request at a time.
 */
final class ConnectionMemo {

    private final Function<String, Optional<Connection>> load;
    private String key;
    private Optional<Connection> connection;

    ConnectionMemo(Function<String, Optional<Connection>> load) {
        this.load = load;
    }

    synchronized Optional<Connection> get(String tenant) {
        String requestId = MDC.get("request_id");
        if (requestId == null) {
            return load.apply(tenant);
        }
        String wanted = requestId + "\n" + tenant;
        if (!wanted.equals(key)) {
            connection = load.apply(tenant);
            key = wanted;
        }
        return connection;
    }

    /** After a read that changed the stored status (error, needs_reconnect): the next question reads it again. */
    synchronized void forget() {
        key = null;
    }
}
