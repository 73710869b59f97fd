package com.smeplug.platform.http;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;

/**
 * The one error shape of the API: {@code {"error": {"code", "message", "request_id"}}}, plus the exception's
 * details (if any) as further fields of the error object.
 */
record ErrorBody(Detail error) {

    public record Detail(String code, String message, String requestId,
            @JsonAnyGetter Map<String, Object> details) {
    }

    public static ErrorBody of(String code, String message, String requestId) {
        return of(code, message, requestId, Map.of());
    }

    public static ErrorBody of(String code, String message, String requestId, Map<String, Object> details) {
        return new ErrorBody(new Detail(code, message, requestId, details));
    }
}
