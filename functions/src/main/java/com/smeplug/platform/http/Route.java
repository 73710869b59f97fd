package com.smeplug.platform.http;

/**
 * How a route is guarded: its method, who may call it, and the largest body it takes. Bodies are limited before they
 * are parsed, so a huge upload costs nothing but the read.
 *
 * <p>{@code role}: the least role a caller needs; {@link Role#NONE} for routes that need no token (the Stripe
 * webhook, the console's files, an OAuth callback authenticated by its state). Each route declares it once, here,
 * next to its function.
 *
 * <p>{@code primingBody}: null, SnapStart priming stops at the tenant check (the probe tenant is unknown). Set with
 * {@link #primedThroughEndpoint}, priming runs the endpoint itself for the probe tenant with that body — only for
 * endpoints that write nothing for a tenant without a subscription (see HttpFunctions#primingEvents).
 */
public record Route(String method, Role role, int maxBodyBytes, String primingBody) {

    public static final int DEFAULT_MAX_BODY_BYTES = 64 * 1024;

    /**
     * Who may call a route. {@code SIGNED_IN}: any user with a verified token, in a tenant or not (who am I, create a
     * tenant, accept an invitation). Members may read and chat; admins may also change plans, connections and people.
     */
    public enum Role {
        NONE, SIGNED_IN, MEMBER, ADMIN;

        public boolean allows(Role held) {
            return held != null && held.ordinal() >= ordinal();
        }
    }

    public static Route get() {
        return new Route("GET", Role.MEMBER, 0, null);
    }

    public static Route post() {
        return post(DEFAULT_MAX_BODY_BYTES);
    }

    public static Route post(int maxBodyBytes) {
        return new Route("POST", Role.MEMBER, maxBodyBytes, null);
    }

    public static Route method(String method, int maxBodyBytes) {
        return new Route(method, Role.MEMBER, maxBodyBytes, null);
    }

    public boolean authenticated() {
        return role != Role.NONE;
    }

    public Route unauthenticated() {
        return new Route(method, Role.NONE, maxBodyBytes, primingBody);
    }

    /** Any signed-in user may call this route, whether or not they belong to a tenant yet. */
    public Route signedIn() {
        return new Route(method, Role.SIGNED_IN, maxBodyBytes, primingBody);
    }

    /** Only the tenant's admins may call this route. */
    public Route admin() {
        return new Route(method, Role.ADMIN, maxBodyBytes, primingBody);
    }

    /** Lets SnapStart priming run this endpoint for the probe tenant, with {@code body} ("" for none). */
    public Route primedThroughEndpoint(String body) {
        return new Route(method, role, maxBodyBytes, body);
    }
}
