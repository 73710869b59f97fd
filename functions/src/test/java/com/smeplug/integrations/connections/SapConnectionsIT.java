package com.smeplug.integrations.connections;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.smeplug.local.aws.ApiEvent;
import com.smeplug.local.fakes.FakeSap;
import com.smeplug.platform.aws.Items;
import com.smeplug.platform.http.Json;
import com.smeplug.platform.tenant.TenantStore;
import com.smeplug.testing.CapturedOutput;
import com.smeplug.testing.HttpResult;
import com.smeplug.testing.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/**
 * Each tenant saves its own SAP system (PUT /integrations/sap), through the Lambda entry point against the local
 * fake SAP OData service. Only 127.0.0.1 is allow-listed (as the local stack does), so the SSRF guard is live for
 * every other host. Each test uses its own tenant.
 */
class SapConnectionsIT {

    static final Map<String, String> OVERRIDES = new HashMap<>();

    static FakeSap sap;
    static TestStack stack;
    static CapturedOutput output;

    @BeforeAll
    static void start() {
        output = CapturedOutput.start();
        sap = new FakeSap();
        OVERRIDES.putAll(Map.of(
                "USE_REAL_SAP", "true",
                "SAP_BASE_URL", "https://sap.deployment.example",
                "SAP_AUTH", "basic",
                "SAP_USERNAME", "DEPLOYMENT_USER",
                "SAP_PASSWORD", "not-used-here",
                "CONNECTIONS_ALLOWED_HOSTS", "127.0.0.1"));
        stack = TestStack.start("sap-connections-it", OVERRIDES);
        stack.registerTenants(List.of("tea_basic", "tea_oauth", "tea_wrong", "tea_ssrf", "tea_gone", "tea_scan", "tea_limit", "tea_limit_new", "tea_broken"));
    }

    @AfterAll
    static void stop() {
        try {
            if (stack != null) {
                stack.close();
            }
            sap.close();
        }
        finally {
            OVERRIDES.keySet().forEach(System::clearProperty);
            output.close();
        }
    }

    static String body(String baseUrl, Map<String, String> auth) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("base_url", baseUrl);
        ObjectNode authNode = body.putObject("auth");
        auth.forEach(authNode::put);
        body.put("sap_client", "100");
        body.put("company_code", "7000");
        body.put("plant", "7010");
        return body.toString();
    }

    static Map<String, String> basic(String password) {
        return Map.of("type", "basic", "username", FakeSap.USERNAME, "password", password);
    }

    static HttpResult save(String tenant, String body) {
        return stack.invoke("sapConnect", ApiEvent.of("PUT", "/integrations/sap").header("content-type", "application/json")
                .body(body).bearer(stack.token(tenant)));
    }

    static HttpResult read(String tenant) {
        return stack.invoke("sap", ApiEvent.get("/integrations/sap").bearer(stack.token(tenant)));
    }

    static Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> item(String tenant) {
        return stack.table().client().getItem(b -> b.tableName(stack.table().name())
                .key(Items.key(TenantStore.pk(tenant), "CONNECTION#sap")).consistentRead(true)).item();
    }

    @Test
    void a_validated_basic_auth_system_is_saved_and_its_records_are_read_from_it() {
        HttpResult saved = save("tea_basic", body(sap.baseUrl(), basic(FakeSap.PASSWORD)));
        HttpResult records = read("tea_basic");

        assertThat(saved.status()).as(saved.body()).isEqualTo(200);
        assertThat(saved.json().path("connected_as").asString()).isEqualTo(FakeSap.USERNAME);
        assertThat(saved.body()).doesNotContain(FakeSap.PASSWORD);
        assertThat(records.status()).as(records.body()).isEqualTo(200);
        assertThat(records.json().path("source").asString()).isEqualTo("sap");
        assertThat(records.json().path("mock_mode").asBoolean()).isFalse();
        List<String> descriptions = new ArrayList<>();
        records.json().path("materials").forEach(m -> descriptions.add(m.path("description").asString()));
        assertThat(descriptions).containsExactly("Pretend Porcelain Cup (fake SAP)", "Imaginary Meadow Tea (fake SAP)");
        assertThat(records.json().path("purchase_orders").get(0).path("vendor_name").asString())
                .isEqualTo("Nonexistent Leaf Traders (fake)");
    }

    @Test
    void a_system_with_oauth_client_credentials_is_validated_through_its_token_endpoint() {
        HttpResult saved = save("tea_oauth", body(sap.baseUrl(), Map.of("type", "oauth_client_credentials",
                "token_url", sap.tokenUrl(), "client_id", FakeSap.CLIENT_ID, "client_secret", FakeSap.CLIENT_SECRET)));

        assertThat(saved.status()).as(saved.body()).isEqualTo(200);
        assertThat(read("tea_oauth").status()).isEqualTo(200);
    }

    @Test
    void wrong_credentials_are_422_with_saps_own_message_and_nothing_is_stored() {
        HttpResult basic = save("tea_wrong", body(sap.baseUrl(), basic("not-the-password")));
        HttpResult oauth = save("tea_wrong", body(sap.baseUrl(), Map.of("type", "oauth_client_credentials",
                "token_url", sap.tokenUrl(), "client_id", FakeSap.CLIENT_ID, "client_secret", "wrong")));

        assertThat(basic.status()).as(basic.body()).isEqualTo(422);
        assertThat(basic.errorCode()).isEqualTo("sap_validation_failed");
        assertThat(basic.json().path("error").path("message").asString())
                .contains("HTTP 401", "Logon failed: user name or password is incorrect (fake SAP)");
        assertThat(oauth.status()).isEqualTo(422);
        assertThat(oauth.json().path("error").path("message").asString()).contains("Bad credentials (fake SAP)");
        assertThat(item("tea_wrong")).isNullOrEmpty();
    }

    @Test
    void a_missing_plant_or_company_code_is_400_saying_it_is_required_and_a_malformed_one_saying_its_form() {
        String full = body(sap.baseUrl(), basic(FakeSap.PASSWORD));
        HttpResult noPlant = save("tea_fields", full.replace(",\"plant\":\"7010\"", ""));
        HttpResult noCompany = save("tea_fields", full.replace("\"company_code\":\"7000\",", ""));
        HttpResult badPlant = save("tea_fields", full.replace("\"7010\"", "\"70-10\""));

        assertThat(noPlant.status()).as(noPlant.body()).isEqualTo(400);
        assertThat(noPlant.json().path("error").path("message").asString()).isEqualTo("plant is required (1 to 4 letters or digits)");
        assertThat(noCompany.json().path("error").path("message").asString()).startsWith("company_code is required");
        assertThat(badPlant.json().path("error").path("message").asString()).isEqualTo("plant must be 1 to 4 letters or digits");
        assertThat(item("tea_fields")).isNullOrEmpty();
    }

    @Test
    void only_public_https_hosts_are_accepted_unless_allow_listed() {
        int port = URI.create(sap.baseUrl()).getPort();
        for (String url : List.of("http://sap.example.com", "https://localhost:" + port, "https://127.0.0.2",
                "https://10.1.2.3", "https://192.168.0.10", "https://172.16.5.4", "https://169.254.169.254",
                "https://[::1]", "https://[fd00::1]", "https://[::ffff:10.0.0.1]", "https://100.64.0.1", "https://0.0.0.0",
                "https://user:pw@sap.example.com", "ftp://sap.example.com", "not a url")) {
            HttpResult result = save("tea_ssrf", body(url, basic(FakeSap.PASSWORD)));

            assertThat(result.status()).as(url + ": " + result.body()).isEqualTo(400);
            assertThat(result.errorCode()).as(url).isEqualTo("invalid_request");
        }
        HttpResult token = save("tea_ssrf", body(sap.baseUrl(), Map.of("type", "oauth_client_credentials",
                "token_url", "https://169.254.169.254/latest/meta-data", "client_id", "x", "client_secret", "y")));
        assertThat(token.status()).isEqualTo(400);
        assertThat(item("tea_ssrf")).isNullOrEmpty();
    }

    @Test
    void delete_removes_the_connection_and_the_tenant_is_not_connected_again() {
        assertThat(save("tea_gone", body(sap.baseUrl(), basic(FakeSap.PASSWORD))).status()).isEqualTo(200);

        HttpResult removed = stack.invoke("sapDisconnect", ApiEvent.of("DELETE", "/integrations/sap").bearer(stack.token("tea_gone")));
        HttpResult again = stack.invoke("sapDisconnect", ApiEvent.of("DELETE", "/integrations/sap").bearer(stack.token("tea_gone")));

        assertThat(removed.status()).isEqualTo(200);
        assertThat(item("tea_gone")).isNullOrEmpty();
        assertThat(again.status()).isEqualTo(404);
        assertThat(read("tea_gone").status()).isEqualTo(404);
    }

    @Test
    void a_rate_limited_sap_gets_the_stale_snapshot_or_429_503_with_retry_after_and_is_left_alone_meanwhile() {
        assertThat(save("tea_limit", body(sap.baseUrl(), basic(FakeSap.PASSWORD))).status()).isEqualTo(200);
        assertThat(save("tea_limit_new", body(sap.baseUrl(), basic(FakeSap.PASSWORD))).status()).isEqualTo(200);
        assertThat(read("tea_limit").status()).isEqualTo(200);
        stack.table().client().updateItem(b -> b.tableName(stack.table().name())
                .key(Items.key(TenantStore.pk("tea_limit"), "SNAPSHOT#sap"))
                .updateExpression("SET synced_at = :t")
                .expressionAttributeValues(Map.of(":t", Items.s(java.time.Instant.now().minusSeconds(3600).toString()))));
        sap.throttle(429, 120);
        try {
            HttpResult stale = read("tea_limit");
            int readsAfter = sap.reads();
            HttpResult synced = stack.invoke("sync", ApiEvent.of("POST", "/integrations/sap/sync")
                    .routeKey("POST /integrations/{connector}/sync").pathParameter("connector", "sap")
                    .bearer(stack.token("tea_limit")));
            HttpResult again = read("tea_limit");
            int readsDuringBackoff = sap.reads() - readsAfter;
            sap.throttle(503, 30);
            HttpResult unavailable = read("tea_limit_new");

            assertThat(stale.status()).isEqualTo(200);
            assertThat(stale.json().path("stale").asBoolean()).isTrue();
            assertThat(synced.status()).isEqualTo(429);
            assertThat(Long.parseLong(synced.header("retry-after"))).isBetween(100L, 121L);
            assertThat(again.json().path("stale").asBoolean()).isTrue();
            assertThat(readsDuringBackoff).as("no read reached SAP during the back-off").isZero();
            assertThat(unavailable.status()).as(unavailable.body()).isEqualTo(503);
            assertThat(unavailable.errorCode()).isEqualTo("upstream_unavailable");
            assertThat(unavailable.header("retry-after")).isEqualTo("30");
        }
        finally {
            sap.throttle(0, 0);
        }
    }

    @Test
    void a_failing_system_shows_as_error_with_its_reason_until_a_read_succeeds_again() {
        assertThat(save("tea_broken", body(sap.baseUrl(), basic(FakeSap.PASSWORD))).status()).isEqualTo(200);
        sap.failWith(500);
        HttpResult failed;
        try {
            failed = read("tea_broken");
        }
        finally {
            sap.failWith(0);
        }
        var broken = status("tea_broken");
        HttpResult healed = read("tea_broken");
        var connected = status("tea_broken");

        assertThat(failed.status()).isEqualTo(502);
        assertThat(broken.path("status").asString()).isEqualTo("error");
        assertThat(broken.path("last_error").asString()).contains("SAP answered HTTP 500");
        assertThat(healed.status()).isEqualTo(200);
        assertThat(connected.path("status").asString()).isEqualTo("connected");
        assertThat(connected.path("last_error").isNull() || connected.path("last_error").isMissingNode()).isTrue();
        assertThat(connected.path("last_sync_at").asString()).isNotBlank();
    }

    static tools.jackson.databind.JsonNode status(String tenant) {
        return stack.invoke("integrations", ApiEvent.get("/integrations").bearer(stack.token(tenant))).json()
                .path("integrations").get(1);
    }

    @Test
    void neither_the_table_nor_the_log_holds_a_sap_password_or_client_secret_in_clear() {
        save("tea_scan", body(sap.baseUrl(), basic(FakeSap.PASSWORD)));
        save("tea_oauth", body(sap.baseUrl(), Map.of("type", "oauth_client_credentials",
                "token_url", sap.tokenUrl(), "client_id", FakeSap.CLIENT_ID, "client_secret", FakeSap.CLIENT_SECRET)));

        StringBuilder table = new StringBuilder();
        stack.table().client().scanPaginator(b -> b.tableName(stack.table().name())).items()
                .forEach(i -> table.append(i).append('\n'));

        assertThat(table).contains("CONNECTION#sap");
        assertThat(table.toString()).doesNotContain(FakeSap.PASSWORD).doesNotContain(FakeSap.CLIENT_SECRET);
        save("tea_wrong", body(sap.baseUrl(), basic(FakeSap.PASSWORD + "-wrong")));
        assertThat(output.text()).as("captured log").contains("connected SAP at").contains("SAP validation failed")
                .doesNotContain(FakeSap.PASSWORD).doesNotContain(FakeSap.CLIENT_SECRET);
    }
}
