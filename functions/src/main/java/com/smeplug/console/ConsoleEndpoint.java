package com.smeplug.console;

import java.util.LinkedHashMap;
import java.util.Map;

import com.smeplug.platform.http.ApiException;
import com.smeplug.platform.http.ApiRequest;
import com.smeplug.platform.http.ApiResponse;
import com.smeplug.platform.http.Endpoint;

/**
 * {@code GET /} is the page, {@code GET /console/{asset+}} its files and {@code /console/config.json} its sign-in
 * settings. The page holds no data: every data call it makes carries the user's token. Every answer forbids inline
 * script and any origin but ours, framing and referrers; files are revalidated by ETag on each load, so a deploy is
 * picked up at once and an unchanged file costs a 304.
 */
final class ConsoleEndpoint implements Endpoint {

    /** The policy, with the sign-in token endpoint's origin (or nothing) as the one other origin the page may call. */
    static String contentSecurityPolicy(String tokenOrigin) {
        return String.join("; ",
                "default-src 'none'",
                "script-src 'self'",
                "style-src 'self'",
                "img-src 'self'",
                tokenOrigin == null ? "connect-src 'self'" : "connect-src 'self' " + tokenOrigin,
                "manifest-src 'self'",
                "base-uri 'none'",
                "form-action 'self'",
                "frame-ancestors 'none'");
    }

    private static final Map<String, String> SECURITY_HEADERS = Map.of(
            "X-Frame-Options", "DENY",
            "Referrer-Policy", "no-referrer",
            "Cross-Origin-Opener-Policy", "same-origin",
            "Cross-Origin-Resource-Policy", "same-origin",
            "Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()",
            "Strict-Transport-Security", "max-age=31536000");

    private final ConsoleAssets assets;
    private final ConsoleAssets.Asset config;
    private final String policy;

    ConsoleEndpoint(ConsoleAssets assets, ConsoleSettings settings) {
        this.assets = assets;
        this.policy = contentSecurityPolicy(settings.tokenOrigin());
        String json = settings.toJson();
        this.config = new ConsoleAssets.Asset("config.json", json, "application/json; charset=utf-8",
                ConsoleAssets.etag(json));
    }

    @Override
    public ApiResponse handle(ApiRequest request) {
        String asset = request.pathParameters().get("asset");
        if (asset == null) {
            if (!"/".equals(request.path())) {
                throw notFound();
            }
            return serve(request, assets.index());
        }
        if (asset.equals("config.json")) {
            return serve(request, config);
        }
        return serve(request, assets.find(asset).orElseThrow(ConsoleEndpoint::notFound));
    }

    private ApiResponse serve(ApiRequest request, ConsoleAssets.Asset asset) {
        Map<String, String> headers = new LinkedHashMap<>(SECURITY_HEADERS);
        headers.put("Content-Security-Policy", policy);
        headers.put("Cache-Control", "no-cache");
        headers.put("ETag", asset.etag());
        boolean unchanged = request.header("if-none-match")
                .map(tags -> java.util.Arrays.stream(tags.split(",")).map(String::trim)
                        .anyMatch(tag -> tag.equals(asset.etag()) || tag.equals("W/" + asset.etag())))
                .orElse(false);
        if (unchanged) {
            return ApiResponse.raw(304, "", asset.contentType(), headers);
        }
        return ApiResponse.raw(200, asset.text(), asset.contentType(), headers);
    }

    private static ApiException notFound() {
        return ApiException.notFound("not_found", "the console has no such file");
    }
}
