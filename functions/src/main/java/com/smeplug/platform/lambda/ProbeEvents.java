package com.smeplug.platform.lambda;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.WeakHashMap;

import com.smeplug.platform.auth.Probe;
import com.smeplug.platform.http.HttpFunctions;
import com.smeplug.platform.http.Json;
import com.smeplug.platform.http.Route;

/**
 * The API Gateway events SnapStart priming and the AOT training feed through the Lambda handler: for every route
 * built in this JVM (with lazy beans, a Lambda container builds only its own), one event per body the route
 * {@linkplain Route#probedWith declares}, from the probe tenant's member, so the endpoint's success path runs; a route
 * that declares none gets one event with an empty body from a user of no tenant, which stops at the tenant check
 * after the membership read. Identities: {@link Probe}. The {@link HttpFunctions} of a context are registered when it
 * builds them, and held weakly: a closed context (tests) does not linger here.
 */
public final class ProbeEvents {

    private static final String PATH = "/_probe";

    private static final Set<HttpFunctions> HTTP = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

    private ProbeEvents() {
    }

    public static void register(HttpFunctions http) {
        HTTP.add(http);
    }

    static List<byte[]> all() {
        return List.copyOf(HTTP).stream().flatMap(http -> of(http).stream()).toList();
    }

    static List<byte[]> of(HttpFunctions http) {
        List<byte[]> events = new ArrayList<>();
        for (Route route : http.routes()) {
            if (route.probeBodies().isEmpty()) {
                events.add(event(route, Probe.STRANGER, ""));
            }
            route.probeBodies().forEach(body -> events.add(event(route, Probe.MEMBER, body)));
        }
        return events;
    }

    /**
     * An event of the shape API Gateway sends (every field of an HTTP API payload 2.0 event, including a JWT
     * authorizer's claims that name nobody), so that reading it runs the same event deserialisers as a real request:
     * Jackson binds each property's setter lazily, on the first event that carries it. The caller is named only in
     * {@code authorizer.lambda} (see Probe).
     */
    static byte[] event(Route route, String user, String body) {
        String routeKey = route.method() + " " + PATH;
        Map<String, Object> event = new HashMap<>();
        event.put("version", "2.0");
        event.put("routeKey", routeKey);
        event.put("rawPath", PATH);
        event.put("rawQueryString", "");
        event.put("headers", Map.of("accept", "application/json", "content-type", "application/json",
                "host", "probe.invalid", "user-agent", "snapstart-priming", "x-forwarded-for", "192.0.2.1",
                "x-forwarded-proto", "https"));
        event.put("requestContext", Map.ofEntries(
                Map.entry("accountId", "000000000000"),
                Map.entry("apiId", "probe"),
                Map.entry("authorizer", Map.of(
                        "jwt", Map.of("claims", Map.of("token_use", "id", "email_verified", "false"), "scopes", List.of()),
                        "lambda", Probe.authorizerContext(user))),
                Map.entry("domainName", "probe.invalid"),
                Map.entry("domainPrefix", "probe"),
                Map.entry("http", Map.of("method", route.method(), "path", PATH, "protocol", "HTTP/1.1",
                        "sourceIp", "192.0.2.1", "userAgent", "snapstart-priming")),
                Map.entry("requestId", "probe-" + UUID.randomUUID()),
                Map.entry("routeKey", routeKey),
                Map.entry("stage", "$default"),
                Map.entry("time", "01/Jan/2026:00:00:00 +0000"),
                Map.entry("timeEpoch", 1767225600000L)));
        event.put("body", body);
        event.put("isBase64Encoded", false);
        return Json.EVENTS.writeValueAsBytes(event);
    }
}
