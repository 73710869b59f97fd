package com.smeplug.integrations.upstream;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.smeplug.platform.config.Settings;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The HTTP side of a real connector: one {@link HttpClient} per container with a connect timeout, a read timeout per
 * request, and a budget for everything one fetch does (token, pages, follow-up queries), so a slow upstream turns into
 * a 504 well before API Gateway gives up. Every failure becomes an {@link UpstreamFailure}.
 */
public final class UpstreamHttp {

    /** Upstream JSON is read as a tree with the upstream's own names; no naming strategy, no coercion surprises. */
    private static final JsonMapper UPSTREAM_JSON = JsonMapper.builder().build();

    private final String system;
    private final HttpClient client;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final Duration fetchBudget;

    public UpstreamHttp(String system, Duration connectTimeout, Duration readTimeout, Duration fetchBudget) {
        this.system = system;
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
        this.fetchBudget = fetchBudget;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** Timeouts from CONNECTOR_CONNECT_TIMEOUT_MS, CONNECTOR_READ_TIMEOUT_MS and CONNECTOR_FETCH_BUDGET_MS. */
    public static UpstreamHttp fromSettings(String system, Settings settings) {
        return new UpstreamHttp(system,
                settings.millis("CONNECTOR_CONNECT_TIMEOUT_MS", 2_000),
                settings.millis("CONNECTOR_READ_TIMEOUT_MS", 5_000),
                settings.millis("CONNECTOR_FETCH_BUDGET_MS", 20_000));
    }

    public String system() {
        return system;
    }

    /** Starts one fetch: every request sent through the returned call shares its time budget. */
    public Call call() {
        return new Call(System.nanoTime() + fetchBudget.toNanos());
    }

    public JsonNode json(HttpResponse<byte[]> response, String what) {
        try {
            JsonNode node = UPSTREAM_JSON.readTree(response.body());
            if (node == null || node.isMissingNode()) {
                throw UpstreamFailure.error(system + " sent an empty " + what);
            }
            return node;
        }
        catch (JacksonException e) {
            throw UpstreamFailure.error("the " + what + " " + system + " sent is not valid JSON", e);
        }
    }

    /** Reads an error body leniently, for a message; never fails. */
    public JsonNode jsonOrMissing(HttpResponse<byte[]> response) {
        try {
            JsonNode node = UPSTREAM_JSON.readTree(response.body());
            return node == null ? UPSTREAM_JSON.missingNode() : node;
        }
        catch (JacksonException e) {
            return UPSTREAM_JSON.missingNode();
        }
    }

    public final class Call {

        private final long deadlineNanos;

        private Call(long deadlineNanos) {
            this.deadlineNanos = deadlineNanos;
        }

        public HttpResponse<byte[]> send(HttpRequest.Builder builder) {
            long remainingMillis = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
            if (remainingMillis <= 0) {
                throw UpstreamFailure.timeout(system + " did not finish within " + fetchBudget.toMillis() + " ms", null);
            }
            Duration timeout = Duration.ofMillis(Math.min(readTimeout.toMillis(), remainingMillis));
            HttpRequest request = builder.timeout(timeout).build();
            CompletableFuture<HttpResponse<byte[]>> pending = client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
            try {
                // The request timeout covers the wait for the response headers; this bound also covers a body that dribbles.
                return pending.get(timeout.toMillis() + connectTimeout.toMillis(), TimeUnit.MILLISECONDS);
            }
            catch (TimeoutException e) {
                pending.cancel(true);
                throw timedOut(timeout, e);
            }
            catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof HttpTimeoutException) {
                    throw timedOut(timeout, cause);
                }
                if (cause instanceof IOException) {
                    throw UpstreamFailure.error(system + " could not be reached", cause);
                }
                throw UpstreamFailure.error(system + " request failed", cause);
            }
            catch (InterruptedException e) {
                pending.cancel(true);
                Thread.currentThread().interrupt();
                throw UpstreamFailure.error(system + " request was interrupted", e);
            }
        }

        private UpstreamFailure timedOut(Duration timeout, Throwable cause) {
            return UpstreamFailure.timeout(system + " did not answer within " + timeout.toMillis() + " ms", cause);
        }
    }
}
