package com.smeplug.hardening;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.smeplug.local.aws.ApiEvent;
import com.smeplug.platform.tenant.Tenant;
import com.smeplug.platform.tenant.TenantStore;
import com.smeplug.testing.HttpResult;
import com.smeplug.testing.TestStack;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * Acceptance 3 of the hardening issue, outside HTTP peers: Salesforce, SAP, Stripe and Bedrock (chat's model) answering 5xx, closing the
 * connection, sending garbage or hanging. Every cell: the status (502 upstream_error, 504 upstream_timeout) with the
 * error shape, a generous time bound derived from the configured timeouts, and nothing written for the tenant
 * (no snapshot, no pending checkout, subscription unchanged, no metered or stored chat). Each cell has its own tenant (own CRM account, ERP
 * plant), so the cells share one stack without touching each other.
 *
 * <p>Cells already proven by the features' own tests, not repeated here: a stale snapshot served when Salesforce is
 * down and a failed sync then being 502 (integrations RealConnectorsIT), Stripe refusing a checkout with a 400 and
 * Stripe not answering in time (billing StripeCheckoutIT), the model failing after retries is 502 and unmetered
 * (chat ChatBedrockFunctionIT), Bedrock failing a job's steps until it is dead-lettered
 * (finetune StepRetryIT, BedrockFinetuneIT).
 */
class UpstreamFaultsIT {

    static final String QUERY = "/services/data/v62.0/query";
    static final String CONVERSE = "/model/[^/]+/converse";
    static final String STOCK = "/sap/opu/odata/sap/API_MATERIAL_STOCK_SRV/A_MatlStkInAcctMod";
    static final int READ_TIMEOUT_MS = 1_500;
    /** Whatever the fault, an answer comes within this: read timeout, token fetch and start-up slack included. */
    static final Duration BOUND = Duration.ofSeconds(6);

    /** Fault name -> how the upstream misbehaves, and the status we must answer with. */
    record FaultCase(String name, ResponseDefinitionBuilder response, int status, String code) {
    }

    static final List<FaultCase> FAULTS = List.of(
            new FaultCase("http-500", aResponse().withStatus(500).withHeader("Content-Type", "application/json")
                    .withBody("[{\"errorCode\":\"UNKNOWN_EXCEPTION\",\"message\":\"An unexpected error occurred\"}]"),
                    502, "upstream_error"),
            new FaultCase("http-503-html", aResponse().withStatus(503).withHeader("Content-Type", "text/html")
                    .withBody("<html><body>Service Unavailable</body></html>"), 502, "upstream_error"),
            new FaultCase("reset", aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER), 502, "upstream_error"),
            new FaultCase("empty", aResponse().withFault(Fault.EMPTY_RESPONSE), 502, "upstream_error"),
            new FaultCase("garbage", aResponse().withFault(Fault.RANDOM_DATA_THEN_CLOSE), 502, "upstream_error"),
            new FaultCase("hang", aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                    .withBody("{}").withFixedDelay(READ_TIMEOUT_MS * 4), 504, "upstream_timeout"));

    static final Map<String, String> OVERRIDES = new HashMap<>();
    static WireMockServer salesforce;
    static WireMockServer sap;
    static WireMockServer stripe;
    static WireMockServer bedrock;
    static TestStack stack;

    @BeforeAll
    static void start() {
        salesforce = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1")
                .usingFilesUnderClasspath("integrations/salesforce"));
        sap = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1").usingFilesUnderClasspath("integrations/sap"));
        stripe = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        bedrock = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        bedrock.start();
        salesforce.start();
        sap.start();
        stripe.start();
        salesforce.stubFor(post("/services/oauth2/token").willReturn(file("token.json")));
        sap.stubFor(post("/oauth/token").willReturn(file("token.json")));
        sap.stubFor(get(urlPathEqualTo(STOCK)).willReturn(file("empty-collection.json")));
        sap.stubFor(get(urlPathEqualTo("/sap/opu/odata/sap/API_PRODUCT_SRV/A_Product")).willReturn(file("empty-collection.json")));
        sap.stubFor(get(urlPathEqualTo("/sap/opu/odata/sap/API_PURCHASEORDER_PROCESS_SRV/A_PurchaseOrder"))
                .willReturn(file("empty-collection.json")));
        sap.stubFor(get(urlPathEqualTo("/sap/opu/odata/sap/API_BUSINESS_PARTNER/A_Supplier")).willReturn(file("empty-collection.json")));
        OVERRIDES.putAll(Map.ofEntries(
                Map.entry("USE_REAL_SALESFORCE", "true"),
                Map.entry("SALESFORCE_LOGIN_URL", salesforce.baseUrl()),
                Map.entry("SALESFORCE_CLIENT_ID", "3MVG9hardening"),
                Map.entry("SALESFORCE_CLIENT_SECRET", "hardening-secret"),
                Map.entry("SALESFORCE_CALLBACK_URL", "https://api.sme-plug.example/integrations/salesforce/callback"),
                Map.entry("USE_REAL_SAP", "true"),
                Map.entry("SAP_BASE_URL", sap.baseUrl()),
                Map.entry("SAP_AUTH", "oauth"),
                Map.entry("SAP_TOKEN_URL", sap.baseUrl() + "/oauth/token"),
                Map.entry("SAP_CLIENT_ID", "sb-hardening"),
                Map.entry("SAP_CLIENT_SECRET", "sap-hardening-secret"),
                Map.entry("CONNECTOR_CONNECT_TIMEOUT_MS", "1000"),
                Map.entry("CONNECTOR_READ_TIMEOUT_MS", Integer.toString(READ_TIMEOUT_MS)),
                Map.entry("USE_REAL_STRIPE", "true"),
                Map.entry("STRIPE_SECRET_KEY", "sk_test_hardening"),
                Map.entry("STRIPE_PRICE_STARTER", "price_starter_test"),
                Map.entry("STRIPE_PRICE_PROFESSIONAL", "price_professional_test"),
                Map.entry("STRIPE_PRICE_ENTERPRISE", "price_enterprise_test"),
                Map.entry("STRIPE_API_BASE", stripe.baseUrl()),
                Map.entry("STRIPE_WEBHOOK_SECRET", "whsec_hardening_faults"),
                Map.entry("STRIPE_READ_TIMEOUT_MS", Integer.toString(READ_TIMEOUT_MS)),
                Map.entry("STRIPE_MAX_NETWORK_RETRIES", "0"),
                Map.entry("USE_REAL_LLM", "true"),
                Map.entry("BEDROCK_RUNTIME_ENDPOINT", bedrock.baseUrl()),
                Map.entry("LLM_TIMEOUT_MS", Integer.toString(READ_TIMEOUT_MS)),
                Map.entry("LLM_MAX_RETRIES", "0"),
                Map.entry("LLM_DEADLINE_MS", "4000")));
        stack = TestStack.start("hardening-upstream-faults-it", OVERRIDES);
        TenantStore tenants = new TenantStore(stack.table(), Clock.systemUTC());
        for (int i = 0; i < FAULTS.size(); i++) {
            FaultCase fault = FAULTS.get(i);
            String account = account(i);
            String plant = plant(i);
            tenants.put(new Tenant(tenant(fault), "Fault " + fault.name(), false,
                    Map.of("salesforce_account_id", account, "sap_plant", plant, "sap_company_code", plant)));
            salesforce.stubFor(get(urlPathEqualTo(QUERY)).withQueryParam("q", containing(account)).willReturn(fault.response()));
            sap.stubFor(get(urlPathEqualTo(STOCK)).withQueryParam("$filter", containing("'" + plant + "'")).atPriority(1)
                    .willReturn(fault.response()));
        }
        stripe.stubFor(post(urlPathEqualTo("/v1/checkout/sessions")).willReturn(aResponse().withStatus(500)));
        FAULTS.forEach(fault -> stripe.stubFor(post(urlPathEqualTo("/v1/checkout/sessions"))
                .withRequestBody(containing("client_reference_id=" + tenant(fault))).atPriority(1)
                .willReturn(fault.response())));
        // start each function once, so the bound measures the request and not Spring's start-up
        for (String definition : List.of("salesforce", "sap", "sync", "subscribe", "billingPlan", "chat", "usage")) {
            stack.invoker(definition);
        }
    }

    @AfterAll
    static void stop() {
        try {
            stack.close();
        }
        finally {
            OVERRIDES.keySet().forEach(System::clearProperty);
            salesforce.stop();
            sap.stop();
            stripe.stop();
            bedrock.stop();
        }
    }

    static String tenant(FaultCase fault) {
        return "fault_" + fault.name().replace('-', '_');
    }

    static ResponseDefinitionBuilder file(String name) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBodyFile(name)
                .withTransformers("response-template");
    }

    @Test
    void salesforce_faults_are_502_or_504_in_time_on_read_and_sync_and_no_snapshot_is_written() {
        assertConnectorMatrix("salesforce");
    }

    @Test
    void sap_faults_are_502_or_504_in_time_on_read_and_sync_and_no_snapshot_is_written() {
        assertConnectorMatrix("sap");
    }

    @Test
    void stripe_faults_on_checkout_are_502_or_504_in_time_and_nothing_is_recorded() {
        SoftAssertions soft = new SoftAssertions();
        for (FaultCase fault : FAULTS) {
            String tenant = tenant(fault);
            String planBefore = stack.invoke("billingPlan", ApiEvent.get("/billing/plan").bearer(stack.token(tenant))).body();

            Timed timed = Timed.run(() -> stack.invoke("subscribe", ApiEvent.post("/billing/subscribe",
                    RouteMatrix.SUBSCRIBE_BODY).bearer(stack.token(tenant)).header("idempotency-key", "fault-" + fault.name())));

            String where = "POST /billing/subscribe with Stripe " + fault.name();
            soft.assertThat(timed.result().status()).as(where + ": " + timed.result().body()).isEqualTo(fault.status());
            soft.assertThat(timed.result().errorCode()).as(where).isEqualTo(fault.code());
            soft.check(() -> Leaks.assertErrorShape(where, timed.result()));
            soft.assertThat(timed.result().body()).as(where).doesNotContain("sk_test_hardening");
            soft.assertThat(timed.took()).as(where).isLessThan(BOUND);
            soft.assertThat(itemsOf(tenant, "CHECKOUT#")).as(where + ": pending checkouts").isEmpty();
            soft.assertThat(stripe.countRequestsMatching(postRequestedFor(urlPathEqualTo("/v1/checkout/sessions"))
                    .withRequestBody(containing("client_reference_id=" + tenant)).build()).getCount())
                    .as(where + ": the faulty Stripe was asked").isPositive();
            String planAfter = stack.invoke("billingPlan", ApiEvent.get("/billing/plan").bearer(stack.token(tenant))).body();
            soft.assertThat(withoutRequestId(planAfter)).as(where + ": plan").isEqualTo(withoutRequestId(planBefore));
        }
        soft.assertAll();
    }

    /** A chat the model could not answer is not metered and leaves no turn and no stored answer behind. */
    @Test
    void model_faults_are_502_or_504_in_time_and_the_chat_is_not_metered_or_stored() {
        String tenant = "buildco_gamma";
        SoftAssertions soft = new SoftAssertions();
        for (FaultCase fault : FAULTS) {
            bedrock.resetAll();
            bedrock.stubFor(post(urlPathMatching(CONVERSE)).willReturn(fault.response()));
            long queriesBefore = queries(tenant);
            int sessionItemsBefore = itemsOf(tenant, "SESSION#").size();
            int answersBefore = itemsOf(tenant, "CHATREQ#").size();

            Timed timed = Timed.run(() -> stack.invoke("chat", RouteMatrix.chat(null).bearer(stack.token(tenant))));

            String where = "POST /chat with Bedrock " + fault.name();
            soft.assertThat(timed.result().status()).as(where + ": " + timed.result().body()).isEqualTo(fault.status());
            soft.assertThat(timed.result().errorCode()).as(where).isEqualTo(fault.code());
            soft.check(() -> Leaks.assertErrorShape(where, timed.result()));
            soft.assertThat(timed.took()).as(where).isLessThan(BOUND);
            soft.assertThat(queries(tenant)).as(where + ": usage").isEqualTo(queriesBefore);
            soft.assertThat(itemsOf(tenant, "SESSION#")).as(where + ": session turns").hasSize(sessionItemsBefore);
            soft.assertThat(itemsOf(tenant, "CHATREQ#")).as(where + ": stored answers").hasSize(answersBefore);
            soft.assertThat(bedrock.countRequestsMatching(postRequestedFor(urlPathMatching(CONVERSE)).build())
                    .getCount()).as(where + ": the faulty model was asked").isPositive();
        }
        soft.assertAll();
    }

    static long queries(String tenant) {
        HttpResult usage = stack.invoke("usage", ApiEvent.get("/billing/usage").bearer(stack.token(tenant)));
        assertThat(usage.status()).as(usage.body()).isEqualTo(200);
        return usage.json().path("queries_this_month").asLong();
    }

    private static void assertConnectorMatrix(String connector) {
        SoftAssertions soft = new SoftAssertions();
        for (FaultCase fault : FAULTS) {
            String tenant = tenant(fault);
            Map<String, ApiEvent> requests = new LinkedHashMap<>();
            requests.put("GET /integrations/" + connector, ApiEvent.get("/integrations/" + connector));
            requests.put("POST /integrations/" + connector + "/sync", ApiEvent.of("POST", "/integrations/" + connector + "/sync")
                    .routeKey("POST /integrations/{connector}/sync").pathParameter("connector", connector));
            for (Map.Entry<String, ApiEvent> request : requests.entrySet()) {
                String definition = request.getKey().startsWith("GET") ? connector : "sync";
                Timed timed = Timed.run(() -> stack.invoke(definition, request.getValue().bearer(stack.token(tenant))));

                String where = request.getKey() + " with " + connector + " " + fault.name();
                soft.assertThat(timed.result().status()).as(where + ": " + timed.result().body()).isEqualTo(fault.status());
                soft.assertThat(timed.result().errorCode()).as(where).isEqualTo(fault.code());
                soft.check(() -> Leaks.assertErrorShape(where, timed.result()));
                soft.assertThat(timed.took()).as(where).isLessThan(BOUND);
                soft.assertThat(itemsOf(tenant, "SNAPSHOT#" + connector)).as(where + ": snapshot written").isEmpty();
                soft.assertThat(faultedRequests(connector, fault)).as(where + ": the faulty upstream was asked").isPositive();
            }
        }
        soft.assertAll();
    }

    static int faultedRequests(String connector, FaultCase fault) {
        int i = FAULTS.indexOf(fault);
        return connector.equals("salesforce")
                ? salesforce.countRequestsMatching(getRequestedFor(urlPathEqualTo(QUERY))
                        .withQueryParam("q", containing(account(i))).build()).getCount()
                : sap.countRequestsMatching(getRequestedFor(urlPathEqualTo(STOCK))
                        .withQueryParam("$filter", containing("'" + plant(i) + "'")).build()).getCount();
    }

    static String account(int i) {
        return String.format("001FLT%010d", i);
    }

    static String plant(int i) {
        return Integer.toString(7000 + i);
    }

    static List<Map<String, AttributeValue>> itemsOf(String tenant, String skPrefix) {
        return stack.table().client().query(QueryRequest.builder().tableName(stack.table().name())
                .keyConditionExpression("PK = :pk AND begins_with(SK, :sk)")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(TenantStore.pk(tenant)),
                        ":sk", AttributeValue.fromS(skPrefix)))
                .consistentRead(true).build()).items();
    }

    static String withoutRequestId(String body) {
        return body.replaceAll("\"request_id\":\"[^\"]*\"", "");
    }

    record Timed(HttpResult result, Duration took) {

        static Timed run(java.util.function.Supplier<HttpResult> call) {
            long started = System.nanoTime();
            HttpResult result = call.get();
            return new Timed(result, Duration.ofNanos(System.nanoTime() - started));
        }
    }
}
