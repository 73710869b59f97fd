package com.smeplug.integrations.connections;

import com.smeplug.platform.config.Settings;

/**
 * The deployment's one Salesforce connected app, through which every tenant connects its own org. Read at start-up
 * when USE_REAL_SALESFORCE=true; a missing credential stops start-up naming it. {@code callbackUrl} is this API's
 * {@code /integrations/salesforce/callback} as registered in the connected app; {@code consoleUrl} is where the
 * callback sends the admin's browser afterwards.
 */
record SalesforceApp(String clientId, String clientSecret, String callbackUrl, String productionLoginUrl,
        String sandboxLoginUrl, String consoleUrl) {

    private static final String NEEDED_BY = "USE_REAL_SALESFORCE=true";

    public static SalesforceApp from(Settings settings) {
        return new SalesforceApp(settings.required("SALESFORCE_CLIENT_ID", NEEDED_BY),
                settings.required("SALESFORCE_CLIENT_SECRET", NEEDED_BY),
                settings.required("SALESFORCE_CALLBACK_URL", NEEDED_BY),
                strip(settings.get("SALESFORCE_LOGIN_URL", "https://login.salesforce.com")),
                strip(settings.get("SALESFORCE_SANDBOX_LOGIN_URL", "https://test.salesforce.com")),
                settings.get("CONSOLE_URL", "/"));
    }

    /** The login host of {@code environment} ("production" or "sandbox"); anything else is a 400. */
    String loginUrl(String environment) {
        return switch (environment) {
            case "production" -> productionLoginUrl;
            case "sandbox" -> sandboxLoginUrl;
            default -> throw com.smeplug.platform.http.ApiException.invalid("environment must be production or sandbox");
        };
    }

    private static String strip(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @Override
    public String toString() {
        return "SalesforceApp[clientId=" + clientId + ", callbackUrl=" + callbackUrl + "]";
    }
}
