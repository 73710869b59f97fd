package com.smeplug.integrations.connections;

import java.time.Clock;
import java.util.Map;

import com.smeplug.integrations.Connector;
import com.smeplug.integrations.ErpConnector;
import com.smeplug.integrations.ErpRecords;
import com.smeplug.integrations.erp.SapErp;
import com.smeplug.integrations.upstream.UpstreamHttp;
import com.smeplug.platform.tenant.Tenant;

/**
 * The ERP when real connections are enabled: a tenant that saved its own SAP system is read from it (its URL, its
 * credentials, its plant and company code); any other tenant gets what {@code otherwise} serves.
 */
public final class TenantErp implements ErpConnector {

    private final SapConnections connections;
    private final Connector<ErpRecords> otherwise;
    private final UpstreamHttp http;
    private final ConnectionMemo memo;
    private final Clock clock;

    public TenantErp(SapConnections connections, Connector<ErpRecords> otherwise, UpstreamHttp http, Clock clock) {
        this.connections = connections;
        this.otherwise = otherwise;
        this.memo = new ConnectionMemo(connections::find);
        this.http = http;
        this.clock = clock;
    }

    @Override
    public String source() {
        return SapConnections.SYSTEM;
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

    @Override
    public String reference(Tenant tenant) {
        var connection = memo.get(tenant.tenantId());
        if (connection.isEmpty()) {
            return otherwise.reference(tenant);
        }
        Connection c = connection.get();
        return "base=" + c.detail("base_url") + ";plant=" + c.detail("plant") + ";company_code=" + c.detail("company_code")
                + ";connected_at=" + c.connectedAt();
    }

    @Override
    public ErpRecords fetch(Tenant tenant) {
        var connection = memo.get(tenant.tenantId());
        if (connection.isEmpty()) {
            return otherwise.fetch(tenant);
        }
        Connection c = connection.get();
        Tenant mapped = new Tenant(tenant.tenantId(), tenant.name(), tenant.sampleData(),
                Map.of("sap_plant", c.detail("plant"), "sap_company_code", c.detail("company_code")));
        try {
            return connections.health().read(c, () -> new SapErp(connections.settings(c), http, clock).fetch(mapped));
        }
        catch (RuntimeException e) {
            memo.forget();
            throw e;
        }
    }
}
