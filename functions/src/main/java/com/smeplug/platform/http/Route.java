package com.smeplug.platform.http;

/**
 * How a route is guarded: its method, whether a token is required, and the largest body it takes.
 * Bodies are limited before they are parsed, so a huge upload costs nothing but the read.
 */
public record Route(String method, boolean authenticated, int maxBodyBytes) {

    public static final int DEFAULT_MAX_BODY_BYTES = 64 * 1024;

    public static Route get() {
        return new Route("GET", true, 0);
    }

    public static Route post() {
        return new Route("POST", true, DEFAULT_MAX_BODY_BYTES);
    }

    public static Route post(int maxBodyBytes) {
        return new Route("POST", true, maxBodyBytes);
    }

    public Route unauthenticated() {
        return new Route(method, false, maxBodyBytes);
    }
}
