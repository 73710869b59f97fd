package com.smeplug.integrations.erp;

import com.smeplug.platform.config.Settings;

/**
 * What the real SAP connector needs, read once at start-up. {@code SAP_BASE_URL} is the system's host (the OData
 * services live under {@code /sap/opu/odata/sap/}); {@code SAP_AUTH} is {@code oauth} (client credentials at
 * {@code SAP_TOKEN_URL}, as S/4HANA Cloud communication arrangements offer) or {@code basic} (a communication user).
 */
public record SapSettings(String baseUrl, String auth, String tokenUrl, String clientId, String clientSecret,
        String username, String password, String sapClient, String language, int maxMaterials, int maxPurchaseOrders) {

    private static final String NEEDED_BY = "USE_REAL_SAP=true";

    public static SapSettings from(Settings settings) {
        String baseUrl = settings.required("SAP_BASE_URL", NEEDED_BY);
        baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        String auth = settings.required("SAP_AUTH", NEEDED_BY);
        String tokenUrl = null;
        String clientId = null;
        String clientSecret = null;
        String username = null;
        String password = null;
        switch (auth) {
            case "oauth" -> {
                tokenUrl = settings.required("SAP_TOKEN_URL", "SAP_AUTH=oauth");
                clientId = settings.required("SAP_CLIENT_ID", "SAP_AUTH=oauth");
                clientSecret = settings.required("SAP_CLIENT_SECRET", "SAP_AUTH=oauth");
            }
            case "basic" -> {
                username = settings.required("SAP_USERNAME", "SAP_AUTH=basic");
                password = settings.required("SAP_PASSWORD", "SAP_AUTH=basic");
            }
            default -> throw new IllegalStateException("SAP_AUTH must be oauth or basic, was '" + auth + "'");
        }
        String sapClient = settings.get("SAP_CLIENT", null);
        if (sapClient != null && !sapClient.matches("\\d{3}")) {
            throw new IllegalStateException("SAP_CLIENT must be three digits, was '" + sapClient + "'");
        }
        return new SapSettings(baseUrl, auth, tokenUrl, clientId, clientSecret, username, password, sapClient,
                settings.get("SAP_LANGUAGE", "EN"), settings.integer("SAP_MAX_MATERIALS", 500),
                settings.integer("SAP_MAX_PURCHASE_ORDERS", 50));
    }

    @Override
    public String toString() {
        return "SapSettings[baseUrl=" + baseUrl + ", auth=" + auth + ", sapClient=" + sapClient + "]";
    }
}
