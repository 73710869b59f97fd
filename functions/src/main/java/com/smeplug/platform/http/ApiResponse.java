package com.smeplug.platform.http;

import java.util.Map;

/** What a handler answers: a status, a body serialised as JSON (or raw text for assets) and its own headers. */
public record ApiResponse(int status, Object body, Map<String, String> headers) {

    public static ApiResponse ok(Object body) {
        return new ApiResponse(200, body, Map.of());
    }

    public static ApiResponse created(Object body) {
        return new ApiResponse(201, body, Map.of());
    }

    public static ApiResponse accepted(Object body) {
        return new ApiResponse(202, body, Map.of());
    }

    public static ApiResponse of(int status, Object body) {
        return new ApiResponse(status, body, Map.of());
    }

    /** A non-JSON body (console assets): {@code body} must be a String and {@code contentType} is sent as is. */
    public static ApiResponse raw(int status, String body, String contentType, Map<String, String> extraHeaders) {
        Map<String, String> headers = new java.util.HashMap<>(extraHeaders);
        headers.put("Content-Type", contentType);
        return new ApiResponse(status, new RawBody(body), Map.copyOf(headers));
    }

    public record RawBody(String text) {
    }
}
