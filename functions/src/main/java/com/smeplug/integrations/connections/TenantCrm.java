package com.smeplug.integrations.connections;

import java.time.Duration;

import com.smeplug.integrations.connector.Connector;
import com.smeplug.integrations.connector.CrmConnector;
import com.smeplug.integrations.connector.CrmRecords;
import com.smeplug.integrations.crm.SalesforceReader;
import com.smeplug.integrations.upstream.UpstreamHttp;
import com.smeplug.platform.tenant.Tenant;

/** The CRM when real connections are enabled: a tenant's own Salesforce org (its instance, its refresh token). */
public final class TenantCrm extends ConnectedSystem<CrmRecords> implements CrmConnector {

    private final SalesforceConnections connections;
    private final UpstreamHttp http;
    private final String apiVersion;
    private final int maxCases;
    private final Duration limitBackoff;

    public TenantCrm(SalesforceConnections connections, Connector<CrmRecords> otherwise, UpstreamHttp http, String apiVersion,
            int maxCases, Duration limitBackoff) {
        super(SalesforceConnections.SYSTEM, connections::find, connections.health(), otherwise);
        this.connections = connections;
        this.http = http;
        this.apiVersion = apiVersion;
        this.maxCases = maxCases;
        this.limitBackoff = limitBackoff;
    }

    @Override
    String howToConnect() {
        return "an admin connects the organisation's Salesforce with POST /integrations/salesforce/connect";
    }

    @Override
    void requireUsable(Connection connection) {
        if (connection.status() == Connection.Status.NEEDS_RECONNECT) {
            throw SalesforceConnections.reconnectRequired();
        }
    }

    /** The org and the moment it was connected: a reconnect (even to the same org) never serves an older snapshot. */
    @Override
    String describe(Connection connection) {
        return "org=" + connection.detail("org_id") + ";connected_at=" + connection.connectedAt();
    }

    @Override
    CrmRecords read(Connection connection, Tenant tenant) {
        SalesforceReader reader = new SalesforceReader(http, connections.accessTokens(connection), apiVersion, maxCases,
                limitBackoff);
        return reader.org(http.call());
    }
}
