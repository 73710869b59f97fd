package com.smeplug.integrations.connections;

/**
 * {@link Connections} over the stores: Salesforce is revoked at Salesforce before its item goes (when real
 * connections are enabled in this function; otherwise there is nothing real to revoke), SAP credentials are simply
 * deleted (nothing to revoke at SAP: they are the tenant's own communication user or client).
 */
final class TenantConnections implements Connections {

    private final ConnectionStore store;
    private final SalesforceConnections salesforce;

    /** {@code salesforce}: null when real Salesforce connections are disabled in this function. */
    TenantConnections(ConnectionStore store, SalesforceConnections salesforce) {
        this.store = store;
        this.salesforce = salesforce;
    }

    @Override
    public void revokeAll(String tenantId) {
        for (Connection connection : store.list(tenantId)) {
            if (connection.system().equals(SalesforceConnections.SYSTEM) && salesforce != null) {
                salesforce.disconnect(tenantId);
                continue;
            }
            store.delete(tenantId, connection.system());
        }
    }
}
