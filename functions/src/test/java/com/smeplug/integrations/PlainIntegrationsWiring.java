package com.smeplug.integrations;

import java.time.Clock;
import java.time.Duration;

import com.smeplug.integrations.connector.CrmRecords;
import com.smeplug.integrations.connector.ErpRecords;
import com.smeplug.integrations.crm.SampleCrm;
import com.smeplug.integrations.erp.SampleErp;
import com.smeplug.platform.aws.Table;
import com.smeplug.platform.config.Settings;
import com.smeplug.platform.tenant.TenantStore;

/**
 * The tenant records port over the sample connectors and their snapshots in the table, wired by hand as
 * {@link IntegrationsConfiguration} wires it in sample mode, for the no-Spring chat baseline.
 */
public final class PlainIntegrationsWiring {

    private PlainIntegrationsWiring() {
    }

    public static TenantRecords sampleRecords(Table table, TenantStore tenants, Clock clock, Settings settings) {
        DynamoSnapshots snapshots = new DynamoSnapshots(table, Duration.ofDays(30));
        Duration maxAge = SnapshotCache.maxAge(settings);
        return new ConnectorRecords(
                new SnapshotCache<>("salesforce", SampleCrm.load(clock), CrmRecords.class, snapshots, tenants::find, clock, maxAge),
                new SnapshotCache<>("sap", SampleErp.load(clock), ErpRecords.class, snapshots, tenants::find, clock, maxAge));
    }
}
