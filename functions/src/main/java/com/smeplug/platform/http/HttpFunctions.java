package com.smeplug.platform.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.smeplug.platform.auth.Authenticator;
import com.smeplug.platform.auth.Caller;
import com.smeplug.platform.auth.NotAuthenticated;
import com.smeplug.platform.auth.Role;
import com.smeplug.platform.tenant.Membership;
import com.smeplug.platform.tenant.MembershipDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Turns an {@link Endpoint} into the Lambda function API Gateway calls: method check, body decoding and size limit,
 * authentication, error mapping, response headers and one log line per request. Responses carry only headers set
 * here, never anything from the request.
 *
 * <p>The function takes the raw event stream and reads it itself (plain Jackson onto the event class). Typed
 * as {@code APIGatewayV2HTTPEvent}, the AWS adapter of Spring Cloud Function would first look inside the request: a
 * JSON-array body, or a header named {@code payload}, replaces the event it hands over — verified claims included —
 * so a caller could act as another tenant (see EventInjectionIT).
 */
public final class HttpFunctions {

    private static final Logger log = LoggerFactory.getLogger(HttpFunctions.class);

    private final Authenticator authenticator;
    private final MembershipDirectory memberships;
    private final List<Route> routes = new CopyOnWriteArrayList<>();
    /** Null: no Idempotency-Key handling (handlers built alone, in benchmarks and unit tests). */
    private final IdempotencyKeys idempotency;

    public HttpFunctions(Authenticator authenticator, MembershipDirectory memberships) {
        this(authenticator, memberships, null);
    }

    public HttpFunctions(Authenticator authenticator, MembershipDirectory memberships, IdempotencyKeys idempotency) {
        this.authenticator = authenticator;
        this.memberships = memberships;
        this.idempotency = idempotency;
    }

    /** The routes built so far, in order: what SnapStart priming probes (platform/lambda's ProbeEvents). */
    public List<Route> routes() {
        return List.copyOf(routes);
    }

    /** The verified caller; 401 without one. */
    private Caller callerOf(APIGatewayV2HTTPEvent event) {
        try {
            return authenticator.callerOf(event);
        }
        catch (NotAuthenticated e) {
            throw ApiException.unauthorized(e.getMessage());
        }
    }

    /**
     * Who may pass, from the route's declared role: any verified user for SIGNED_IN; for MEMBER and ADMIN, a
     * membership (403 unknown_tenant without one: no tenant, or a tenant that was closed) with a role at least the
     * route's (403 forbidden otherwise).
     */
    private Membership admit(Route route, Caller caller) {
        Membership membership = memberships.membershipOf(caller.userId()).orElse(null);
        if (route.role() == Role.SIGNED_IN) {
            return membership;
        }
        if (membership == null) {
            throw ApiException.forbidden("unknown_tenant", "the caller belongs to no registered tenant");
        }
        if (!route.role().allows(membership.role())) {
            throw ApiException.forbidden("forbidden", "this action needs the " + route.role().name().toLowerCase(Locale.ROOT)
                    + " role in the tenant");
        }
        return membership;
    }

    public Function<InputStream, APIGatewayV2HTTPResponse> route(Route route, Endpoint endpoint) {
        // every authenticated POST honours Idempotency-Key (IdempotencyKeys)
        Endpoint handler = idempotency != null && IdempotencyKeys.applies(route) ? idempotency.around(endpoint) : endpoint;
        Function<InputStream, APIGatewayV2HTTPResponse> function = input -> {
            APIGatewayV2HTTPEvent event = readEvent(input);
            if (event == null) {
                // API Gateway never sends this; a hand-made invocation might.
                return invalidEvent(UUID.randomUUID().toString(), "the invocation is not an API Gateway HTTP API event");
            }
            if (!"2.0".equals(event.getVersion())) {
                // A REST API (SAM's aws-proxy event) or an HTTP API integration left at payload format 1.0: its method,
                // path and authorizer claims sit elsewhere, so answering it would mean a misleading 405 or 401.
                log.warn("invocation is not an HTTP API payload 2.0 event (version {})", event.getVersion());
                return invalidEvent(requestId(event), "only API Gateway HTTP API events of payload format 2.0 are "
                        + "supported; this is a REST API or payload format 1.0 event (version " + event.getVersion() + ")");
            }
            return handle(route, handler, event);
        };
        routes.add(route);
        return function;
    }

    private static APIGatewayV2HTTPResponse invalidEvent(String requestId, String message) {
        return toResponse(ApiResponse.of(400, ErrorBody.of("invalid_event", message, requestId)), requestId);
    }

    private static APIGatewayV2HTTPEvent readEvent(InputStream input) {
        try (input) {
            return Json.EVENTS.readValue(input, APIGatewayV2HTTPEvent.class);
        }
        catch (IOException | RuntimeException e) {
            log.warn("unreadable invocation event: {}", e.toString());
            return null;
        }
    }

    APIGatewayV2HTTPResponse handle(Route route, Endpoint endpoint, APIGatewayV2HTTPEvent event) {
        long started = System.nanoTime();
        String requestId = requestId(event);
        String method = method(event);
        String path = event.getRawPath() == null ? "/" : event.getRawPath();
        String tenant = null;
        String user = null;
        Throwable defect = null;
        MDC.put("request_id", requestId);
        APIGatewayV2HTTPResponse response;
        try {
            if (!route.method().equals(method)) {
                throw new ApiException(405, "method_not_allowed", method + " is not allowed on " + path + "; use " + route.method());
            }
            byte[] body = body(event, route.maxBodyBytes());
            Caller caller = null;
            Membership membership = null;
            if (route.authenticated()) {
                caller = callerOf(event);
                user = caller.userId();
                MDC.put("user", user);
                membership = admit(route, caller);
                tenant = membership == null ? null : membership.tenantId();
                MDC.put("tenant", String.valueOf(tenant));
            }
            ApiRequest request = new ApiRequest(requestId, method, path, orEmpty(event.getPathParameters()),
                    orEmpty(event.getQueryStringParameters()), lowercase(event.getHeaders()), body, tenant,
                    caller == null ? null : caller.userId(), caller == null ? null : caller.email(),
                    membership == null ? null : membership.role());
            response = toResponse(endpoint.handle(request), requestId);
        }
        catch (RuntimeException failure) {
            ApiException api = FailureMapper.toApiException(failure);
            if (api.status() >= 500) {
                defect = failure;
            }
            response = toResponse(new ApiResponse(api.status(), ErrorBody.of(api.code(), api.getMessage(), requestId,
                    api.details()), api.retryAfterSeconds() == null ? Map.of()
                            : Map.of("Retry-After", Long.toString(api.retryAfterSeconds()))), requestId);
        }
        finally {
            MDC.remove("request_id");
            MDC.remove("tenant");
            MDC.remove("user");
        }
        RequestLog.write(requestId, tenant, user, routeKey(event, method, path), response.getStatusCode(),
                (System.nanoTime() - started) / 1_000_000, defect);
        return response;
    }

    private static APIGatewayV2HTTPResponse toResponse(ApiResponse response, String requestId) {
        Map<String, String> headers = new HashMap<>();
        String body;
        if (response.body() instanceof ApiResponse.RawBody raw) {
            body = raw.text();
        }
        else {
            body = Json.write(response.body());
            headers.put("Content-Type", "application/json; charset=utf-8");
        }
        headers.put("Cache-Control", "no-store");
        headers.put("X-Content-Type-Options", "nosniff");
        headers.putAll(response.headers());
        headers.put("X-Request-Id", requestId);
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(response.status())
                .withHeaders(headers)
                .withBody(body)
                .withIsBase64Encoded(false)
                .build();
    }

    private static byte[] body(APIGatewayV2HTTPEvent event, int maxBytes) {
        String raw = event.getBody();
        if (raw == null || raw.isEmpty() || maxBytes == 0) {
            return new byte[0];
        }
        boolean base64 = event.getIsBase64Encoded();
        // Refuse before decoding when the text alone proves the body too big: UTF-8 needs at least a byte per char,
        // base64 yields at least 3 bytes per 4 chars less padding.
        long smallestPossible = base64 ? raw.length() / 4L * 3 - 2 : raw.length();
        if (smallestPossible > maxBytes) {
            throw ApiException.tooLarge("request body is larger than " + maxBytes + " bytes");
        }
        byte[] bytes;
        try {
            bytes = base64 ? Base64.getDecoder().decode(raw) : raw.getBytes(StandardCharsets.UTF_8);
        }
        catch (IllegalArgumentException e) {
            throw ApiException.invalid("request body is marked base64 but is not valid base64");
        }
        if (bytes.length > maxBytes) {
            throw ApiException.tooLarge("request body is larger than " + maxBytes + " bytes");
        }
        return bytes;
    }

    private static String requestId(APIGatewayV2HTTPEvent event) {
        var context = event.getRequestContext();
        if (context != null && context.getRequestId() != null && !context.getRequestId().isBlank()) {
            return context.getRequestId();
        }
        return UUID.randomUUID().toString();
    }

    /** API Gateway's route key ("GET /finetune/status/{job_id}"): one value per route, whatever the ids in the path. */
    private static String routeKey(APIGatewayV2HTTPEvent event, String method, String path) {
        String key = event.getRouteKey();
        return key == null || key.isBlank() || key.equals("$default") ? method + " " + path : key;
    }

    private static String method(APIGatewayV2HTTPEvent event) {
        var context = event.getRequestContext();
        if (context == null || context.getHttp() == null || context.getHttp().getMethod() == null) {
            return "GET";
        }
        return context.getHttp().getMethod().toUpperCase(Locale.ROOT);
    }

    private static Map<String, String> orEmpty(Map<String, String> map) {
        return map == null ? Map.of() : map;
    }

    private static Map<String, String> lowercase(Map<String, String> headers) {
        if (headers == null) {
            return Map.of();
        }
        Map<String, String> result = new HashMap<>();
        headers.forEach((name, value) -> result.put(name.toLowerCase(Locale.ROOT), value));
        return result;
    }
}
