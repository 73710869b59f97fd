package com.smeplug.integrations;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.github.tomakehurst.wiremock.WireMockServer;

/**
 * Sends one templated request to a freshly started WireMock server before the tests, so its one-off start-up work
 * (the template engine) is not counted against the short read timeouts the tests configure.
 */
final class UpstreamWarmUp {

    private UpstreamWarmUp() {
    }

    static void warm(WireMockServer server, String path) {
        try {
            HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                    .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString("grant_type=warm_up")).build(),
                    HttpResponse.BodyHandlers.discarding());
        }
        catch (IOException e) {
            throw new IllegalStateException("cannot reach the local upstream at " + server.baseUrl(), e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
