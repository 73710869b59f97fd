package com.smeplug.local.aws;

/**
 * The interface the local stack's fixed-port servers (dynalite, ElasticMQ) listen on: loopback, unless
 * {@code SMEPLUG_LOCAL_BIND} says otherwise — {@code 0.0.0.0} lets a `sam local invoke` container reach them through
 * {@code host.docker.internal} on a Linux Docker engine, where that name is the bridge gateway, not the host's loopback.
 * Tests always use loopback and free ports.
 */
final class BindAddress {

    private BindAddress() {
    }

    static String forFixedPorts() {
        String value = System.getenv("SMEPLUG_LOCAL_BIND");
        return value == null || value.isBlank() ? "127.0.0.1" : value.trim();
    }
}
