package com.smeplug.platform.http;

/** The one error shape of the API: {@code {"error": {"code", "message", "request_id"}}}. */
public record ErrorBody(Detail error) {

    public record Detail(String code, String message, String requestId) {
    }

    public static ErrorBody of(String code, String message, String requestId) {
        return new ErrorBody(new Detail(code, message, requestId));
    }
}
