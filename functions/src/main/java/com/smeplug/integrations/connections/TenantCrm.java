package com.smeplug.integrations.connections;

import com.smeplug.integrations.Connector;
import com.smeplug.integrations.CrmConnector;
import com.smeplug.integrations.CrmRecords;
import com.smeplug.integrations.crm.SalesforceReader;
import com.smeplug.integrations.upstream.UpstreamHttp;
import com.smeplug.platform.tenant.Tenant;

/**
 * The CRM when real connections are enabled: a tenant that connected its own Salesforce org is read from that org
 * (its instance, its refresh token); any other tenant gets what {@code otherwise} serves (the labelled sample
 * connection of a sample tenant, or 404 not_connected).
 */
public final class TenantCrm implements CrmConnector {

    private final SalesforceConnections connections;
    private final Connector<CrmRecords> otherwise;
    private final UpstreamHttp http;
    private final ConnectionMemo memo;
    private final String apiVersion;
    private final int maxCases;
    private final java.time.Duration limitBackoff;

    public TenantCrm(SalesforceConnections connections, Connector<CrmRecords> otherwise, UpstreamHttp http, String apiVersion,
            int maxCases, java.time.Duration limitBackoff) {
        this.limitBackoff = limitBackoff;
        this.connections = connections;
        this.otherwise = otherwise;
        this.memo = new ConnectionMemo(connections::find);
        this.http = http;
        this.apiVersion = apiVersion;
        this.maxCases = maxCases;
    }

    @Override
    public String source() {
        return SalesforceConnections.SYSTEM;
    }

    @Override
    public boolean mockMode() {
        return false;
    }

    @Override
    public String source(Tenant tenant) {
        return memo.get(tenant.tenantId()).isPresent() ? source() : otherwise.source(tenant);
    }

    @Override
    public boolean mockMode(Tenant tenant) {
        return memo.get(tenant.tenantId()).isPresent() ? false : otherwise.mockMode(tenant);
    }

    /** The org and the moment it was connected: a reconnect (even to the same org) never serves an older snapshot. */
    @Override
    public String reference(Tenant tenant) {
        var connection = memo.get(tenant.tenantId());
        if (connection.isEmpty()) {
            return otherwise.reference(tenant);
        }
        if (connection.get().status() == Connection.Status.NEEDS_RECONNECT) {
            throw SalesforceConnections.reconnectRequired();
        }
        return "org=" + connection.get().detail("org_id") + ";connected_at=" + connection.get().connectedAt();
    }

    @Override
    public CrmRecords fetch(Tenant tenant) {
        var connection = memo.get(tenant.tenantId());
        if (connection.isEmpty()) {
            return otherwise.fetch(tenant);
        }
        if (connection.get().status() == Connection.Status.NEEDS_RECONNECT) {
            throw SalesforceConnections.reconnectRequired();
        }
        SalesforceReader reader = new SalesforceReader(http, connections.accessTokens(connection.get()), apiVersion,
                maxCases, limitBackoff);
        try {
            return connections.health().read(connection.get(), () -> reader.org(http.call()));
        }
        catch (RuntimeException e) {
            memo.forget();
            throw e;
        }
    }
}
