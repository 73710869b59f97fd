package com.smeplug.platform.http;

/**
 * A failure that has a meaning for the client: it becomes the JSON error shape with its status and code.
 * Anything else that escapes a handler is a bug (500) or an unavailable dependency (503/504).
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final String code;

    public ApiException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public ApiException(int status, String code, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
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
