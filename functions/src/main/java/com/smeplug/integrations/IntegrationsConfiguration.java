package com.smeplug.integrations;

import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.smeplug.integrations.connections.ConnectionStore;
import com.smeplug.integrations.connections.ConnectionsConfiguration;
import com.smeplug.integrations.connections.SalesforceConnections;
import com.smeplug.integrations.connections.SapConnections;
import com.smeplug.integrations.connections.TenantCrm;
import com.smeplug.integrations.connections.TenantErp;
import com.smeplug.integrations.connector.CrmConnector;
import com.smeplug.integrations.connector.CrmRecords;
import com.smeplug.integrations.connector.ErpConnector;
import com.smeplug.integrations.connector.ErpRecords;
import com.smeplug.integrations.crm.SalesforceCrm;
import com.smeplug.integrations.crm.SalesforceSettings;
import com.smeplug.integrations.crm.SampleCrm;
import com.smeplug.integrations.erp.SampleErp;
import com.smeplug.integrations.erp.SapErp;
import com.smeplug.integrations.erp.SapSettings;
import com.smeplug.integrations.upstream.UpstreamHttp;
import com.smeplug.platform.aws.Table;
import com.smeplug.platform.config.Settings;
import com.smeplug.platform.http.ApiException;
import com.smeplug.platform.http.ApiResponse;
import com.smeplug.platform.http.HttpFunctions;
import com.smeplug.platform.http.Route;
import com.smeplug.platform.tenant.TenantStore;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The CRM and ERP connectors (sample or real, chosen once here from USE_REAL_SALESFORCE / USE_REAL_SAP), their
 * snapshot caches, the {@link TenantRecords} port, and the functions {@code salesforce}
 * ({@code GET /integrations/salesforce}), {@code sap} ({@code GET /integrations/sap}) and {@code sync}
 * ({@code POST /integrations/{connector}/sync}).
 */
@Configuration(proxyBeanMethods = false)
@Import(ConnectionsConfiguration.class)
public class IntegrationsConfiguration {

    /**
     * With real connections enabled, a tenant that connected its own org is read from it; a sample tenant keeps its
     * labelled sample connection; any other tenant is served as before by the deployment's org through its
     * profile-mapped account (legacy, until those tenants connect their own org).
     */
    @Bean
    CrmConnector crmConnector(Settings settings, Clock clock, ObjectProvider<SalesforceConnections> connections) {
        if (settings.flag("USE_REAL_SALESFORCE")) {
            SalesforceSettings salesforce = SalesforceSettings.from(settings);
            UpstreamHttp http = UpstreamHttp.fromSettings("Salesforce", settings);
            return new TenantCrm(connections.getObject(),
                    new SampleFirst<>(SampleCrm.load(clock), new SalesforceCrm(salesforce, http, clock)), http,
                    salesforce.apiVersion(), salesforce.maxCases(),
                    Duration.ofSeconds(settings.integer("SALESFORCE_LIMIT_BACKOFF_SECONDS", 300)));
        }
        return SampleCrm.load(clock);
    }

    /** As for the CRM: a tenant's own saved SAP system first, otherwise the deployment's system as before. */
    @Bean
    ErpConnector erpConnector(Settings settings, Clock clock, ObjectProvider<SapConnections> connections) {
        if (settings.flag("USE_REAL_SAP")) {
            UpstreamHttp http = UpstreamHttp.fromSettings("SAP", settings);
            return new TenantErp(connections.getObject(),
                    new SampleFirst<>(SampleErp.load(clock), new SapErp(SapSettings.from(settings), http, clock)), http, clock);
        }
        return SampleErp.load(clock);
    }

    @Bean
    Snapshots connectorSnapshots(Table table, Settings settings) {
        return new DynamoSnapshots(table, Duration.ofDays(settings.integer("SNAPSHOT_RETENTION_DAYS", 30)));
    }

    @Bean
    Backoffs connectorBackoffs(Table table) {
        return new DynamoBackoffs(table);
    }

    @Bean
    SnapshotCache<CrmRecords> crmSnapshots(CrmConnector connector, Snapshots snapshots, TenantStore tenants, Clock clock,
            Settings settings, Backoffs backoffs) {
        return new SnapshotCache<>("salesforce", connector, CrmRecords.class, snapshots, tenants::find, clock,
                SnapshotCache.maxAge(settings), backoffs);
    }

    @Bean
    SnapshotCache<ErpRecords> erpSnapshots(ErpConnector connector, Snapshots snapshots, TenantStore tenants, Clock clock,
            Settings settings, Backoffs backoffs) {
        return new SnapshotCache<>("sap", connector, ErpRecords.class, snapshots, tenants::find, clock, SnapshotCache.maxAge(settings),
                backoffs);
    }

    @Bean
    TenantRecords tenantRecords(SnapshotCache<CrmRecords> crmSnapshots, SnapshotCache<ErpRecords> erpSnapshots) {
        return new ConnectorRecords(crmSnapshots, erpSnapshots);
    }

    @Bean
    Function<InputStream, APIGatewayV2HTTPResponse> salesforce(HttpFunctions http,
            SnapshotCache<CrmRecords> crmSnapshots) {
        return http.route(Route.get(),
                request -> ApiResponse.ok(ConnectorRecords.accountCases(crmSnapshots.current(request.tenant()))));
    }

    @Bean
    Function<InputStream, APIGatewayV2HTTPResponse> sap(HttpFunctions http,
            SnapshotCache<ErpRecords> erpSnapshots) {
        return http.route(Route.get(),
                request -> ApiResponse.ok(ConnectorRecords.materialsAndOrders(erpSnapshots.current(request.tenant()))));
    }

    @Bean
    Function<InputStream, APIGatewayV2HTTPResponse> integrations(HttpFunctions http, CrmConnector crm, ErpConnector erp,
            ConnectionStore connections, Snapshots snapshots, TenantStore tenants) {
        IntegrationStatuses statuses = new IntegrationStatuses(crm, erp, connections, snapshots);
        return http.route(Route.get(), request -> ApiResponse.ok(statuses.of(tenants.find(request.tenant())
                .orElseThrow(() -> ApiException.forbidden("unknown_tenant", "the token's tenant is not registered")))));
    }

    /** The body is ignored (there is nothing to say but which connector, and that is in the path). */
    @Bean
    Function<InputStream, APIGatewayV2HTTPResponse> sync(HttpFunctions http,
            SnapshotCache<CrmRecords> crmSnapshots, SnapshotCache<ErpRecords> erpSnapshots) {
        return http.route(Route.post(0), request -> {
            String connector = request.pathParameter("connector");
            return switch (connector) {
                case "salesforce" -> ApiResponse.ok(ConnectorRecords.accountCases(crmSnapshots.refresh(request.tenant())));
                case "sap" -> ApiResponse.ok(ConnectorRecords.materialsAndOrders(erpSnapshots.refresh(request.tenant())));
                default -> throw ApiException.notFound("not_found", "no connector '" + ConnectorRecords.printable(connector)
                        + "'; use salesforce or sap");
            };
        });
    }
}
