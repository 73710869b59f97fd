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

    static byte[] event(Route route, String user, String body) {
        Map<String, Object> event = new HashMap<>();
        event.put("version", "2.0");
        event.put("rawPath", "/_probe");
        event.put("headers", Map.of("content-type", "application/json"));
        event.put("requestContext", Map.of(
                "requestId", "probe-" + UUID.randomUUID(),
                "http", Map.of("method", route.method()),
                "authorizer", Map.of("lambda", Probe.authorizerContext(user))));
        event.put("body", body);
        event.put("isBase64Encoded", false);
        return Json.EVENTS.writeValueAsBytes(event);
    }
}
