package com.smeplug.integrations.crm;

import java.time.Duration;

import com.smeplug.platform.config.Settings;

/**
 * What the real Salesforce connector needs, read once at start-up. Missing credentials stop start-up naming the
 * variable. {@code SALESFORCE_LOGIN_URL} is the token endpoint's base (the org's My Domain URL for the client
 * credentials flow, e.g. https://acme.my.salesforce.com). Setting SALESFORCE_USERNAME switches to the
 * username-password flow, which then needs SALESFORCE_PASSWORD (password plus security token, as Salesforce wants it).
 */
public record SalesforceSettings(String loginUrl, String clientId, String clientSecret, String username,
        String password, String apiVersion, Duration tokenTtl, int maxCases) {

    private static final String NEEDED_BY = "USE_REAL_SALESFORCE=true";

    public static SalesforceSettings from(Settings settings) {
        String loginUrl = stripTrailingSlash(settings.required("SALESFORCE_LOGIN_URL", NEEDED_BY));
        String clientId = settings.required("SALESFORCE_CLIENT_ID", NEEDED_BY);
        String clientSecret = settings.required("SALESFORCE_CLIENT_SECRET", NEEDED_BY);
        String username = settings.get("SALESFORCE_USERNAME", null);
        String password = username == null ? null
                : settings.required("SALESFORCE_PASSWORD", "SALESFORCE_USERNAME is set (username-password flow)");
        String apiVersion = settings.get("SALESFORCE_API_VERSION", "v62.0");
        if (!apiVersion.matches("v\\d+\\.\\d")) {
            throw new IllegalStateException("SALESFORCE_API_VERSION must look like v62.0, was '" + apiVersion + "'");
        }
        // Salesforce's token response carries no lifetime (it follows the org's session timeout); a 401 refreshes early.
        Duration tokenTtl = Duration.ofSeconds(settings.integer("SALESFORCE_TOKEN_TTL_SECONDS", 1_800));
        int maxCases = settings.integer("SALESFORCE_MAX_CASES", 500);
        return new SalesforceSettings(loginUrl, clientId, clientSecret, username, password, apiVersion, tokenTtl,
                maxCases);
    }

    static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @Override
    public String toString() {
        return "SalesforceSettings[loginUrl=" + loginUrl + ", apiVersion=" + apiVersion + ", flow="
                + (username == null ? "client_credentials" : "password") + "]";
    }
}
