package com.smeplug.local.server;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.smeplug.local.aws.SamTemplate;

/**
 * The HTTP routes of template.yaml, matched the way API Gateway matches them: exact segments, {name} for one
 * segment, {name+} for the rest of the path.
 */
final class RouteTable {

    record Route(String method, String path, String definition, List<String> segments, boolean open) {
    }

    record Match(Route route, Map<String, String> pathParameters) {
    }

    private final List<Route> routes = new ArrayList<>();

    RouteTable(SamTemplate template) {
        for (SamTemplate.FunctionSpec function : template.functions()) {
            for (SamTemplate.HttpRoute route : function.routes()) {
                routes.add(new Route(route.method(), route.path(), function.definition(), segments(route.path()), route.open()));
            }
        }
        // Literal segments win over parameters, as in API Gateway.
        routes.sort((a, b) -> Long.compare(parameterCount(a), parameterCount(b)));
    }

    List<Route> routes() {
        return List.copyOf(routes);
    }

    /** The route for this method and path; empty with {@code pathKnown} telling 405 from 404. */
    Optional<Match> match(String method, String path) {
        for (Route route : routes) {
            if (route.method().equals(method)) {
                Map<String, String> parameters = bind(route, segments(path));
                if (parameters != null) {
                    return Optional.of(new Match(route, parameters));
                }
            }
        }
        return Optional.empty();
    }

    List<String> methodsFor(String path) {
        List<String> methods = new ArrayList<>();
        for (Route route : routes) {
            if (bind(route, segments(path)) != null && !methods.contains(route.method())) {
                methods.add(route.method());
            }
        }
        return methods;
    }

    private static Map<String, String> bind(Route route, List<String> path) {
        Map<String, String> parameters = new LinkedHashMap<>();
        List<String> pattern = route.segments();
        for (int i = 0; i < pattern.size(); i++) {
            String segment = pattern.get(i);
            if (segment.startsWith("{") && segment.endsWith("+}")) {
                if (i >= path.size()) {
                    return null;
                }
                parameters.put(segment.substring(1, segment.length() - 2), String.join("/", path.subList(i, path.size())));
                return parameters;
            }
            if (i >= path.size()) {
                return null;
            }
            if (segment.startsWith("{") && segment.endsWith("}")) {
                parameters.put(segment.substring(1, segment.length() - 1), path.get(i));
            }
            else if (!segment.equals(path.get(i))) {
                return null;
            }
        }
        return pattern.size() == path.size() ? parameters : null;
    }

    private static List<String> segments(String path) {
        List<String> segments = new ArrayList<>();
        for (String segment : path.split("/")) {
            if (!segment.isEmpty()) {
                segments.add(java.net.URLDecoder.decode(segment.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return segments;
    }

    private static long parameterCount(Route route) {
        return route.segments().stream().filter(s -> s.startsWith("{")).count();
    }
}
