package com.smeplug.local.server;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.LinkedHashMap;
import java.util.Map;

import com.smeplug.local.aws.OidcIssuer;
import com.smeplug.local.fakes.FakeSalesforce;
import com.smeplug.local.fakes.FakeSap;
import com.smeplug.platform.auth.Role;
import com.smeplug.platform.aws.Table;
import com.smeplug.platform.http.Route;
import com.smeplug.platform.tenant.Membership;
import com.smeplug.platform.tenant.MembershipStore;
import com.smeplug.platform.tenant.Tenant;
import com.smeplug.platform.tenant.TenantStore;
import com.smeplug.samples.SampleTenantSeeder;

/**
 * Real connections on the local stack: a fake Salesforce (two fictional orgs, an approval page) and a fake SAP OData
 * service on free loopback ports, and the variables that enable real connections against them. The sample tenants
 * keep their sample connections; {@code demo_newco} (no sample data) starts with none, to connect from the console or
 * with curl. 127.0.0.1 is allow-listed for SAP URLs here only.
 */
final class LocalConnections implements AutoCloseable {

    static final String CLIENT_ID = "3MVG9LocalFakeConnectedApp";
    static final String CLIENT_SECRET = "local-fake-connected-app-secret";
    static final String DEMO_TENANT = "demo_newco";

    private final FakeSalesforce salesforce = new FakeSalesforce(CLIENT_ID, CLIENT_SECRET);
    private final FakeSap sap = new FakeSap();

    Map<String, String> variables(int apiPort) {
        String api = "http://127.0.0.1:" + apiPort;
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("USE_REAL_SALESFORCE", "true");
        variables.put("SALESFORCE_LOGIN_URL", salesforce.loginUrl());
        variables.put("SALESFORCE_SANDBOX_LOGIN_URL", salesforce.loginUrl());
        variables.put("SALESFORCE_CLIENT_ID", CLIENT_ID);
        variables.put("SALESFORCE_CLIENT_SECRET", CLIENT_SECRET);
        variables.put("SALESFORCE_CALLBACK_URL", api + "/integrations/salesforce/callback");
        variables.put("CONSOLE_URL", api + "/");
        variables.put("USE_REAL_SAP", "true");
        // the deployment-wide SAP system the template still declares: only profile-mapped tenants use it, none locally
        variables.put("SAP_BASE_URL", sap.baseUrl());
        variables.put("SAP_AUTH", "basic");
        variables.put("SAP_USERNAME", FakeSap.USERNAME);
        variables.put("SAP_PASSWORD", FakeSap.PASSWORD);
        variables.put("CONNECTIONS_ALLOWED_HOSTS", "127.0.0.1");
        return variables;
    }

    /** The demo tenant, with an admin and a member user named like the sample tenants' (so tokens work alike). */
    void seed(Table table, OidcIssuer issuer) {
        new TenantStore(table, Clock.systemUTC()).put(new Tenant(DEMO_TENANT, "Demo NewCo (fictional)", false, Map.of()));
        MembershipStore memberships = new MembershipStore(table, Clock.systemUTC());
        for (Role role : List.of(Role.ADMIN, Role.MEMBER)) {
            var user = SampleTenantSeeder.sampleUser(DEMO_TENANT, role.name().toLowerCase(Locale.ROOT));
            memberships.join(new Membership(user.userId(), DEMO_TENANT, role, user.email()));
            issuer.registerUser(user.userId(), user.email());
        }
    }

    String sapBaseUrl() {
        return sap.baseUrl();
    }

    String describe() {
        return "fake Salesforce " + salesforce.loginUrl() + " · fake SAP " + sap.baseUrl() + " (user " + FakeSap.USERNAME
                + ") · tenant " + DEMO_TENANT + " has no connections yet";
    }

    @Override
    public void close() {
        salesforce.close();
        sap.close();
    }
}
