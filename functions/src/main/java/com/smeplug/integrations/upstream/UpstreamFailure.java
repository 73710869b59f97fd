package com.smeplug.integrations.upstream;

import com.smeplug.platform.http.ApiException;

/**
 * A CRM or ERP system failed us: it could not be reached, answered with an error, sent something we cannot read, or
 * took too long. The snapshot cache decides what the client gets (the last good snapshot marked stale, or a 502/504);
 * the message is safe to show, the upstream's own body goes to the log only.
 */
public final class UpstreamFailure extends RuntimeException {

    private final boolean timeout;

    private UpstreamFailure(String message, boolean timeout, Throwable cause) {
        super(message, cause);
        this.timeout = timeout;
    }

    public static UpstreamFailure error(String message) {
        return new UpstreamFailure(message, false, null);
    }

    public static UpstreamFailure error(String message, Throwable cause) {
        return new UpstreamFailure(message, false, cause);
    }

    public static UpstreamFailure timeout(String message, Throwable cause) {
        return new UpstreamFailure(message, true, cause);
    }

    public boolean isTimeout() {
        return timeout;
    }

    public ApiException toApiException() {
        return timeout ? ApiException.upstreamTimeout(getMessage(), this) : ApiException.upstream(getMessage(), this);
    }
}
