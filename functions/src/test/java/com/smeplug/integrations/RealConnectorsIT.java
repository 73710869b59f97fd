package com.smeplug.integrations;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.smeplug.integrations.connector.Account;
import com.smeplug.local.aws.ApiEvent;
import com.smeplug.platform.aws.Items;
import com.smeplug.platform.tenant.Tenant;
import com.smeplug.platform.tenant.TenantStore;
import com.smeplug.testing.HttpResult;
import com.smeplug.testing.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import tools.jackson.databind.JsonNode;

/**
 * USE_REAL_SALESFORCE=true and USE_REAL_SAP=true: the functions, started through the Lambda entry point, talk to local
 * servers answering with the documented Salesforce and SAP shapes. Each behaviour uses its own tenant (own account
 * or plant), so the tests share one stack and run in any order.
 */
class RealConnectorsIT {

    static final String QUERY = "/services/data/v62.0/query";
    static final String ODATA = "/sap/opu/odata/sap/";
    static final Map<String, String> OVERRIDES = new HashMap<>();

    static WireMockServer salesforce;
    static WireMockServer sap;
    static TestStack stack;

    @BeforeAll
    static void start() {
        salesforce = new WireMockServer(options().dynamicPort().usingFilesUnderClasspath("integrations/salesforce"));
        sap = new WireMockServer(options().dynamicPort().usingFilesUnderClasspath("integrations/sap"));
        salesforce.start();
        sap.start();
        stubSalesforce();
        stubSap();
        UpstreamWarmUp.warm(salesforce, "/services/oauth2/token");
        UpstreamWarmUp.warm(sap, "/oauth/token");
        OVERRIDES.putAll(Map.of(
                "USE_REAL_SALESFORCE", "true",
                "SALESFORCE_LOGIN_URL", salesforce.baseUrl(),
                "SALESFORCE_CLIENT_ID", "3MVG9sme-plug-client",
                "SALESFORCE_CLIENT_SECRET", "sme-plug-client-secret",
                "USE_REAL_SAP", "true",
                "SAP_BASE_URL", sap.baseUrl(),
                "SAP_AUTH", "oauth",
                "SAP_TOKEN_URL", sap.baseUrl() + "/oauth/token",
                "SAP_CLIENT_ID", "sb-sme-plug!t4711",
                "SAP_CLIENT_SECRET", "sap-client-secret"));
        OVERRIDES.put("CONNECTOR_READ_TIMEOUT_MS", "2000");
        OVERRIDES.put("SALESFORCE_CALLBACK_URL", "https://api.sme-plug.example/integrations/salesforce/callback");
        stack = IntegrationStacks.start("integrations-real-it", OVERRIDES);
        TenantStore tenants = new TenantStore(stack.table(), Clock.systemUTC());
        tenants.put(new Tenant("acme_stale", "Acme Fabrication", false, Map.of("salesforce_account_id", "001A000001AcmStl")));
        tenants.put(new Tenant("acme_down", "Acme Down", false, Map.of("salesforce_account_id", "001A000001AcmDwn")));
        tenants.put(new Tenant("acme_broken", "Acme Broken", false, Map.of("salesforce_account_id", "001A000001AcmBrk")));
        tenants.put(new Tenant("acme_slow", "Acme Slow", false, Map.of("salesforce_account_id", "001A000001AcmSlw",
                "sap_plant", "9010", "sap_company_code", "9000")));
        tenants.put(new Tenant("acme_unmapped", "Acme Unmapped", true, Map.of()));
        // the deployment's org and system for tenants mapped in their profile (the sample tenants keep sample data)
        tenants.put(new Tenant("lawfirm_mapped", "LawFirm Alpha LLP", false, Map.of("salesforce_account_id", "001A000001LawAlp")));
        tenants.put(new Tenant("buildco_mapped", "BuildCo Gamma Construction", false,
                Map.of("sap_plant", "3010", "sap_company_code", "3000")));
    }

    @AfterAll
    static void stop() {
        try {
            IntegrationStacks.stop(stack, OVERRIDES);
        }
        finally {
            salesforce.stop();
            sap.stop();
        }
    }

    static ResponseDefinitionBuilder json(int status, String file) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json;charset=UTF-8")
                .withBodyFile(file).withTransformers("response-template");
    }

    static void stubSalesforce() {
        salesforce.stubFor(post("/services/oauth2/token").willReturn(json(200, "token.json")));
        stubAccount("001A000001LawAlp", json(200, "account-lawfirm.json"));
        salesforce.stubFor(get(urlPathEqualTo(QUERY)).withQueryParam("q", containing("AccountId = '001A000001LawAlp'"))
                .willReturn(json(200, "cases-lawfirm-page-1.json")));
        salesforce.stubFor(get(QUERY + "/01gA000000LawCsQIAT-200").willReturn(json(200, "cases-lawfirm-page-2.json")));
        stubAccount("001A000001AcmStl", json(200, "account-acme.json"));
        salesforce.stubFor(get(urlPathEqualTo(QUERY)).withQueryParam("q", containing("AccountId = '001A000001AcmStl'"))
                .willReturn(json(200, "cases-acme.json")));
        stubAccount("001A000001AcmDwn", json(500, "error-unknown-exception.json"));
        stubAccount("001A000001AcmBrk", json(200, "malformed-truncated.json"));
        stubAccount("001A000001AcmSlw", json(200, "account-acme.json").withFixedDelay(8_000));
    }

    static void stubAccount(String accountId, ResponseDefinitionBuilder response) {
        salesforce.stubFor(get(urlPathEqualTo(QUERY)).withQueryParam("q", containing("Id = '" + accountId + "'"))
                .willReturn(response));
    }

    static void stubSap() {
        sap.stubFor(post("/oauth/token").willReturn(json(200, "token.json")));
        String stock = ODATA + "API_MATERIAL_STOCK_SRV/A_MatlStkInAcctMod";
        sap.stubFor(get(urlPathEqualTo(stock)).withQueryParam("$filter", containing("'3010'"))
                .willReturn(json(200, "stock-3010-page-1.json")));
        sap.stubFor(get(urlPathEqualTo(stock)).withQueryParam("$skiptoken", equalTo("2"))
                .atPriority(1).willReturn(json(200, "stock-3010-page-2.json")));
        sap.stubFor(get(urlPathEqualTo(stock)).withQueryParam("$filter", containing("'9010'"))
                .willReturn(json(200, "empty-collection.json").withFixedDelay(8_000)));
        sap.stubFor(get(urlPathEqualTo(ODATA + "API_PRODUCT_SRV/A_Product")).willReturn(json(200, "products-3010.json")));
        sap.stubFor(get(urlPathEqualTo(ODATA + "API_PURCHASEORDER_PROCESS_SRV/A_PurchaseOrder"))
                .willReturn(json(200, "purchase-orders-3000.json")));
        sap.stubFor(get(urlPathEqualTo(ODATA + "API_BUSINESS_PARTNER/A_Supplier")).willReturn(json(200, "suppliers.json")));
    }

    static HttpResult read(String definition, String tenant) {
        return stack.invoke(definition, ApiEvent.get("/integrations/" + definition).bearer(stack.token(tenant)));
    }

    static HttpResult sync(String connector, String tenant) {
        return stack.invoke("sync", ApiEvent.of("POST", "/integrations/" + connector + "/sync")
                .routeKey("POST /integrations/{connector}/sync").pathParameter("connector", connector)
                .bearer(stack.token(tenant)));
    }

    static int accountQueries(String accountId) {
        return salesforce.countRequestsMatching(getRequestedFor(urlPathEqualTo(QUERY))
                .withQueryParam("q", containing("FROM Account WHERE Id = '" + accountId + "'")).build()).getCount();
    }

    @Test
    void salesforce_answers_the_tenants_account_and_open_cases_marked_as_live_data() {
        HttpResult result = read("salesforce", "lawfirm_mapped");

        assertThat(result.status()).isEqualTo(200);
        JsonNode body = result.json();
        assertThat(body.path("mock_mode").asBoolean()).isFalse();
        assertThat(body.path("source").asString()).isEqualTo("salesforce");
        assertThat(body.path("stale").asBoolean()).isFalse();
        assertThat(body.path("account").path("name").asString()).isEqualTo("LawFirm Alpha LLP");
        assertThat(body.path("account").path("annual_revenue").decimalValue()).isEqualByComparingTo("28500000");
        assertThat(body.path("open_cases").findValuesAsString("subject"))
                .containsExactly("Contract breach analysis", "GDPR compliance review", "IP portfolio audit");
        assertThat(body.path("open_cases").get(2).path("created_date").asString()).isEqualTo("2026-11-04");
        assertThat(result.body()).doesNotContain("Acme");
    }

    @Test
    void sap_answers_the_tenants_materials_and_purchase_orders_marked_as_live_data() {
        HttpResult result = read("sap", "buildco_mapped");

        assertThat(result.status()).isEqualTo(200);
        JsonNode body = result.json();
        assertThat(body.path("mock_mode").asBoolean()).isFalse();
        assertThat(body.path("source").asString()).isEqualTo("sap");
        assertThat(body.path("materials").findValuesAsString("material_id")).containsExactly("CON-4000PSI", "STL-RB5-20", "STL-W1835-40");
        assertThat(body.path("materials").get(1).path("stock_quantity").decimalValue()).isEqualByComparingTo("2400");
        // SAP sends "2400.000"; a client reads a plain number, never 2.4E+3
        assertThat(result.body()).contains("\"stock_quantity\":2400,").doesNotContainPattern("[0-9][eE][+-]?[0-9]");
        assertThat(body.path("purchase_orders").findValuesAsString("vendor_name")).containsExactly("CEMEX", "Nucor Steel");
        assertThat(body.path("purchase_orders").get(1).path("line_items").asInt()).isEqualTo(2);
        assertThat(body.path("synced_at").asString()).isNotBlank();
    }

    @Test
    void get_serves_a_fresh_snapshot_and_sync_reads_salesforce_again() {
        int before = accountQueries("001A000001LawAlp");

        HttpResult first = sync("salesforce", "lawfirm_mapped");
        HttpResult cached = read("salesforce", "lawfirm_mapped");
        HttpResult second = sync("salesforce", "lawfirm_mapped");

        assertThat(first.status()).isEqualTo(200);
        assertThat(cached.json().path("synced_at").asString()).isEqualTo(first.json().path("synced_at").asString());
        assertThat(Instant.parse(second.json().path("synced_at").asString()))
                .isAfterOrEqualTo(Instant.parse(first.json().path("synced_at").asString()));
        assertThat(accountQueries("001A000001LawAlp")).isEqualTo(before + 2);
    }

    @Test
    void when_salesforce_is_down_the_last_good_snapshot_is_served_marked_stale() {
        assertThat(sync("salesforce", "acme_stale").status()).isEqualTo(200);
        Instant anHourAgo = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MILLIS);
        stack.table().client().updateItem(UpdateItemRequest.builder().tableName(stack.table().name())
                .key(Items.key("TENANT#acme_stale", "SNAPSHOT#salesforce"))
                .updateExpression("SET synced_at = :t")
                .expressionAttributeValues(Map.of(":t", AttributeValue.fromS(anHourAgo.toString()))).build());
        salesforce.stubFor(get(urlPathEqualTo(QUERY)).withQueryParam("q", containing("001A000001AcmStl")).atPriority(1)
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        HttpResult result = read("salesforce", "acme_stale");

        assertThat(result.status()).isEqualTo(200);
        JsonNode body = result.json();
        assertThat(body.path("stale").asBoolean()).isTrue();
        assertThat(body.path("synced_at").asString()).isEqualTo(anHourAgo.toString());
        assertThat(body.path("mock_mode").asBoolean()).isFalse();
        assertThat(body.path("source").asString()).isEqualTo("salesforce");
        assertThat(body.path("account").path("name").asString()).isEqualTo("Acme Fabrication Inc.");
        assertThat(body.path("open_cases").findValuesAsString("subject")).containsExactly("Weld inspection report request");
        // A sync is a request to read Salesforce now: when it cannot, it says so instead of handing back the old copy.
        HttpResult failedSync = sync("salesforce", "acme_stale");
        assertThat(failedSync.status()).isEqualTo(502);
        assertThat(failedSync.errorCode()).isEqualTo("upstream_error");
    }

    @Test
    void a_500_from_salesforce_without_a_snapshot_is_a_502_with_the_error_shape() {
        HttpResult result = read("salesforce", "acme_down");

        assertThat(result.status()).isEqualTo(502);
        assertThat(result.header("content-type")).isEqualTo("application/json; charset=utf-8");
        assertThat(result.errorCode()).isEqualTo("upstream_error");
        assertThat(result.json().path("error").path("message").asString()).isEqualTo("Salesforce answered HTTP 500 (UNKNOWN_EXCEPTION)");
        assertThat(result.json().path("error").path("request_id").asString()).isNotBlank();
        assertThat(result.body()).doesNotContain("ErrorId", "Exception:", "at com.");
    }

    @Test
    void malformed_json_from_salesforce_is_a_502() {
        HttpResult result = read("salesforce", "acme_broken");

        assertThat(result.status()).isEqualTo(502);
        assertThat(result.errorCode()).isEqualTo("upstream_error");
    }

    @Test
    void a_slow_salesforce_is_a_504_within_the_configured_timeout() {
        stack.invoker("salesforce");

        long started = System.nanoTime();
        HttpResult result = read("salesforce", "acme_slow");
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(result.status()).isEqualTo(504);
        assertThat(result.errorCode()).isEqualTo("upstream_timeout");
        assertThat(took).isLessThan(Duration.ofSeconds(6)); // read timeout 2 s; the server would answer after 8 s
    }

    @Test
    void a_slow_sap_is_a_504_within_the_configured_timeout() {
        stack.invoker("sap");

        long started = System.nanoTime();
        HttpResult result = read("sap", "acme_slow");
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(result.status()).isEqualTo(504);
        assertThat(result.errorCode()).isEqualTo("upstream_timeout");
        assertThat(took).isLessThan(Duration.ofSeconds(6));
    }

    @Test
    void with_real_connections_enabled_the_sample_tenants_keep_their_labelled_sample_connections() {
        java.util.Date testStart = new java.util.Date();

        HttpResult crm = read("salesforce", "lawfirm_alpha");
        HttpResult erp = read("sap", "buildco_gamma");

        assertThat(crm.status()).isEqualTo(200);
        assertThat(crm.json().path("source").asString()).isEqualTo("sample");
        assertThat(crm.json().path("mock_mode").asBoolean()).isTrue();
        assertThat(erp.json().path("source").asString()).isEqualTo("sample");
        assertThat(erp.json().path("mock_mode").asBoolean()).isTrue();
        assertThat(salesforce.getAllServeEvents()).noneMatch(e -> !e.getRequest().getLoggedDate().before(testStart));
        assertThat(sap.getAllServeEvents()).noneMatch(e -> !e.getRequest().getLoggedDate().before(testStart));
    }

    @Test
    void a_tenant_without_a_mapping_is_not_connected_and_no_upstream_is_asked() {
        java.util.Date testStart = new java.util.Date();

        HttpResult crm = read("salesforce", "acme_unmapped");
        HttpResult erp = read("sap", "acme_unmapped");

        assertThat(crm.status()).isEqualTo(404);
        assertThat(crm.errorCode()).isEqualTo("not_connected");
        assertThat(erp.status()).isEqualTo(404);
        assertThat(erp.errorCode()).isEqualTo("not_connected");
        // (a slow stub of another test may still be finishing: only requests received from here on count)
        assertThat(salesforce.getAllServeEvents()).noneMatch(e -> !e.getRequest().getLoggedDate().before(testStart));
        assertThat(sap.getAllServeEvents()).noneMatch(e -> !e.getRequest().getLoggedDate().before(testStart));
    }
}
