package com.smeplug.platform.http;

import java.util.Map;

/**
 * A failure that has a meaning for the client: it becomes the JSON error shape with its status and code.
 * Anything else that escapes a handler is a bug (500) or an unavailable dependency (503/504).
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final String code;
    private final Map<String, Object> details;
    private Long retryAfterSeconds;

    public ApiException(int status, String code, String message) {
        this(status, code, message, Map.of());
    }

    public ApiException(int status, String code, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.code = code;
        this.details = Map.of();
    }

    /**
     * {@code details}: extra fields a client can act on (e.g. {@code limit}, {@code resets_at} of a 429), written
     * into the error object next to code, message and request_id, in this map's order.
     */
    public ApiException(int status, String code, String message, Map<String, Object> details) {
        super(message);
        this.status = status;
        this.code = code;
        this.details = details;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public Map<String, Object> details() {
        return details;
    }

    /** Sends {@code Retry-After: seconds} with the error (a 429 or 503 the client should retry later). */
    public ApiException retryAfter(long seconds) {
        this.retryAfterSeconds = Math.max(1, seconds);
        return this;
    }

    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public static ApiException invalid(String message) {
        return new ApiException(400, "invalid_request", message);
    }

    public static ApiException unauthorized(String message) {
        return new ApiException(401, "unauthorized", message);
    }

    public static ApiException forbidden(String code, String message) {
        return new ApiException(403, code, message);
    }

    public static ApiException notFound(String code, String message) {
        return new ApiException(404, code, message);
    }

    public static ApiException conflict(String code, String message) {
        return new ApiException(409, code, message);
    }

    public static ApiException tooLarge(String message) {
        return new ApiException(413, "payload_too_large", message);
    }

    public static ApiException upstream(String message, Throwable cause) {
        return new ApiException(502, "upstream_error", message, cause);
    }

    public static ApiException unavailable(String message, Throwable cause) {
        return new ApiException(503, "service_unavailable", message, cause);
    }

    public static ApiException upstreamTimeout(String message, Throwable cause) {
        return new ApiException(504, "upstream_timeout", message, cause);
    }
}
