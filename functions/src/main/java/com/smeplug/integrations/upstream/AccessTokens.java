package com.smeplug.integrations.upstream;

/**
 * Where a connector gets its OAuth access token: {@link #current} a usable one, {@link #invalidate} the one the
 * upstream just rejected (401), so the next {@code current} fetches a new one.
 */
public interface AccessTokens {

    TokenCache.AccessToken current(UpstreamHttp.Call call);

    void invalidate(TokenCache.AccessToken rejected);
}
