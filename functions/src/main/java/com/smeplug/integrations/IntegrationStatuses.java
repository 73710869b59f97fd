package com.smeplug.integrations;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.smeplug.integrations.connections.Connection;
import com.smeplug.integrations.connections.ConnectionStore;
import com.smeplug.integrations.connector.Connector;
import com.smeplug.integrations.connector.CrmConnector;
import com.smeplug.integrations.connector.CrmRecords;
import com.smeplug.integrations.connector.ErpConnector;
import com.smeplug.integrations.connector.ErpRecords;
import com.smeplug.platform.http.ApiException;
import com.smeplug.platform.tenant.Tenant;

/**
 * {@code GET /integrations}: every connector with its status for the caller's tenant — its own stored connection
 * ({@code connected | needs_reconnect | error}), the labelled {@code sample} connection of a sample tenant, or
 * {@code not_connected} — with when it was connected, last synced (the newest snapshot) and the last error. Never a
 * secret: only what the tenant may see ({@code connected_as}, {@code instance_url}, {@code environment}).
 */
final class IntegrationStatuses {

    private record Entry(String system, Connector<?> connector, Class<?> type) {
    }

    private final List<Entry> entries;
    private final ConnectionStore connections;
    private final Snapshots snapshots;

    IntegrationStatuses(CrmConnector crm, ErpConnector erp, ConnectionStore connections, Snapshots snapshots) {
        this.entries = List.of(new Entry("salesforce", crm, CrmRecords.class), new Entry("sap", erp, ErpRecords.class));
        this.connections = connections;
        this.snapshots = snapshots;
    }

    Map<String, Object> of(Tenant tenant) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (Entry entry : entries) {
            Map<String, Object> status = new LinkedHashMap<>();
            status.put("connector", entry.system());
            Optional<Connection> stored = connections.find(tenant.tenantId(), entry.system());
            if (stored.isPresent()) {
                Connection c = stored.get();
                status.put("status", c.status().wire());
                status.put("kind", "real");
                status.put("connected_at", c.connectedAt());
                status.put("connected_as", c.detail("connected_as"));
                status.put("instance_url", c.detail("instance_url"));
                status.put("environment", c.detail("environment"));
                status.put("last_error", c.lastError());
            }
            else {
                String kind = kindWithoutStoredConnection(entry.connector(), tenant);
                status.put("status", kind == null ? "not_connected" : kind.equals("sample") ? "sample" : "connected");
                status.put("kind", kind == null ? null : kind.equals("sample") ? "sample" : "deployment");
                status.put("connected_at", null);
                status.put("last_error", null);
            }
            status.put("mock_mode", "sample".equals(status.get("status")));
            status.put("last_sync_at", snapshots.find(tenant.tenantId(), entry.system(), entry.type())
                    .map(Snapshot::syncedAt).orElse(null));
            list.add(status);
        }
        return Map.of("integrations", list);
    }

    /** "sample", a real system's name (the deployment's own org/system), or null when the tenant has none. */
    private static String kindWithoutStoredConnection(Connector<?> connector, Tenant tenant) {
        try {
            connector.reference(tenant);
            return connector.source(tenant);
        }
        catch (ApiException e) {
            return null;
        }
    }
}
