package com.smeplug.local.aws;

import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;

/** An SQS-protocol server: ElasticMQ embedded in this JVM on a loopback port. It loads no config; queues come from the API. */
public final class ElasticMqServer implements AutoCloseable {

    private final SQSRestServer server;
    private final int port;

    private ElasticMqServer(SQSRestServer server, int port) {
        this.server = server;
        this.port = port;
    }

    public static ElasticMqServer start() {
        return start("127.0.0.1", FreePort.pick());
    }

    /** On a fixed port (the local stack's :9324), listening where {@link BindAddress} says. */
    public static ElasticMqServer start(int port) {
        return start(BindAddress.forFixedPorts(), port);
    }

    private static ElasticMqServer start(String host, int port) {
        SQSRestServer server = SQSRestServerBuilder.withInterface(host).withPort(port).start();
        server.waitUntilStarted();
        return new ElasticMqServer(server, port);
    }

    public int port() {
        return port;
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        server.stopAndWait();
    }
}
