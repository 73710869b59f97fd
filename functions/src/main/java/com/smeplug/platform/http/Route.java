package com.smeplug.platform.http;

import java.util.List;

import com.smeplug.platform.auth.Role;

/**
 * How a route is guarded: its method, who may call it, and the largest body it takes. Bodies are limited before they
 * are parsed, so a huge upload costs nothing but the read.
 *
 * <p>{@code role}: the least role a caller needs; {@link Role#NONE} for routes that need no token (the Stripe
 * webhook, the console's files, an OAuth callback authenticated by its state). Each route declares it once, here,
 * next to its function.
 *
 * <p>{@code probeBodies}: what SnapStart priming and the AOT training send this route (platform/lambda's
 * ProbeEvents). Empty: one probe from a user of no tenant, which stops at the tenant check. Set with
 * {@link #probedWith}: a probe per body from the probe tenant's member, which takes the endpoint's success path —
 * only for endpoints whose every store finds the probe's declared items and skips its writes (see Probe).
 */
public record Route(String method, Role role, int maxBodyBytes, List<String> probeBodies) {

    public static final int DEFAULT_MAX_BODY_BYTES = 64 * 1024;

    public static Route get() {
        return new Route("GET", Role.MEMBER, 0, List.of());
    }

    public static Route post() {
        return post(DEFAULT_MAX_BODY_BYTES);
    }

    public static Route post(int maxBodyBytes) {
        return new Route("POST", Role.MEMBER, maxBodyBytes, List.of());
    }

    public static Route method(String method, int maxBodyBytes) {
        return new Route(method, Role.MEMBER, maxBodyBytes, List.of());
    }

    public boolean authenticated() {
        return role != Role.NONE;
    }

    public Route unauthenticated() {
        return new Route(method, Role.NONE, maxBodyBytes, probeBodies);
    }

    /** Any signed-in user may call this route, whether or not they belong to a tenant yet. */
    public Route signedIn() {
        return new Route(method, Role.SIGNED_IN, maxBodyBytes, probeBodies);
    }

    /** Only the tenant's admins may call this route. */
    public Route admin() {
        return new Route(method, Role.ADMIN, maxBodyBytes, probeBodies);
    }

    /** Priming's probe tenant takes this endpoint's success path once per body ("" for none). */
    public Route probedWith(String... bodies) {
        return new Route(method, role, maxBodyBytes, List.of(bodies));
    }
}
