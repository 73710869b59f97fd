package com.smeplug.integrations.upstream;

import java.time.Clock;
import java.time.Instant;
import java.util.function.Function;

/**
 * One OAuth access token per container, fetched when first needed and reused until it expires. A caller whose token
 * was rejected (401) invalidates exactly that token and asks again: it gets a new one once, however many callers saw
 * the same rejection.
 */
public final class TokenCache implements AccessTokens {

    /** An access token, where its API lives (Salesforce's {@code instance_url}; null for SAP) and when we stop using it. */
    public record AccessToken(String value, String instanceUrl, Instant expiresAt) {

        @Override
        public String toString() {
            return "AccessToken[instanceUrl=" + instanceUrl + ", expiresAt=" + expiresAt + "]";
        }
    }

    private final Function<UpstreamHttp.Call, AccessToken> fetch;
    private final Clock clock;
    private AccessToken cached;

    public TokenCache(Function<UpstreamHttp.Call, AccessToken> fetch, Clock clock) {
        this.fetch = fetch;
        this.clock = clock;
    }

    @Override
    public synchronized AccessToken current(UpstreamHttp.Call call) {
        if (cached == null || !clock.instant().isBefore(cached.expiresAt())) {
            cached = fetch.apply(call);
        }
        return cached;
    }

    @Override
    public synchronized void invalidate(AccessToken rejected) {
        if (cached == rejected) {
            cached = null;
        }
    }
}
