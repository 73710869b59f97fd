package com.smeplug.integrations;

/**
 * The {@link TenantRecords} port for other features (the chat agent): the same snapshot caches the GET functions
 * serve, so an answer quotes the records the console shows.
 */
public final class ConnectorRecords implements TenantRecords {

    private final SnapshotCache<CrmRecords> crm;
    private final SnapshotCache<ErpRecords> erp;

    public ConnectorRecords(SnapshotCache<CrmRecords> crm, SnapshotCache<ErpRecords> erp) {
        this.crm = crm;
        this.erp = erp;
    }

    @Override
    public SalesforceView salesforce(String tenantId) {
        return salesforceView(crm.current(tenantId));
    }

    @Override
    public SapView sap(String tenantId) {
        return sapView(erp.current(tenantId));
    }

    static SalesforceView salesforceView(SnapshotCache.Served<CrmRecords> served) {
        Snapshot<CrmRecords> snapshot = served.snapshot();
        return new SalesforceView(snapshot.records().account(), snapshot.records().openCases(), snapshot.mockMode(),
                snapshot.source(), snapshot.syncedAt(), served.stale());
    }

    static SapView sapView(SnapshotCache.Served<ErpRecords> served) {
        Snapshot<ErpRecords> snapshot = served.snapshot();
        return new SapView(snapshot.records().materials(), snapshot.records().purchaseOrders(), snapshot.mockMode(),
                snapshot.source(), snapshot.syncedAt(), served.stale());
    }
}
