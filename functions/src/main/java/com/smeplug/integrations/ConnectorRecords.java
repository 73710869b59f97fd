package com.smeplug.integrations;

import com.smeplug.integrations.connector.CrmRecords;
import com.smeplug.integrations.connector.ErpRecords;

/**
 * The {@link TenantRecords} port for other features (the chat agent): the same snapshot caches the GET functions
 * serve, so an answer quotes the records the console shows.
 */
final class ConnectorRecords implements TenantRecords {

    private final SnapshotCache<CrmRecords> crm;
    private final SnapshotCache<ErpRecords> erp;

    public ConnectorRecords(SnapshotCache<CrmRecords> crm, SnapshotCache<ErpRecords> erp) {
        this.crm = crm;
        this.erp = erp;
    }

    @Override
    public AccountCases crm(String tenantId) {
        return accountCases(crm.current(tenantId));
    }

    @Override
    public MaterialsAndOrders erp(String tenantId) {
        return materialsAndOrders(erp.current(tenantId));
    }

    static AccountCases accountCases(SnapshotCache.Served<CrmRecords> served) {
        Snapshot<CrmRecords> snapshot = served.snapshot();
        return new AccountCases(snapshot.records().account(), snapshot.records().openCases(), snapshot.mockMode(),
                snapshot.source(), snapshot.syncedAt(), served.stale());
    }

    static MaterialsAndOrders materialsAndOrders(SnapshotCache.Served<ErpRecords> served) {
        Snapshot<ErpRecords> snapshot = served.snapshot();
        return new MaterialsAndOrders(snapshot.records().materials(), snapshot.records().purchaseOrders(), snapshot.mockMode(),
                snapshot.source(), snapshot.syncedAt(), served.stale());
    }

    /** A connector name as a client sent it, cut and reduced to harmless characters for an error message. */
    static String printable(String text) {
        String cut = text.length() > 40 ? text.substring(0, 40) + "..." : text;
        return cut.replaceAll("[^A-Za-z0-9_.\\-]", "?");
    }
}
