package com.smeplug.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;

import com.smeplug.platform.config.Settings;
import com.smeplug.platform.http.Json;
import tools.jackson.core.type.TypeReference;

/**
 * What the page needs to know before anyone signs in: how to sign in. {@code CONSOLE_SIGN_IN=local} (set by the local
 * stack only) offers the sample tenants and the local stack's sign-in shortcut, an ID token from the local OIDC
 * issuer; otherwise (deployed) it sends the user to the OIDC issuer's hosted login ({@code CONSOLE_LOGIN_URL}, the
 * authorize endpoint, with the public app client id {@code CONSOLE_OIDC_CLIENT}), whose ID token API Gateway's JWT
 * authorizer accepts. Served as {@code /console/config.json}; it holds nothing secret.
 */
record ConsoleSettings(String auth, String loginUrl, String clientId, String scope, String tenantClaim,
        List<SampleTenant> sampleTenants, String tokenUrl) {

    public record SampleTenant(String tenantId, String name) {
    }

    /**
     * Sign-in is the authorization-code flow with PKCE: {@code CONSOLE_LOGIN_URL} is the authorize endpoint, {@code
     * CONSOLE_TOKEN_URL} the token endpoint (default: the authorize URL with {@code /authorize} replaced by {@code
     * /token}, as Cognito's {@code /oauth2/authorize} and {@code /oauth2/token}). Both must be https, except on this
     * machine (the local issuer).
     */
    static ConsoleSettings from(Settings settings) {
        String tenantClaim = settings.get("TENANT_CLAIM", "tenant_id");
        String loginUrl = endpoint(settings, "CONSOLE_LOGIN_URL", null);
        String tokenUrl = endpoint(settings, "CONSOLE_TOKEN_URL",
                loginUrl == null ? null : loginUrl.replaceFirst("/authorize$", "/token"));
        String clientId = settings.get("CONSOLE_OIDC_CLIENT", null);
        String scope = settings.get("CONSOLE_OIDC_SCOPE", "openid email");
        if (settings.get("CONSOLE_SIGN_IN", "hosted").equals("local")) {
            return new ConsoleSettings("dev", loginUrl, clientId, scope, tenantClaim, loadSampleTenants(), tokenUrl);
        }
        return new ConsoleSettings("oidc", loginUrl, clientId, scope, tenantClaim, List.of(), tokenUrl);
    }

    /** The origin the page may call besides its own (the token endpoint), for the Content-Security-Policy. */
    String tokenOrigin() {
        if (tokenUrl == null) {
            return null;
        }
        URI uri = URI.create(tokenUrl);
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }

    private static String endpoint(Settings settings, String name, String fallback) {
        String url = settings.get(name, fallback);
        if (url == null) {
            return null;
        }
        URI uri;
        try {
            uri = URI.create(url);
        }
        catch (IllegalArgumentException e) {
            throw new IllegalStateException(name + " is not a URL: '" + url + "'");
        }
        boolean loopback = "http".equals(uri.getScheme()) && ("127.0.0.1".equals(uri.getHost()) || "localhost".equals(uri.getHost()));
        if (!"https".equals(uri.getScheme()) && !loopback) {
            throw new IllegalStateException(name + " must be an https:// endpoint, was '" + url + "'");
        }
        return url;
    }

    private static List<SampleTenant> loadSampleTenants() {
        try (InputStream in = ConsoleSettings.class.getResourceAsStream("/samples/tenants.json")) {
            if (in == null) {
                return List.of();
            }
            return Json.MAPPER.readValue(in, new TypeReference<List<SampleTenant>>() { });
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String toJson() {
        return Json.write(this);
    }
}
