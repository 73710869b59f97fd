package com.smeplug.integrations.connections;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.smeplug.integrations.upstream.UpstreamFailure;
import com.smeplug.integrations.upstream.UpstreamHttp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * The connected app's calls to a Salesforce login host: the authorization-code exchange with the PKCE verifier,
 * the refresh-token grant (Salesforce may rotate the refresh token: a new one in the answer replaces the old), and
 * token revocation. Tokens never reach a log line or an exception message.
 */
final class SalesforceOAuth {

    private static final Logger log = LoggerFactory.getLogger(SalesforceOAuth.class);
    private static final String SYSTEM = "Salesforce";
    /** The identity URL ends in /id/<org id>/<user id>. */
    private static final Pattern IDENTITY = Pattern.compile(".*/id/([A-Za-z0-9]{15,18})/([A-Za-z0-9]{15,18})/?");
    private static final Pattern INSTANCE = Pattern.compile("https?://[^/?#@]+/?");

    /** What the code exchange yields. */
    record Grant(String refreshToken, String accessToken, String instanceUrl, String orgId, String userId) {

        @Override
        public String toString() {
            return "Grant[instanceUrl=" + instanceUrl + ", orgId=" + orgId + "]";
        }
    }

    /** A refreshed access token; {@code rotatedRefreshToken} is null when Salesforce kept the refresh token. */
    record Refreshed(String accessToken, String instanceUrl, String rotatedRefreshToken) {

        @Override
        public String toString() {
            return "Refreshed[instanceUrl=" + instanceUrl + ", rotated=" + (rotatedRefreshToken != null) + "]";
        }
    }

    /** Salesforce answered {@code invalid_grant}: the refresh token (or code) is no longer any good. */
    static final class InvalidGrant extends RuntimeException {

        InvalidGrant(String description) {
            super(description);
        }
    }

    private final SalesforceApp app;
    private final UpstreamHttp http;

    SalesforceOAuth(SalesforceApp app, UpstreamHttp http) {
        this.app = app;
        this.http = http;
    }

    String authorizeUrl(String loginUrl, String state, String challenge) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", app.clientId());
        query.put("redirect_uri", app.callbackUrl());
        query.put("scope", "api refresh_token");
        query.put("state", state);
        query.put("code_challenge", challenge);
        query.put("code_challenge_method", "S256");
        return loginUrl + "/services/oauth2/authorize?" + form(query);
    }

    Grant exchange(String loginUrl, String code, String verifier) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("client_id", app.clientId());
        form.put("client_secret", app.clientSecret());
        form.put("redirect_uri", app.callbackUrl());
        form.put("code_verifier", verifier);
        JsonNode body = token(loginUrl, form);
        String refresh = body.path("refresh_token").asString(null);
        String instance = instanceUrl(body);
        Matcher identity = IDENTITY.matcher(body.path("id").asString(""));
        if (refresh == null || refresh.isBlank() || !identity.matches()) {
            throw UpstreamFailure.error(SYSTEM + " sent a token response without refresh_token or identity"
                    + " (is the refresh_token scope allowed for the connected app?)");
        }
        return new Grant(refresh, body.path("access_token").asString(), instance, identity.group(1), identity.group(2));
    }

    Refreshed refresh(String loginUrl, String refreshToken) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", refreshToken);
        form.put("client_id", app.clientId());
        form.put("client_secret", app.clientSecret());
        JsonNode body = token(loginUrl, form);
        String access = body.path("access_token").asString(null);
        if (access == null || access.isBlank()) {
            throw UpstreamFailure.error(SYSTEM + " sent a refresh response without access_token");
        }
        String rotated = body.path("refresh_token").asString(null);
        return new Refreshed(access, instanceUrl(body),
                rotated == null || rotated.isBlank() || rotated.equals(refreshToken) ? null : rotated);
    }

    /** True when Salesforce revoked it, or says it is not (or no longer) a valid token: either way it is dead. */
    boolean revoke(String loginUrl, String token) {
        HttpResponse<byte[]> response = http.call().send(HttpRequest.newBuilder(URI.create(loginUrl + "/services/oauth2/revoke"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("token", token)))));
        if (response.statusCode() == 200) {
            return true;
        }
        String error = http.jsonOrMissing(response).path("error").asString("");
        log.warn("Salesforce answered HTTP {} {} to the revocation", response.statusCode(), safe(error));
        if (response.statusCode() == 400) {
            return true;
        }
        throw UpstreamFailure.error(SYSTEM + " did not confirm the revocation (HTTP " + response.statusCode() + ")");
    }

    private JsonNode token(String loginUrl, Map<String, String> form) {
        HttpResponse<byte[]> response = http.call().send(HttpRequest.newBuilder(URI.create(loginUrl + "/services/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form(form))));
        if (response.statusCode() / 100 != 2) {
            JsonNode error = http.jsonOrMissing(response);
            String code = safe(error.path("error").asString(""));
            String description = safe(error.path("error_description").asString(""));
            log.warn("Salesforce refused the {} grant: HTTP {} {} {}", form.get("grant_type"), response.statusCode(), code,
                    description);
            if (code.equals("invalid_grant")) {
                throw new InvalidGrant(description);
            }
            throw UpstreamFailure.error(SYSTEM + " refused the token request (HTTP " + response.statusCode()
                    + (code.isEmpty() ? "" : ", " + code) + ")");
        }
        return http.json(response, "token response");
    }

    private String instanceUrl(JsonNode body) {
        String instance = body.path("instance_url").asString("");
        if (!INSTANCE.matcher(instance).matches()) {
            throw UpstreamFailure.error(SYSTEM + " sent a token response without a usable instance_url");
        }
        return instance.endsWith("/") ? instance.substring(0, instance.length() - 1) : instance;
    }

    /** Error codes and descriptions are short words from Salesforce; anything else is not repeated. */
    private static String safe(String text) {
        return text.matches("[A-Za-z0-9_ ./:-]{0,120}") ? text : "";
    }

    private static String form(Map<String, String> values) {
        return values.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
