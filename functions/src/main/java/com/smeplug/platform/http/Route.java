package com.smeplug.platform.http;

/**
 * How a route is guarded: its method, whether a token is required, and the largest body it takes.
 * Bodies are limited before they are parsed, so a huge upload costs nothing but the read.
 *
 * <p>{@code primingBody}: null, SnapStart priming stops at the tenant check (the probe tenant is unknown). Set with
 * {@link #primedThroughEndpoint}, priming runs the endpoint itself for the probe tenant with that body — only for
 * endpoints that write nothing for a tenant without a subscription (see HttpFunctions#primingEvents).
 */
public record Route(String method, boolean authenticated, int maxBodyBytes, String primingBody) {

    public static final int DEFAULT_MAX_BODY_BYTES = 64 * 1024;

    public static Route get() {
        return new Route("GET", true, 0, null);
    }

    public static Route post() {
        return post(DEFAULT_MAX_BODY_BYTES);
    }

    public static Route post(int maxBodyBytes) {
        return new Route("POST", true, maxBodyBytes, null);
    }

    public Route unauthenticated() {
        return new Route(method, false, maxBodyBytes, primingBody);
    }

    /** Lets SnapStart priming run this endpoint for the probe tenant, with {@code body} ("" for none). */
    public Route primedThroughEndpoint(String body) {
        return new Route(method, authenticated, maxBodyBytes, body);
    }
}
