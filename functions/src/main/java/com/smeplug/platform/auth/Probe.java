package com.smeplug.platform.auth;

import java.util.Map;
import java.util.Optional;

/**
 * The identity SnapStart priming and the AOT training send their probe requests as (see
 * {@code platform/lambda/ProbeEvents}): {@link #MEMBER}, a member of the {@link #TENANT probe tenant}, takes the
 * success path of the routes that declare a probe — the stores answer its membership, profile, subscription and
 * usage counters with items they declare for it (platform/aws's ProbeItems: each read goes to the table, and the SDK
 * then finds the declared item instead of nothing) and skip its writes — and {@link #STRANGER}, who belongs to no tenant, stops at the
 * tenant check everywhere else.
 *
 * <p>No real request can be the probe: the probe's user ids begin with '~', which {@link GatewayClaimsAuthenticator}
 * refuses in a token's {@code sub}, so it enters only through {@code requestContext.authorizer.lambda}, which API
 * Gateway fills for a Lambda authorizer alone and none of our routes has one (all use the JWT authorizer); the probe
 * tenant's id begins with '~' too, and only the probe's declared membership names it.
 */
public final class Probe {

    public static final String MEMBER = "~probe-member";
    public static final String STRANGER = "~probe-stranger";
    public static final String TENANT = "~probe-tenant";

    /** The key of the probe's user id in {@code requestContext.authorizer.lambda}. */
    static final String CONTEXT_KEY = "smeplug_probe";

    private Probe() {
    }

    /** {@code requestContext.authorizer.lambda} of a probe request made as {@code userId}. */
    public static Map<String, Object> authorizerContext(String userId) {
        if (!isUser(userId)) {
            throw new IllegalArgumentException("not a probe user: " + userId);
        }
        return Map.of(CONTEXT_KEY, userId);
    }

    public static boolean isUser(String userId) {
        return MEMBER.equals(userId) || STRANGER.equals(userId);
    }

    public static boolean isTenant(String tenantId) {
        return TENANT.equals(tenantId);
    }

    static Optional<Caller> callerIn(Map<String, Object> authorizerContext) {
        Object user = authorizerContext == null ? null : authorizerContext.get(CONTEXT_KEY);
        return user instanceof String id && isUser(id) ? Optional.of(new Caller(id, null)) : Optional.empty();
    }
}
