package com.smeplug.integrations;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Base64;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.smeplug.integrations.connector.ErpRecords;
import com.smeplug.integrations.connector.Material;
import com.smeplug.integrations.connector.PurchaseOrder;
import com.smeplug.integrations.erp.SapErp;
import com.smeplug.integrations.erp.SapSettings;
import com.smeplug.integrations.upstream.UpstreamFailure;
import com.smeplug.integrations.upstream.UpstreamHttp;
import com.smeplug.platform.config.Settings;
import com.smeplug.platform.tenant.Tenant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/**
 * The real SAP client against a local server answering with S/4HANA's OData v2 JSON shapes (fixtures in
 * integrations/sap/__files): {@code {"d": {"results": [...], "__next": ...}}}, expanded navigation properties,
 * Edm.Decimal as strings, Edm.DateTime as {@code /Date(ms)/}, OData error bodies, and an OAuth token endpoint.
 */
class SapErpIT {

    static final String ODATA = "/sap/opu/odata/sap/";
    static final String STOCK = ODATA + "API_MATERIAL_STOCK_SRV/A_MatlStkInAcctMod";
    static final String PRODUCTS = ODATA + "API_PRODUCT_SRV/A_Product";
    static final String ORDERS = ODATA + "API_PURCHASEORDER_PROCESS_SRV/A_PurchaseOrder";
    static final String SUPPLIERS = ODATA + "API_BUSINESS_PARTNER/A_Supplier";
    static final String TOKEN = "/oauth/token";
    static final String FIRST_TOKEN = "Bearer eyJhbGciOiJSUzI1NiIsImprdSI6InNhcC1idGAifQ.first-sap-token.c2lnbmF0dXJl";
    static final String SECOND_TOKEN = "Bearer eyJhbGciOiJSUzI1NiIsImprdSI6InNhcC1idGAifQ.second-sap-token.c2lnbmF0dXJl";
    static final Tenant BUILDCO = new Tenant("buildco_gamma", "BuildCo Gamma Construction", true,
            Map.of("sap_plant", "3010", "sap_company_code", "3000"));

    static WireMockServer sap;

    @BeforeAll
    static void start() {
        sap = new WireMockServer(options().dynamicPort().usingFilesUnderClasspath("integrations/sap"));
        sap.start();
        stubToken();
        UpstreamWarmUp.warm(sap, TOKEN);
    }

    @AfterAll
    static void stop() {
        sap.stop();
    }

    @BeforeEach
    void reset() {
        sap.resetAll();
    }

    static SapErp oauthClient(Map<String, String> extra) {
        return client(Map.of("SAP_AUTH", "oauth", "SAP_TOKEN_URL", sap.baseUrl() + TOKEN,
                "SAP_CLIENT_ID", "sb-sme-plug!t4711", "SAP_CLIENT_SECRET", "sap-client-secret"), extra);
    }

    static SapErp client(Map<String, String> auth, Map<String, String> extra) {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("SAP_BASE_URL", sap.baseUrl())
                .withProperty("CONNECTOR_READ_TIMEOUT_MS", "2000");
        auth.forEach(environment::setProperty);
        extra.forEach(environment::setProperty);
        Settings settings = new Settings(environment);
        return new SapErp(SapSettings.from(settings), UpstreamHttp.fromSettings("SAP", settings), Clock.systemUTC());
    }

    static ResponseDefinitionBuilder json(int status, String file) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json; charset=utf-8")
                .withBodyFile(file).withTransformers("response-template");
    }

    static void stubToken() {
        sap.stubFor(post(TOKEN).willReturn(json(200, "token.json")));
    }

    static void stubBuildcoRecords() {
        sap.stubFor(get(urlPathEqualTo(STOCK)).withQueryParam("$filter", equalTo("Plant eq '3010' and InventoryStockType eq '01'"))
                .withQueryParam("$skiptoken", absent()).willReturn(json(200, "stock-3010-page-1.json")));
        sap.stubFor(get(urlPathEqualTo(STOCK)).withQueryParam("$skiptoken", equalTo("2"))
                .willReturn(json(200, "stock-3010-page-2.json")));
        sap.stubFor(get(urlPathEqualTo(PRODUCTS)).withQueryParam("$filter", containing("Product eq 'STL-W1835-40'"))
                .willReturn(json(200, "products-3010.json")));
        sap.stubFor(get(urlPathEqualTo(ORDERS)).withQueryParam("$filter", containing("CompanyCode eq '3000'"))
                .willReturn(json(200, "purchase-orders-3000.json")));
        sap.stubFor(get(urlPathEqualTo(SUPPLIERS)).willReturn(json(200, "suppliers.json")));
    }

    @Test
    void reads_plant_stock_with_valuation_and_purchase_orders_following_next_links() {
        stubToken();
        stubBuildcoRecords();

        ErpRecords records = oauthClient(Map.of()).fetch(BUILDCO);

        assertThat(records.materials()).extracting(Material::materialId)
                .containsExactly("CON-4000PSI", "STL-RB5-20", "STL-W1835-40");
        Material beam = records.materials().get(2);
        assertThat(beam.description()).isEqualTo("W18x35 wide-flange steel beam, 40 ft");
        assertThat(beam.stockQuantity()).isEqualByComparingTo("64");        // 40 on page 1 + 24 on page 2 (__next)
        assertThat(beam.unit()).isEqualTo("EA");
        assertThat(beam.plant()).isEqualTo("3010");
        assertThat(beam.valuation()).isEqualByComparingTo("80640.00");      // 64 x standard price 1,260.00
        Material rebar = records.materials().get(1);
        assertThat(rebar.valuation()).isEqualByComparingTo("28200.00");     // 2,400 x moving average 117.50 per 10
        Material concrete = records.materials().get(0);
        assertThat(concrete.description()).isEqualTo("Ready-mix concrete, 4000 PSI"); // EN, not DE
        assertThat(concrete.unit()).isEqualTo("YD3");
        assertThat(concrete.valuation()).isEqualByComparingTo("6480.00");   // plant 3010's price, not 3020's

        assertThat(records.purchaseOrders()).extracting(PurchaseOrder::poId).containsExactly("4500031117", "4500031102");
        PurchaseOrder nucor = records.purchaseOrders().get(1);
        assertThat(nucor.vendorName()).isEqualTo("Nucor Steel");
        assertThat(nucor.lineItems()).isEqualTo(2);
        assertThat(nucor.totalAmount()).isEqualByComparingTo("44340.00");   // 24 x 1,260 + 1,200 x 117.50 / 10
        assertThat(nucor.status()).isEqualTo("released");
        assertThat(nucor.deliveryDate()).isEqualTo(LocalDate.parse("2026-12-04")); // earliest schedule line
        PurchaseOrder cemex = records.purchaseOrders().get(0);
        assertThat(cemex.vendorName()).isEqualTo("CEMEX");
        assertThat(cemex.status()).isEqualTo("in_release");
        assertThat(cemex.totalAmount()).isEqualByComparingTo("29160.00");

        sap.verify(getRequestedFor(urlPathEqualTo(STOCK)).withQueryParam("$skiptoken", equalTo("2"))
                .withHeader("Authorization", equalTo(FIRST_TOKEN)));
        sap.verify(getRequestedFor(urlPathEqualTo(ORDERS))
                .withQueryParam("$top", equalTo("50"))
                .withQueryParam("$expand", equalTo("to_PurchaseOrderItem,to_PurchaseOrderItem/to_ScheduleLine"))
                .withQueryParam("$select", containing("PurchasingProcessingStatus"))
                .withQueryParam("$format", equalTo("json")));
        sap.verify(getRequestedFor(urlPathEqualTo(SUPPLIERS))
                .withQueryParam("$filter", equalTo("Supplier eq '17300042' or Supplier eq '17300011'")));
    }

    @Test
    void fetches_an_oauth_token_once_with_the_client_credentials_and_reuses_it() {
        stubToken();
        stubBuildcoRecords();
        SapErp client = oauthClient(Map.of());

        client.fetch(BUILDCO);
        client.fetch(BUILDCO);

        // Five requests per fetch (stock, its next page, products, purchase orders, suppliers), all with the first token.
        String clientCredentials = "Basic " + Base64.getEncoder()
                .encodeToString("sb-sme-plug!t4711:sap-client-secret".getBytes(StandardCharsets.UTF_8));
        sap.verify(1, postRequestedFor(urlPathEqualTo(TOKEN))
                .withHeader("Authorization", equalTo(clientCredentials))
                .withRequestBody(equalTo("grant_type=client_credentials")));
        sap.verify(10, getRequestedFor(urlPathMatching(ODATA + ".*")).withHeader("Authorization", equalTo(FIRST_TOKEN)));
    }

    @Test
    void an_expired_token_is_refreshed_once_and_the_request_repeated() {
        sap.stubFor(post(TOKEN).inScenario("token").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(json(200, "token.json")).willSetStateTo("first issued"));
        sap.stubFor(post(TOKEN).inScenario("token").whenScenarioStateIs("first issued")
                .willReturn(json(200, "token-refreshed.json")));
        sap.stubFor(get(urlPathMatching(ODATA + ".*")).withHeader("Authorization", equalTo(FIRST_TOKEN)).atPriority(1)
                .willReturn(aResponse().withStatus(401).withHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"")));
        stubBuildcoRecords();

        ErpRecords records = oauthClient(Map.of()).fetch(BUILDCO);

        assertThat(records.materials()).hasSize(3);
        sap.verify(2, postRequestedFor(urlPathEqualTo(TOKEN)));
        sap.verify(1, getRequestedFor(urlPathMatching(ODATA + ".*")).withHeader("Authorization", equalTo(FIRST_TOKEN)));
        sap.verify(5, getRequestedFor(urlPathMatching(ODATA + ".*")).withHeader("Authorization", equalTo(SECOND_TOKEN)));
    }

    @Test
    void a_new_token_that_is_rejected_too_fails_after_exactly_one_refresh() {
        stubToken();
        sap.stubFor(get(urlPathMatching(ODATA + ".*")).willReturn(aResponse().withStatus(401)));

        UpstreamFailure failure = catchThrowableOfType(UpstreamFailure.class, () -> oauthClient(Map.of()).fetch(BUILDCO));

        assertThat(failure).hasMessageContaining("rejected a newly issued access token");
        sap.verify(2, postRequestedFor(urlPathEqualTo(TOKEN)));
    }

    @Test
    void basic_auth_sends_the_communication_user_and_fetches_no_token() {
        stubBuildcoRecords();

        client(Map.of("SAP_AUTH", "basic", "SAP_USERNAME", "SME_PLUG_COMM", "SAP_PASSWORD", "s3cret"),
                Map.of("SAP_CLIENT", "100")).fetch(BUILDCO);

        String basic = "Basic " + Base64.getEncoder().encodeToString("SME_PLUG_COMM:s3cret".getBytes(StandardCharsets.UTF_8));
        sap.verify(5, getRequestedFor(urlPathMatching(ODATA + ".*")).withHeader("Authorization", equalTo(basic)));
        sap.verify(getRequestedFor(urlPathEqualTo(ORDERS)).withQueryParam("sap-client", equalTo("100")));
        sap.verify(0, postRequestedFor(urlPathEqualTo(TOKEN)));
    }

    @Test
    void a_500_from_sap_is_an_upstream_error_with_the_odata_error_code() {
        stubToken();
        stubBuildcoRecords();
        sap.stubFor(get(urlPathEqualTo(ORDERS)).atPriority(1).willReturn(json(500, "error-500.json")));

        UpstreamFailure failure = catchThrowableOfType(UpstreamFailure.class, () -> oauthClient(Map.of()).fetch(BUILDCO));

        assertThat(failure.isTimeout()).isFalse();
        assertThat(failure).hasMessage("SAP answered HTTP 500 for API_PURCHASEORDER_PROCESS_SRV/A_PurchaseOrder (/IWBEP/CM_MGW_RT/020)");
        assertThat(failure.toApiException().status()).isEqualTo(502);
    }

    @Test
    void malformed_json_from_sap_is_an_upstream_error() {
        stubToken();
        sap.stubFor(get(urlPathEqualTo(STOCK)).willReturn(json(200, "malformed-truncated.json")));

        UpstreamFailure failure = catchThrowableOfType(UpstreamFailure.class, () -> oauthClient(Map.of()).fetch(BUILDCO));

        assertThat(failure.isTimeout()).isFalse();
        assertThat(failure).hasMessageContaining("not valid JSON");
    }

    @Test
    void a_slow_sap_times_out_within_the_configured_read_timeout() {
        stubToken();
        sap.stubFor(get(urlPathEqualTo(STOCK)).willReturn(json(200, "empty-collection.json").withFixedDelay(6_000)));
        SapErp client = oauthClient(Map.of("CONNECTOR_READ_TIMEOUT_MS", "500"));

        long started = System.nanoTime();
        UpstreamFailure failure = catchThrowableOfType(UpstreamFailure.class, () -> client.fetch(BUILDCO));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(failure.isTimeout()).isTrue();
        assertThat(failure.toApiException().status()).isEqualTo(504);
        assertThat(took).isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void a_next_link_to_another_host_is_refused_rather_than_sent_our_credentials() {
        stubToken();
        sap.stubFor(get(urlPathEqualTo(STOCK)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"d\": {\"results\": [], \"__next\": \"https://attacker.example/steal?$skiptoken=2\"}}")));

        UpstreamFailure failure = catchThrowableOfType(UpstreamFailure.class, () -> oauthClient(Map.of()).fetch(BUILDCO));

        assertThat(failure).hasMessageContaining("another host");
    }
}
