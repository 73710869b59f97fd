package com.smeplug.integrations.connections;

import java.time.Instant;
import java.util.Map;

/**
 * One tenant's connection to one outside system ({@code salesforce}, {@code sap}). {@code details} are the
 * non-secret facts shown to the tenant or needed to call the system (instance URL, org id, login host, SAP base URL,
 * plant); {@code sealedSecret} is the encrypted secret (refresh token, SAP credentials) exactly as stored, opened only
 * through the {@link com.smeplug.platform.secrets.SecretBox} when a call needs it.
 */
public record Connection(String tenantId, String system, Status status, Map<String, String> details,
        String sealedSecret, Instant connectedAt, Instant lastSyncAt, String lastError) {

    /** What {@code GET /integrations} shows for a stored connection. */
    public enum Status {
        CONNECTED, NEEDS_RECONNECT, ERROR;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public String detail(String name) {
        return details.get(name);
    }

    @Override
    public String toString() {
        return "Connection[tenant=" + tenantId + ", system=" + system + ", status=" + status + "]";
    }
}
