package com.smeplug.integrations.connections;

import java.time.Clock;
import java.util.Map;

import com.smeplug.integrations.connector.Connector;
import com.smeplug.integrations.connector.ErpConnector;
import com.smeplug.integrations.connector.ErpRecords;
import com.smeplug.integrations.erp.SapErp;
import com.smeplug.integrations.upstream.UpstreamHttp;
import com.smeplug.platform.tenant.Tenant;

/**
 * The ERP when real connections are enabled: a tenant's own SAP system (its URL, its credentials, its plant and
 * company code).
 */
public final class TenantErp extends ConnectedSystem<ErpRecords> implements ErpConnector {

    private final SapConnections connections;
    private final UpstreamHttp http;
    private final Clock clock;

    public TenantErp(SapConnections connections, Connector<ErpRecords> otherwise, UpstreamHttp http, Clock clock) {
        super(SapConnections.SYSTEM, connections::find, connections.health(), otherwise);
        this.connections = connections;
        this.http = http;
        this.clock = clock;
    }

    @Override
    String howToConnect() {
        return "an admin saves the organisation's SAP system with PUT /integrations/sap";
    }

    @Override
    String describe(Connection c) {
        return "base=" + c.detail("base_url") + ";plant=" + c.detail("plant") + ";company_code=" + c.detail("company_code")
                + ";connected_at=" + c.connectedAt();
    }

    @Override
    ErpRecords read(Connection c, Tenant tenant) {
        Tenant mapped = new Tenant(tenant.tenantId(), tenant.name(), tenant.sampleData(),
                Map.of("sap_plant", c.detail("plant"), "sap_company_code", c.detail("company_code")));
        return new SapErp(connections.settings(c), http, clock).fetch(mapped);
    }
}
