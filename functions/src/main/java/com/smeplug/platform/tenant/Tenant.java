package com.smeplug.platform.tenant;

import java.util.Map;

/**
 * A registered tenant. {@code sampleData} says whether the built-in sample records may be shown for it;
 * {@code connections} holds its per-system mapping (e.g. {@code salesforce_account_id}, {@code sap_plant}).
 */
public record Tenant(String tenantId, String name, boolean sampleData, Map<String, String> connections) {

    public String connection(String key) {
        return connections.get(key);
    }
}
