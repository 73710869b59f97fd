package com.smeplug.platform.http;

import com.smeplug.platform.auth.Role;

import java.util.Map;
import java.util.Optional;

/**
 * One HTTP request as a handler sees it: the API Gateway event decoded, the body as bytes, and who calls: the verified
 * token's user ({@code userId} = its {@code sub}; {@code email} only if verified) and, from our membership records
 * (never the body, the path or a claim), the tenant and the caller's role in it. {@code tenantId} and {@code role}
 * are null on unauthenticated routes and, on {@link Role#SIGNED_IN} routes, for a user in no tenant.
 */
public record ApiRequest(
        String requestId,
        String method,
        String path,
        Map<String, String> pathParameters,
        Map<String, String> queryParameters,
        Map<String, String> headers,
        byte[] body,
        String tenantId,
        String userId,
        String email,
        Role role) {

    /** A request with a tenant but no user (tests of endpoints that only read the tenant). */
    public ApiRequest(String requestId, String method, String path, Map<String, String> pathParameters,
            Map<String, String> queryParameters, Map<String, String> headers, byte[] body, String tenantId) {
        this(requestId, method, path, pathParameters, queryParameters, headers, body, tenantId, null, null,
                tenantId == null ? null : Role.MEMBER);
    }

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

    /** The caller's tenant; only on routes that need a membership (MEMBER or ADMIN). */
    public String tenant() {
        if (tenantId == null) {
            throw new IllegalStateException("route is not authenticated");
        }
        return tenantId;
    }

    /** The caller's tenant, if any: for {@link Role#SIGNED_IN} routes. */
    public Optional<String> tenantIfAny() {
        return Optional.ofNullable(tenantId);
    }

    /** The verified user (token {@code sub}); on every authenticated route. */
    public String user() {
        if (userId == null) {
            throw new IllegalStateException("route is not authenticated");
        }
        return userId;
    }

    /** The user's email, only when the token says it is verified. */
    public Optional<String> verifiedEmail() {
        return Optional.ofNullable(email);
    }
}
