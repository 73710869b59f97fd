package com.smeplug.platform.http;

import java.io.ByteArrayInputStream;
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
import com.smeplug.platform.tenant.TenantDirectory;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;
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
public final class HttpFunctions implements Resource {

    private static final Logger log = LoggerFactory.getLogger(HttpFunctions.class);
    static final String PRIMING_TENANT = "priming-probe";
    private static final java.util.Set<HttpFunctions> INSTANCES =
            java.util.Collections.synchronizedSet(java.util.Collections.newSetFromMap(new java.util.WeakHashMap<>()));

    /** The event's own camelCase names; unknown fields (new API Gateway additions) are ignored. */
    private static final JsonMapper EVENTS = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final Authenticator authenticator;
    private final TenantDirectory tenants;
    private final List<Function<InputStream, APIGatewayV2HTTPResponse>> routes = new CopyOnWriteArrayList<>();
    private final List<String> methods = new CopyOnWriteArrayList<>();

    public HttpFunctions(Authenticator authenticator, TenantDirectory tenants) {
        this.authenticator = authenticator;
        this.tenants = tenants;
        // SnapStart: prime before the snapshot is taken (CRaC keeps only a weak reference; the bean holds this one).
        Core.getGlobalContext().register(this);
        INSTANCES.add(this);
    }

    /** What SnapStart's checkpoint runs, for a JVM without CRaC (benchmarks measure the first request after it). */
    public static void primeAll() {
        List.copyOf(INSTANCES).forEach(HttpFunctions::prime);
    }

    public Function<InputStream, APIGatewayV2HTTPResponse> route(Route route, Endpoint endpoint) {
        Function<InputStream, APIGatewayV2HTTPResponse> function = input -> {
            APIGatewayV2HTTPEvent event = readEvent(input);
            if (event == null) {
                // API Gateway never sends this; a hand-made invocation might.
                String requestId = UUID.randomUUID().toString();
                return toResponse(ApiResponse.of(400, ErrorBody.of("invalid_event",
                        "the invocation is not an API Gateway HTTP API event", requestId)), requestId);
            }
            return handle(route, endpoint, event);
        };
        routes.add(function);
        methods.add(route.method());
        return function;
    }

    /**
     * Runs each route built in this container once with a request from a tenant that does not exist, so event
     * parsing, authentication, the SDK client's first DynamoDB call and the JSON error path are loaded and compiled
     * before SnapStart takes its snapshot. Nothing is written; the probe tenant is never registered.
     */
    public void prime() {
        for (int i = 0; i < routes.size(); i++) {
            String event = "{\"version\":\"2.0\",\"routeKey\":\"$default\",\"rawPath\":\"/_priming\",\"headers\":{},"
                    + "\"requestContext\":{\"requestId\":\"priming\",\"http\":{\"method\":\"" + methods.get(i) + "\"},"
                    + "\"authorizer\":{\"jwt\":{\"claims\":{\"tenant_id\":\"" + PRIMING_TENANT + "\"}}}},\"isBase64Encoded\":false}";
            routes.get(i).apply(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)));
        }
        tenants.exists(PRIMING_TENANT);
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        prime();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Nothing to renew: SDK clients open connections on demand and credentials come from the restored environment.
    }

    private static APIGatewayV2HTTPEvent readEvent(InputStream input) {
        try (input) {
            return EVENTS.readValue(input, APIGatewayV2HTTPEvent.class);
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
        MDC.put("request_id", requestId);
        APIGatewayV2HTTPResponse response;
        try {
            if (!route.method().equals(method)) {
                throw new ApiException(405, "method_not_allowed", method + " is not allowed on " + path + "; use " + route.method());
            }
            byte[] body = body(event, route.maxBodyBytes());
            if (route.authenticated()) {
                tenant = authenticator.tenantOf(event);
                MDC.put("tenant", tenant);
                if (!tenants.exists(tenant)) {
                    throw ApiException.forbidden("unknown_tenant", "the token's tenant is not registered");
                }
            }
            ApiRequest request = new ApiRequest(requestId, method, path, orEmpty(event.getPathParameters()),
                    orEmpty(event.getQueryStringParameters()), lowercase(event.getHeaders()), body, tenant);
            response = toResponse(endpoint.handle(request), requestId);
        }
        catch (RuntimeException failure) {
            ApiException api = FailureMapper.toApiException(failure);
            if (api.status() >= 500) {
                log.error("request failed request_id={} tenant={} route=\"{} {}\" status={}", requestId, tenant, method, path,
                        api.status(), failure);
            }
            response = toResponse(ApiResponse.of(api.status(), ErrorBody.of(api.code(), api.getMessage(), requestId, api.details())),
                    requestId);
        }
        finally {
            MDC.clear();
        }
        log.info("request_id={} tenant={} route=\"{} {}\" status={} duration_ms={}", requestId, tenant, method, path,
                response.getStatusCode(), (System.nanoTime() - started) / 1_000_000);
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
