package com.smeplug.integrations;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.smeplug.SmePlugApplication;
import com.smeplug.integrations.connector.Material;
import com.smeplug.local.aws.ApiEvent;
import com.smeplug.platform.aws.Items;
import com.smeplug.platform.http.Json;
import com.smeplug.platform.tenant.Tenant;
import com.smeplug.platform.tenant.TenantStore;
import com.smeplug.testing.HttpResult;
import com.smeplug.testing.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import tools.jackson.databind.JsonNode;

/** Sample mode (both switches off, the template's defaults): the three sample tenants, each with only its own records. */
class SampleConnectorsIT {

    static final List<String> SAMPLE_TENANTS = List.of("lawfirm_alpha", "hospital_beta", "buildco_gamma");
    static final Map<String, String> OVERRIDES = Map.of();
    static TestStack stack;

    @BeforeAll
    static void start() {
        stack = IntegrationStacks.start("integrations-sample-it", OVERRIDES);
        TenantStore tenants = new TenantStore(stack.table(), Clock.systemUTC());
        // Registered tenants the sample set does not cover: one without sample data, one that allows it but has none.
        tenants.put(new Tenant("delta_dental", "Delta Dental Group", false, Map.of("salesforce_account_id", "001A000001DltDen")));
        tenants.put(new Tenant("epsilon_labs", "Epsilon Labs", true, Map.of()));
    }

    @AfterAll
    static void stop() {
        IntegrationStacks.stop(stack, OVERRIDES);
    }

    static HttpResult get(String definition, String tenant) {
        return stack.invoke(definition, ApiEvent.get("/integrations/" + definition).bearer(stack.token(tenant)));
    }

    static HttpResult sync(String connector, String tenant) {
        return stack.invoke("sync", ApiEvent.of("POST", "/integrations/" + connector + "/sync")
                .routeKey("POST /integrations/{connector}/sync").pathParameter("connector", connector)
                .bearer(stack.token(tenant)));
    }

    @Test
    void each_sample_tenant_gets_its_own_crm_account_and_open_cases() {
        JsonNode law = get("salesforce", "lawfirm_alpha").json();
        JsonNode hospital = get("salesforce", "hospital_beta").json();
        JsonNode build = get("salesforce", "buildco_gamma").json();

        assertAccount(law, "LawFirm Alpha LLP", "Legal Services", "28500000", 142);
        assertAccount(hospital, "Hospital Beta Health System", "Healthcare", "142000000", 2340);
        assertAccount(build, "BuildCo Gamma Construction", "Construction & Engineering", "67200000", 487);
        assertThat(law.path("open_cases").findValuesAsString("subject"))
                .containsExactlyInAnyOrder("GDPR compliance review", "Contract breach analysis", "IP portfolio audit");
        assertThat(hospital.path("open_cases").findValuesAsString("subject"))
                .containsExactlyInAnyOrder("EHR integration setup", "HIPAA audit support");
        // The safety code documentation case is closed: it is no open case.
        assertThat(build.path("open_cases").findValuesAsString("subject")).containsExactly("Structural compliance review");
        assertThat(law.path("open_cases").findValuesAsString("account_name")).containsOnly("LawFirm Alpha LLP");
    }

    @Test
    void sample_case_dates_are_recent_days_counted_back_from_today() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        for (String tenant : SAMPLE_TENANTS) {
            for (JsonNode openCase : get("salesforce", tenant).json().path("open_cases")) {
                LocalDate created = LocalDate.parse(openCase.path("created_date").asString());
                assertThat(created).isBetween(today.minusDays(60), today);
                assertThat(openCase.path("case_id").asString()).startsWith("500");
            }
        }
    }

    @Test
    void each_sample_tenant_gets_its_own_materials_and_purchase_orders() {
        JsonNode law = get("sap", "lawfirm_alpha").json();
        JsonNode hospital = get("sap", "hospital_beta").json();
        JsonNode build = get("sap", "buildco_gamma").json();

        assertThat(law.path("materials").findValuesAsString("description"))
                .anySatisfy(d -> assertThat(d).containsIgnoringCase("research licence"))
                .anySatisfy(d -> assertThat(d).containsIgnoringCase("filing credits"));
        assertThat(law.path("purchase_orders").findValuesAsString("vendor_name")).containsExactlyInAnyOrder("LexisNexis", "Thomson Reuters");
        assertThat(hospital.path("materials").findValuesAsString("description"))
                .anySatisfy(d -> assertThat(d).containsIgnoringCase("nitrile"))
                .anySatisfy(d -> assertThat(d).startsWith("IV saline"))
                .anySatisfy(d -> assertThat(d).containsIgnoringCase("pulse oximeter"));
        assertThat(hospital.path("purchase_orders").findValuesAsString("vendor_name")).containsExactlyInAnyOrder("Medline", "Cardinal Health");
        assertThat(build.path("materials").findValuesAsString("description"))
                .anySatisfy(d -> assertThat(d).contains("W18x35"))
                .anySatisfy(d -> assertThat(d).contains("4000 PSI"))
                .anySatisfy(d -> assertThat(d).contains("#5 rebar"));
        assertThat(build.path("purchase_orders").findValuesAsString("vendor_name")).containsExactlyInAnyOrder("Nucor Steel", "CEMEX");
        assertThat(build.path("materials").findValuesAsString("plant")).containsOnly("3010");
        for (JsonNode view : List.of(law, hospital, build)) {
            assertThat(view.path("mock_mode").asBoolean()).isTrue();
            assertThat(view.path("source").asString()).isEqualTo("sample");
            assertThat(view.path("stale").asBoolean()).isFalse();
            assertThat(Instant.parse(view.path("synced_at").asString())).isBefore(Instant.now().plusSeconds(1));
        }
    }

    @Test
    void sample_valuations_and_order_totals_follow_from_the_quantities_and_prices() {
        JsonNode build = get("sap", "buildco_gamma").json();

        JsonNode rebar = find(build.path("materials"), "material_id", "STL-RB5-20");
        assertThat(rebar.path("stock_quantity").decimalValue()).isEqualByComparingTo("2400");
        assertThat(rebar.path("unit").asString()).isEqualTo("EA");
        assertThat(rebar.path("valuation").decimalValue()).isEqualByComparingTo("28200.00"); // 2,400 x 11.75
        JsonNode nucor = find(build.path("purchase_orders"), "vendor_name", "Nucor Steel");
        assertThat(nucor.path("line_items").asInt()).isEqualTo(2);
        assertThat(nucor.path("total_amount").decimalValue()).isEqualByComparingTo("44340.00"); // 24 x 1,260 + 1,200 x 11.75
        assertThat(LocalDate.parse(nucor.path("delivery_date").asString())).isAfter(LocalDate.now(ZoneOffset.UTC));
    }

    @Test
    void no_response_ever_contains_another_tenants_records() {
        Map<String, List<String>> identifying = identifyingValues();
        for (String tenant : SAMPLE_TENANTS) {
            String own = get("salesforce", tenant).body() + get("sap", tenant).body()
                    + sync("salesforce", tenant).body() + sync("sap", tenant).body();
            assertThat(own).contains(identifying.get(tenant).get(0));
            for (String other : SAMPLE_TENANTS) {
                if (!other.equals(tenant)) {
                    for (String value : identifying.get(other)) {
                        assertThat(own).as("%s's responses must not contain %s's %s", tenant, other, value)
                                .doesNotContain(value);
                    }
                }
            }
        }
    }

    @Test
    void a_tenant_without_sample_data_is_not_connected_on_every_route() {
        for (String tenant : List.of("delta_dental", "epsilon_labs")) {
            for (HttpResult result : List.of(get("salesforce", tenant), get("sap", tenant), sync("salesforce", tenant),
                    sync("sap", tenant))) {
                assertThat(result.status()).isEqualTo(404);
                assertThat(result.errorCode()).isEqualTo("not_connected");
                assertThat(result.body()).doesNotContain("LawFirm", "Hospital Beta", "BuildCo", "account");
            }
        }
    }

    @Test
    void sync_refreshes_the_snapshot_that_get_then_serves() {
        Instant before = Instant.parse(get("sap", "hospital_beta").json().path("synced_at").asString());

        HttpResult synced = sync("sap", "hospital_beta");

        assertThat(synced.status()).isEqualTo(200);
        Instant syncedAt = Instant.parse(synced.json().path("synced_at").asString());
        assertThat(syncedAt).isAfterOrEqualTo(before);
        assertThat(synced.json().path("purchase_orders").findValuesAsString("vendor_name")).contains("Medline");
        assertThat(get("sap", "hospital_beta").json().path("synced_at").asString()).isEqualTo(syncedAt.toString());
        var item = stack.table().client().getItem(GetItemRequest.builder().tableName(stack.table().name())
                .key(Items.key("TENANT#hospital_beta", "SNAPSHOT#sap")).build()).item();
        assertThat(Items.str(item, "synced_at")).isEqualTo(syncedAt.toString());
        assertThat(Items.str(item, "source")).isEqualTo("sample");
    }

    @Test
    void sync_of_an_unknown_connector_is_404() {
        HttpResult result = sync("hubspot", "lawfirm_alpha");

        assertThat(result.status()).isEqualTo(404);
        assertThat(result.errorCode()).isEqualTo("not_found");
        assertThat(result.json().path("error").path("message").asString()).contains("salesforce or sap");
    }

    @Test
    void responses_are_json_and_echo_no_request_header() {
        HttpResult result = stack.invoke("salesforce", ApiEvent.get("/integrations/salesforce")
                .bearer(stack.token("lawfirm_alpha")).header("x-api-key", "do-not-echo").header("cookie", "session=abc"));

        assertThat(result.header("content-type")).isEqualTo("application/json; charset=utf-8");
        assertThat(result.headers()).doesNotContainKeys("authorization", "x-api-key", "cookie", "set-cookie", "id", "timestamp");
        assertThat(result.headers().values()).noneMatch(v -> v.contains("do-not-echo") || v.contains("Bearer"));
    }

    @Test
    void a_post_to_a_get_route_is_405_with_the_error_shape() {
        HttpResult result = stack.invoke("salesforce", ApiEvent.post("/integrations/salesforce", "{}")
                .bearer(stack.token("lawfirm_alpha")));

        assertThat(result.status()).isEqualTo(405);
        assertThat(result.errorCode()).isEqualTo("method_not_allowed");
    }

    @Test
    void the_tenant_records_port_serves_the_same_snapshot_as_the_get_functions() {
        HttpResult synced = sync("salesforce", "buildco_gamma");
        String syncedAt = synced.json().path("synced_at").asString();

        try (var context = new SpringApplicationBuilder(SmePlugApplication.class).web(WebApplicationType.NONE).run()) {
            TenantRecords records = context.getBean(TenantRecords.class);
            AccountCases crm = records.crm("buildco_gamma");
            MaterialsAndOrders erp = records.erp("buildco_gamma");

            assertThat(crm.syncedAt()).isEqualTo(Instant.parse(syncedAt));
            assertThat(crm.account().name()).isEqualTo("BuildCo Gamma Construction");
            assertThat(crm.mockMode()).isTrue();
            assertThat(crm.source()).isEqualTo("sample");
            assertThat(erp.materials()).extracting(Material::description).anyMatch(d -> d.contains("rebar"));
        }
    }

    private static void assertAccount(JsonNode view, String name, String industry, String revenue, int staff) {
        JsonNode account = view.path("account");
        assertThat(account.path("name").asString()).isEqualTo(name);
        assertThat(account.path("industry").asString()).isEqualTo(industry);
        assertThat(account.path("annual_revenue").decimalValue()).isEqualByComparingTo(revenue);
        assertThat(account.path("employee_count").asInt()).isEqualTo(staff);
        assertThat(account.path("account_id").asString()).startsWith("001");
        assertThat(view.path("mock_mode").asBoolean()).isTrue();
        assertThat(view.path("source").asString()).isEqualTo("sample");
        assertThat(view.path("stale").asBoolean()).isFalse();
        assertThat(view.path("synced_at").asString()).isNotBlank();
    }

    private static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode node : array) {
            if (value.equals(node.path(field).asString())) {
                return node;
            }
        }
        throw new AssertionError("no entry with " + field + "=" + value + " in " + array);
    }

    /** Every id and name in the sample data, per tenant, read from the files the connectors use (account name first). */
    private static Map<String, List<String>> identifyingValues() {
        JsonNode crm = resource("/integrations/sample/crm.json");
        JsonNode erp = resource("/integrations/sample/erp.json");
        Map<String, List<String>> values = new HashMap<>();
        for (String tenant : SAMPLE_TENANTS) {
            List<String> list = new ArrayList<>();
            JsonNode account = crm.path(tenant).path("account");
            list.add(account.path("name").asString());
            list.add(account.path("account_id").asString());
            list.add(account.path("website").asString());
            list.add(account.path("phone").asString());
            list.addAll(crm.path(tenant).path("cases").findValuesAsString("case_id"));
            list.addAll(crm.path(tenant).path("cases").findValuesAsString("subject"));
            list.addAll(erp.path(tenant).path("materials").findValuesAsString("material_id"));
            list.addAll(erp.path(tenant).path("materials").findValuesAsString("description"));
            list.addAll(erp.path(tenant).path("purchase_orders").findValuesAsString("po_id"));
            list.addAll(erp.path(tenant).path("purchase_orders").findValuesAsString("vendor_name"));
            assertThat(list).hasSizeGreaterThan(10);
            values.put(tenant, list);
        }
        return values;
    }

    private static JsonNode resource(String name) {
        try (InputStream in = SampleConnectorsIT.class.getResourceAsStream(name)) {
            return Json.MAPPER.readTree(in);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
