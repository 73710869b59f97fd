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
public record ConsoleSettings(String auth, String loginUrl, String clientId, String scope, String tenantClaim,
        List<SampleTenant> sampleTenants) {

    public record SampleTenant(String tenantId, String name) {
    }

    static ConsoleSettings from(Settings settings) {
        String tenantClaim = settings.get("TENANT_CLAIM", "tenant_id");
        if (settings.get("CONSOLE_SIGN_IN", "hosted").equals("local")) {
            return new ConsoleSettings("dev", null, null, null, tenantClaim, loadSampleTenants());
        }
        String loginUrl = settings.get("CONSOLE_LOGIN_URL", null);
        if (loginUrl != null && !loginUrl.startsWith("https://")) {
            throw new IllegalStateException("CONSOLE_LOGIN_URL must be an https:// authorize endpoint, was '" + loginUrl + "'");
        }
        if (loginUrl != null) {
            URI.create(loginUrl);
        }
        return new ConsoleSettings("oidc", loginUrl, settings.get("CONSOLE_OIDC_CLIENT", null),
                settings.get("CONSOLE_OIDC_SCOPE", "openid"), tenantClaim, List.of());
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
