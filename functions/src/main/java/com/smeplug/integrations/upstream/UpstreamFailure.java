package com.smeplug.integrations.upstream;

import com.smeplug.platform.http.ApiException;

/**
 * A CRM or ERP system failed us: it could not be reached, answered with an error, sent something we cannot read, or
 * took too long. The snapshot cache decides what the client gets (the last good snapshot marked stale, or a 502/504);
 * the message is safe to show, the upstream's own body goes to the log only.
 */
public final class UpstreamFailure extends RuntimeException {

    private final boolean timeout;
    private int status;
    private String upstreamMessage;
    private java.time.Duration retryAfter;

    private UpstreamFailure(String message, boolean timeout, Throwable cause) {
        super(message, cause);
        this.timeout = timeout;
    }

    /**
     * The upstream's HTTP status and its own error text (printable, at most 300 characters). Not shown by default:
     * only where the caller is the one who configured the upstream (validating a connection) is it repeated.
     */
    public UpstreamFailure withUpstream(int status, String message) {
        this.status = status;
        if (message != null) {
            String printable = message.replaceAll("[\\p{Cntrl}]", " ").strip();
            this.upstreamMessage = printable.length() > 300 ? printable.substring(0, 300) + "..." : printable;
        }
        return this;
    }

    /** The upstream's HTTP status, or 0 when it did not answer. */
    public int status() {
        return status;
    }

    public String upstreamMessage() {
        return upstreamMessage;
    }

    public static UpstreamFailure error(String message) {
        return new UpstreamFailure(message, false, null);
    }

    public static UpstreamFailure error(String message, Throwable cause) {
        return new UpstreamFailure(message, false, cause);
    }

    /**
     * The upstream refused because this tenant's limits are used up (Salesforce REQUEST_LIMIT_EXCEEDED, SAP 429) or it
     * is unavailable for a while (SAP 503): do not ask again before {@code retryAfter}. {@code status}: 429 or 503.
     */
    public static UpstreamFailure limited(String message, int status, java.time.Duration retryAfter) {
        UpstreamFailure failure = new UpstreamFailure(message, false, null);
        failure.status = status;
        failure.retryAfter = retryAfter;
        return failure;
    }

    /** How long to leave the upstream alone (null unless {@link #limited}). */
    public java.time.Duration retryAfter() {
        return retryAfter;
    }

    public static UpstreamFailure timeout(String message, Throwable cause) {
        return new UpstreamFailure(message, true, cause);
    }

    public boolean isTimeout() {
        return timeout;
    }

    public ApiException toApiException() {
        if (retryAfter != null) {
            return limitedApiException(getMessage(), status, retryAfter.toSeconds());
        }
        return timeout ? ApiException.upstreamTimeout(getMessage(), this) : ApiException.upstream(getMessage(), this);
    }

    /** 429 upstream_rate_limited or 503 upstream_unavailable, with Retry-After. */
    public static ApiException limitedApiException(String message, int status, long retryAfterSeconds) {
        return status == 503
                ? new ApiException(503, "upstream_unavailable", message).retryAfter(retryAfterSeconds)
                : new ApiException(429, "upstream_rate_limited", message).retryAfter(retryAfterSeconds);
    }
}
