package com.smeplug.local.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

import com.smeplug.local.aws.ApiEvent;
import com.smeplug.local.aws.JwtAuthorizer;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Serves the functions over HTTP at the routes of template.yaml, turning each request into the API Gateway HTTP API
 * event Lambda would receive and the function's response back into HTTP — so local and deployed routing cannot
 * diverge. Routes with the JWT authorizer get its checks first, as API Gateway does them. Unknown paths answer 404, known paths with another method 405, both in the API's error shape.
 */
final class ApiServer implements AutoCloseable {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final Set<String> TEXT_TYPES = Set.of("application/json", "application/x-www-form-urlencoded",
            "application/xml", "application/javascript");
    private static final int MAX_REQUEST_BYTES = 10 * 1024 * 1024;

    private final HttpServer server;
    private final ExecutorService executor;
    private final RouteTable routes;
    private final Functions functions;
    private final Map<String, Function<HttpExchange, byte[]>> localEndpoints;
    private final JwtAuthorizer authorizer;

    ApiServer(String host, int port, RouteTable routes, Functions functions, JwtAuthorizer authorizer,
            Map<String, Function<HttpExchange, byte[]>> localEndpoints) throws IOException {
        this.authorizer = authorizer;
        this.routes = routes;
        this.functions = functions;
        this.localEndpoints = localEndpoints;
        this.server = HttpServer.create(new InetSocketAddress(host, port), 128);
        this.executor = Executors.newFixedThreadPool(32);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    void start() {
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            String path = exchange.getRequestURI().getRawPath();
            var local = localEndpoints.get(method + " " + path);
            if (local != null) {
                send(exchange, 200, Map.of("Content-Type", "application/json"), local.apply(exchange));
                return;
            }
            var match = routes.match(method, path);
            if (match.isEmpty()) {
                List<String> allowed = routes.methodsFor(path);
                if (allowed.isEmpty()) {
                    sendError(exchange, 404, "not_found", "no route for " + method + " " + path);
                }
                else {
                    exchange.getResponseHeaders().add("Allow", String.join(", ", allowed));
                    sendError(exchange, 405, "method_not_allowed", method + " is not allowed on " + path);
                }
                return;
            }
            byte[] body = readBody(exchange);
            if (body == null) {
                sendError(exchange, 413, "payload_too_large", "request body is larger than API Gateway accepts");
                return;
            }
            ApiEvent event = toEvent(exchange, match.get(), body);
            if (!match.get().route().open() && !authorizer.authorize(event)) {
                // API Gateway's JWT authorizer answers this itself; the function never runs.
                exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
                send(exchange, 401, Map.of("Content-Type", "application/json"),
                        JwtAuthorizer.UNAUTHORIZED_BODY.getBytes(StandardCharsets.UTF_8));
                return;
            }
            String eventJson = event.toJson();
            String responseJson = functions.invoke(match.get().route().definition(), eventJson);
            writeFunctionResponse(exchange, responseJson);
        }
        catch (RuntimeException e) {
            System.err.println("local server: " + e);
            sendError(exchange, 502, "bad_gateway", "the function failed: see the local stack's log");
        }
    }

    private ApiEvent toEvent(HttpExchange exchange, RouteTable.Match match, byte[] body) {
        var route = match.route();
        ApiEvent event = ApiEvent.of(route.method(), exchange.getRequestURI().getRawPath())
                .routeKey(route.method() + " " + route.path())
                .query(exchange.getRequestURI().getRawQuery());
        exchange.getRequestHeaders().forEach((name, values) -> values.forEach(value -> event.header(name, value)));
        match.pathParameters().forEach(event::pathParameter);
        if (body.length > 0) {
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            if (isText(contentType)) {
                event.body(new String(body, StandardCharsets.UTF_8));
            }
            else {
                event.binaryBody(body);
            }
        }
        return event;
    }

    private static boolean isText(String contentType) {
        if (contentType == null) {
            return true;
        }
        String type = contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        return type.startsWith("text/") || TEXT_TYPES.contains(type) || type.endsWith("+json");
    }

    private void writeFunctionResponse(HttpExchange exchange, String responseJson) throws IOException {
        JsonNode response = MAPPER.readTree(responseJson);
        int status = response.path("statusCode").asInt(200);
        response.path("headers").properties().forEach(e -> exchange.getResponseHeaders().add(e.getKey(), e.getValue().asString()));
        response.path("cookies").forEach(cookie -> exchange.getResponseHeaders().add("Set-Cookie", cookie.asString()));
        String body = response.path("body").asString("");
        byte[] bytes = response.path("isBase64Encoded").asBoolean(false) ? Base64.getDecoder().decode(body)
                : body.getBytes(StandardCharsets.UTF_8);
        send(exchange, status, Map.of(), bytes);
    }

    private static byte[] readBody(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readNBytes(MAX_REQUEST_BYTES + 1);
            return bytes.length > MAX_REQUEST_BYTES ? null : bytes;
        }
    }

    private static void sendError(HttpExchange exchange, int status, String code, String message) throws IOException {
        String body = MAPPER.writeValueAsString(Map.of("error",
                Map.of("code", code, "message", message, "request_id", UUID.randomUUID().toString())));
        send(exchange, status, Map.of("Content-Type", "application/json; charset=utf-8"), body.getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, Map<String, String> headers, byte[] body) throws IOException {
        headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
