package com.smeplug.local.aws;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.json.JsonMapper;

/**
 * An API Gateway HTTP API (payload format 2.0) event, built the way API Gateway builds it: lowercase header names,
 * cookies split out, repeated query parameters joined with commas, a binary body base64-encoded.
 */
public final class ApiEvent {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final DateTimeFormatter REQUEST_TIME = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.US)
            .withZone(ZoneOffset.UTC);

    private final String method;
    private final String path;
    private String routeKey;
    private String rawQueryString = "";
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final List<String> cookies = new ArrayList<>();
    private final Map<String, String> pathParameters = new LinkedHashMap<>();
    private Map<String, String> claims;
    private String body;
    private boolean base64;

    private ApiEvent(String method, String path) {
        this.method = method;
        this.path = path;
        this.routeKey = method + " " + path;
    }

    public static ApiEvent of(String method, String path) {
        return new ApiEvent(method, path);
    }

    public static ApiEvent get(String path) {
        return new ApiEvent("GET", path);
    }

    public static ApiEvent post(String path, String jsonBody) {
        return new ApiEvent("POST", path).header("content-type", "application/json").body(jsonBody);
    }

    public ApiEvent routeKey(String routeKey) {
        this.routeKey = routeKey;
        return this;
    }

    public ApiEvent query(String rawQueryString) {
        this.rawQueryString = rawQueryString == null ? "" : rawQueryString;
        return this;
    }

    public ApiEvent header(String name, String value) {
        String key = name.toLowerCase(Locale.ROOT);
        if (key.equals("cookie")) {
            for (String cookie : value.split(";\\s*")) {
                cookies.add(cookie);
            }
            return this;
        }
        headers.merge(key, value, (a, b) -> a + "," + b);
        return this;
    }

    /** The value of a header as the event carries it (null: absent). */
    public String headerValue(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    public ApiEvent bearer(String token) {
        return header("authorization", "Bearer " + token);
    }

    public ApiEvent pathParameter(String name, String value) {
        pathParameters.put(name, value);
        return this;
    }

    /** Claims as API Gateway's JWT authorizer passes them after verifying a token (deployed mode). */
    public ApiEvent verifiedClaims(Map<String, String> claims) {
        this.claims = claims;
        return this;
    }

    public ApiEvent body(String text) {
        this.body = text;
        this.base64 = false;
        return this;
    }

    public ApiEvent binaryBody(byte[] bytes) {
        this.body = Base64.getEncoder().encodeToString(bytes);
        this.base64 = true;
        return this;
    }

    public ApiEvent base64Body(String text) {
        return binaryBody(text.getBytes(StandardCharsets.UTF_8));
    }

    public Map<String, Object> toMap() {
        Instant now = Instant.now();
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("version", "2.0");
        event.put("routeKey", routeKey);
        event.put("rawPath", path);
        event.put("rawQueryString", rawQueryString);
        if (!cookies.isEmpty()) {
            event.put("cookies", cookies);
        }
        Map<String, String> allHeaders = new LinkedHashMap<>(headers);
        allHeaders.putIfAbsent("host", "127.0.0.1");
        event.put("headers", allHeaders);
        Map<String, String> query = queryParameters();
        if (!query.isEmpty()) {
            event.put("queryStringParameters", query);
        }
        if (!pathParameters.isEmpty()) {
            event.put("pathParameters", pathParameters);
        }
        Map<String, Object> http = new LinkedHashMap<>();
        http.put("method", method);
        http.put("path", path);
        http.put("protocol", "HTTP/1.1");
        http.put("sourceIp", "127.0.0.1");
        http.put("userAgent", allHeaders.getOrDefault("user-agent", "local"));
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("accountId", "000000000000");
        context.put("apiId", "local");
        context.put("domainName", "127.0.0.1");
        context.put("domainPrefix", "local");
        context.put("http", http);
        context.put("requestId", UUID.randomUUID().toString());
        context.put("routeKey", routeKey);
        context.put("stage", "$default");
        context.put("time", REQUEST_TIME.format(now));
        context.put("timeEpoch", now.toEpochMilli());
        if (claims != null) {
            context.put("authorizer", Map.of("jwt", Map.of("claims", claims, "scopes", List.of())));
        }
        event.put("requestContext", context);
        if (body != null) {
            event.put("body", body);
        }
        event.put("isBase64Encoded", base64);
        return event;
    }

    public String toJson() {
        return MAPPER.writeValueAsString(toMap());
    }

    private Map<String, String> queryParameters() {
        Map<String, String> query = new LinkedHashMap<>();
        if (rawQueryString.isEmpty()) {
            return query;
        }
        for (String pair : rawQueryString.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            query.merge(name, value, (a, b) -> a + "," + b);
        }
        return query;
    }

    private static String decode(String text) {
        try {
            return java.net.URLDecoder.decode(text, StandardCharsets.UTF_8);
        }
        catch (IllegalArgumentException e) {
            return text;
        }
    }
}
