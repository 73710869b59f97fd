package com.smeplug.platform.http;

import java.util.Map;
import java.util.Optional;

/**
 * One HTTP request as a handler sees it: the API Gateway event decoded, the body as bytes, and the tenant that the
 * token (never the body or the path) names. {@code tenantId} is null only on unauthenticated routes.
 */
public record ApiRequest(
        String requestId,
        String method,
        String path,
        Map<String, String> pathParameters,
        Map<String, String> queryParameters,
        Map<String, String> headers,
        byte[] body,
        String tenantId) {

    public Optional<String> query(String name) {
        return Optional.ofNullable(queryParameters.get(name)).filter(v -> !v.isEmpty());
    }

    public String pathParameter(String name) {
        String value = pathParameters.get(name);
        if (value == null || value.isBlank()) {
            throw ApiException.invalid("missing path parameter " + name);
        }
        return value;
    }

    /** Header value by case-insensitive name (API Gateway lowercases them already). */
    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(java.util.Locale.ROOT)));
    }

    /** The body as UTF-8 text; bytes that are not UTF-8 are a 400 (never silently replaced). */
    public String bodyText() {
        Json.requireUtf8(body);
        return new String(body, java.nio.charset.StandardCharsets.UTF_8);
    }

    public <T> T bodyAs(Class<T> type) {
        return Json.readBody(body, type);
    }

    public String tenant() {
        if (tenantId == null) {
            throw new IllegalStateException("route is not authenticated");
        }
        return tenantId;
    }
}
