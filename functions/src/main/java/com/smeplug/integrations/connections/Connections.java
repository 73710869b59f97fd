package com.smeplug.integrations.connections;

/**
 * The connections port for tenant deletion: revokes every secret a tenant gave us at the outside systems (its
 * Salesforce refresh token) and deletes its connections. The caller deletes the rest of the tenant's items.
 */
public interface Connections {

    void revokeAll(String tenantId);
}
