package com.smeplug.integrations.connections;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.smeplug.local.aws.ApiEvent;
import com.smeplug.local.fakes.FakeSalesforce;
import com.smeplug.platform.aws.Items;
import com.smeplug.platform.secrets.LocalKeySecretBox;
import com.smeplug.platform.tenant.TenantStore;
import com.smeplug.testing.CapturedOutput;
import com.smeplug.testing.HttpResult;
import com.smeplug.testing.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import tools.jackson.databind.JsonNode;

/**
 * Each tenant connects its own Salesforce org, through the Lambda entry point against the local fake Salesforce
 * (two fictional orgs, both with an Account named "Fictional Harbor Ltd"). Every test uses its own tenants, so the
 * tests share one stack and run in any order.
 */
class SalesforceConnectionsIT {

    static final String CLIENT_ID = "3MVG9FakeConnectedApp.sme-plug";
    static final String CLIENT_SECRET = "fake-connected-app-secret-0123456789";
    static final String CALLBACK = "https://api.sme-plug.example/integrations/salesforce/callback";
    static final String CONSOLE = "https://api.sme-plug.example/";
    static final Map<String, String> OVERRIDES = new HashMap<>();

    static FakeSalesforce salesforce;
    static TestStack stack;
    static byte[] localKey = new byte[32];
    static CapturedOutput output;

    @BeforeAll
    static void start() {
        output = CapturedOutput.start();
        salesforce = new FakeSalesforce(CLIENT_ID, CLIENT_SECRET);
        new SecureRandom().nextBytes(localKey);
        OVERRIDES.putAll(Map.of(
                "USE_REAL_SALESFORCE", "true",
                "SALESFORCE_LOGIN_URL", salesforce.loginUrl(),
                "SALESFORCE_SANDBOX_LOGIN_URL", salesforce.loginUrl(),
                "SALESFORCE_CLIENT_ID", CLIENT_ID,
                "SALESFORCE_CLIENT_SECRET", CLIENT_SECRET,
                "SALESFORCE_CALLBACK_URL", CALLBACK,
                "CONSOLE_URL", CONSOLE,
                "CONNECTIONS_LOCAL_KEY", Base64.getEncoder().encodeToString(localKey)));
        stack = TestStack.start("salesforce-connections-it", OVERRIDES);
        stack.registerTenants(List.of("harbor_co", "quill_co", "forged_co", "reused_co", "victim_co", "attacker_co",
                "expired_co", "verifier_co", "rotating_co", "revoked_co", "leaving_co", "limited_co", "limited_new_co", "unlimited_co", "deleted_co", "neighbour_co", "denied_co"));
    }

    @AfterAll
    static void stop() {
        try {
            if (stack != null) {
                stack.close();
            }
            salesforce.close();
        }
        finally {
            OVERRIDES.keySet().forEach(System::clearProperty);
            output.close();
        }
    }

    // --- the flow --------------------------------------------------------------------------------------------------

    static String authorizeUrl(String tenant) {
        HttpResult started = stack.invoke("salesforceConnect", ApiEvent.post("/integrations/salesforce/connect", "{}")
                .bearer(stack.token(tenant)));
        assertThat(started.status()).as(started.body()).isEqualTo(200);
        return started.json().path("authorize_url").asString();
    }

    static HttpResult callback(String callbackUrl) {
        return stack.invoke("salesforceCallback", ApiEvent.get("/integrations/salesforce/callback")
                .query(URI.create(callbackUrl).getRawQuery()));
    }

    static HttpResult connect(String tenant, String org) {
        return callback(salesforce.approve(authorizeUrl(tenant), org));
    }

    static HttpResult read(String tenant) {
        return stack.invoke("salesforce", ApiEvent.get("/integrations/salesforce").bearer(stack.token(tenant)));
    }

    static HttpResult sync(String tenant) {
        return stack.invoke("sync", ApiEvent.of("POST", "/integrations/salesforce/sync")
                .routeKey("POST /integrations/{connector}/sync").pathParameter("connector", "salesforce")
                .bearer(stack.token(tenant)));
    }

    static Map<String, AttributeValue> connectionItem(String tenant) {
        return stack.table().client().getItem(b -> b.tableName(stack.table().name())
                .key(Items.key(TenantStore.pk(tenant), "CONNECTION#salesforce")).consistentRead(true)).item();
    }

    static List<String> subjects(HttpResult result) {
        List<String> subjects = new ArrayList<>();
        result.json().path("open_cases").forEach(c -> subjects.add(c.path("subject").asString()));
        return subjects;
    }

    // --- acceptance ------------------------------------------------------------------------------------------------

    @Test
    void the_authorize_url_asks_for_a_code_with_an_s256_challenge_and_a_state_bound_to_the_tenant() {
        URI url = URI.create(authorizeUrl("harbor_co"));

        assertThat(url.toString()).startsWith(salesforce.loginUrl() + "/services/oauth2/authorize?");
        assertThat(url.getQuery()).contains("response_type=code", "client_id=" + CLIENT_ID, "redirect_uri=" + CALLBACK,
                "code_challenge_method=S256", "state=harbor_co.");
        assertThat(url.getQuery()).containsPattern("code_challenge=[A-Za-z0-9_-]{43}(&|$)");
    }

    @Test
    void two_tenants_connected_to_two_orgs_with_the_same_account_names_each_see_only_their_own_org() {
        HttpResult harborConnected = connect("harbor_co", "harbor");
        HttpResult quillConnected = connect("quill_co", "quill");
        assertThat(harborConnected.status()).as(harborConnected.body()).isEqualTo(302);
        assertThat(harborConnected.header("location")).isEqualTo(CONSOLE + "#/integrations?salesforce=connected");
        assertThat(quillConnected.status()).isEqualTo(302);

        HttpResult harbor = read("harbor_co");
        HttpResult quill = read("quill_co");

        assertThat(harbor.status()).as(harbor.body()).isEqualTo(200);
        assertThat(harbor.json().path("source").asString()).isEqualTo("salesforce");
        assertThat(harbor.json().path("mock_mode").asBoolean()).isFalse();
        assertThat(subjects(harbor)).containsExactly("Harbor org: lighthouse lens inspection", "Harbor org: dock permit renewal");
        assertThat(subjects(quill)).containsExactly("Quill org: ink supply audit");
        assertThat(harbor.json().path("open_cases").get(0).path("account_name").asString()).isEqualTo("Fictional Harbor Ltd");
        assertThat(quill.json().path("open_cases").get(0).path("account_name").asString()).isEqualTo("Fictional Harbor Ltd");
        assertThat(harbor.body()).doesNotContain("Quill", "QUL");
        assertThat(quill.body()).doesNotContain("Harbor org", "HRB");
        assertThat(salesforce.queries()).anyMatch(q -> q.startsWith("harbor: ")).anyMatch(q -> q.startsWith("quill: "));
    }

    @Test
    void the_status_list_shows_a_connected_org_with_when_and_as_whom_and_no_secret() {
        connect("quill_co", "quill");
        sync("quill_co");

        HttpResult result = stack.invoke("integrations", ApiEvent.get("/integrations").bearer(stack.token("quill_co")));
        HttpResult nothing = stack.invoke("integrations", ApiEvent.get("/integrations").bearer(stack.token("forged_co")));

        JsonNode salesforceStatus = result.json().path("integrations").get(0);
        assertThat(salesforceStatus.path("status").asString()).isEqualTo("connected");
        assertThat(salesforceStatus.path("connected_as").asString()).contains(salesforce.orgId("quill"));
        assertThat(salesforceStatus.path("instance_url").asString()).isEqualTo(salesforce.instanceUrl("quill"));
        assertThat(salesforceStatus.path("connected_at").asString()).isNotBlank();
        assertThat(salesforceStatus.path("last_sync_at").asString()).isNotBlank();
        assertThat(salesforceStatus.path("mock_mode").asBoolean()).isFalse();
        assertThat(result.body()).doesNotContain("secret", "5Aep861");
        assertThat(nothing.json().path("integrations").get(0).path("status").asString()).isEqualTo("not_connected");
    }

    @Test
    void a_forged_state_is_refused_and_nothing_is_stored() {
        String approved = salesforce.approve(authorizeUrl("forged_co"), "harbor");
        String code = approved.replaceFirst(".*[?&]code=([^&]+).*", "$1");
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);

        for (String state : List.of("forged_co." + Base64.getUrlEncoder().withoutPadding().encodeToString(random), "",
                "forged_co", "forged_co.short", "../forged_co." + "A".repeat(43))) {
            HttpResult result = callback(CALLBACK + "?code=" + code + "&state=" + state);
            assertThat(result.status()).as(state + ": " + result.body()).isEqualTo(400);
            assertThat(result.errorCode()).isEqualTo("invalid_state");
        }
        assertThat(connectionItem("forged_co")).isNullOrEmpty();
    }

    @Test
    void an_admin_who_denies_access_is_sent_back_to_the_console_and_the_state_is_spent() {
        String state = URI.create(authorizeUrl("denied_co")).getQuery().replaceFirst(".*state=([^&]+).*", "$1");
        String denied = CALLBACK + "?error=access_denied&error_description=end-user+denied+authorization&state=" + state;

        HttpResult result = callback(denied);
        HttpResult again = callback(denied);

        assertThat(result.status()).as(result.body()).isEqualTo(302);
        assertThat(result.header("location")).isEqualTo(CONSOLE + "#/integrations?salesforce=denied");
        assertThat(again.status()).isEqualTo(400);
        assertThat(connectionItem("denied_co")).isNullOrEmpty();
    }

    @Test
    void a_state_used_once_is_refused_the_second_time() {
        String approved = salesforce.approve(authorizeUrl("reused_co"), "harbor");
        assertThat(callback(approved).status()).isEqualTo(302);
        String storedSecret = connectionItem("reused_co").get("secret").s();

        HttpResult again = callback(approved);

        assertThat(again.status()).as(again.body()).isEqualTo(400);
        assertThat(again.errorCode()).isEqualTo("invalid_state");
        assertThat(connectionItem("reused_co").get("secret").s()).as("the replay changed nothing").isEqualTo(storedSecret);
    }

    @Test
    void a_state_issued_to_another_tenant_cannot_connect_this_one() {
        String approved = salesforce.approve(authorizeUrl("victim_co"), "harbor");
        String hijacked = approved.replace("state=victim_co.", "state=attacker_co.");

        HttpResult result = callback(hijacked);

        assertThat(result.status()).as(result.body()).isEqualTo(400);
        assertThat(connectionItem("attacker_co")).isNullOrEmpty();
        assertThat(connectionItem("victim_co")).isNullOrEmpty();
    }

    @Test
    void a_state_older_than_ten_minutes_is_refused_and_nothing_is_stored() {
        String approved = salesforce.approve(authorizeUrl("expired_co"), "harbor");
        String nonce = approved.replaceFirst(".*[?&]state=expired_co\\.([^&]+).*", "$1");
        stack.table().client().updateItem(b -> b.tableName(stack.table().name())
                .key(Items.key(TenantStore.pk("expired_co"), "OAUTH_STATE#" + nonce))
                .updateExpression("SET valid_until = :past")
                .expressionAttributeValues(Map.of(":past", Items.s(java.time.Instant.now().minusSeconds(1).toString()))));

        HttpResult result = callback(approved);

        assertThat(result.status()).as(result.body()).isEqualTo(400);
        assertThat(result.errorCode()).isEqualTo("invalid_state");
        assertThat(connectionItem("expired_co")).isNullOrEmpty();
    }

    @Test
    void the_code_exchange_fails_without_the_right_pkce_verifier() throws Exception {
        String approved = salesforce.approve(authorizeUrl("verifier_co"), "harbor");
        String code = approved.replaceFirst(".*[?&]code=([^&]+).*", "$1");
        String nonce = approved.replaceFirst(".*[?&]state=verifier_co\\.([^&]+).*", "$1");

        // without a verifier, and with another one, the fake token endpoint refuses the code
        assertThat(exchangeDirectly(code, null)).contains("invalid_grant");
        assertThat(exchangeDirectly(code, "a-verifier-that-was-never-challenged-0123456789abcdefghijklmnop")).contains("invalid_grant");

        // through our callback with a verifier that does not match the challenge: refused, nothing stored
        String wrong = new LocalKeySecretBox(localKey).seal("verifier_co", "salesforce.pkce_verifier",
                "wrong-verifier-wrong-verifier-wrong-verifier-0123456789");
        stack.table().client().updateItem(b -> b.tableName(stack.table().name())
                .key(Items.key(TenantStore.pk("verifier_co"), "OAUTH_STATE#" + nonce))
                .updateExpression("SET verifier = :v").expressionAttributeValues(Map.of(":v", Items.s(wrong))));
        HttpResult result = callback(approved);

        assertThat(result.status()).as(result.body()).isEqualTo(400);
        assertThat(result.errorCode()).isEqualTo("authorization_failed");
        assertThat(connectionItem("verifier_co")).isNullOrEmpty();
    }

    static String exchangeDirectly(String code, String verifier) throws Exception {
        String form = "grant_type=authorization_code&code=" + code + "&client_id=" + CLIENT_ID + "&client_secret="
                + CLIENT_SECRET + "&redirect_uri=" + CALLBACK + (verifier == null ? "" : "&code_verifier=" + verifier);
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(salesforce.loginUrl() + "/services/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.body();
    }

    @Test
    void each_refresh_rotates_the_stored_refresh_token_and_the_old_one_is_dead() {
        connect("rotating_co", "quill");
        String first = new LocalKeySecretBox(localKey).open("rotating_co", "salesforce.refresh_token",
                connectionItem("rotating_co").get("secret").s());

        assertThat(sync("rotating_co").status()).isEqualTo(200);
        assertThat(sync("rotating_co").status()).isEqualTo(200);

        String now = new LocalKeySecretBox(localKey).open("rotating_co", "salesforce.refresh_token",
                connectionItem("rotating_co").get("secret").s());
        assertThat(now).isNotEqualTo(first);
        assertThat(salesforce.liveRefreshTokens("quill")).contains(now).doesNotContain(first);
    }

    @Test
    void invalid_grant_marks_the_connection_needs_reconnect_and_answers_409_reconnect_required() {
        connect("revoked_co", "harbor");
        assertThat(sync("revoked_co").status()).isEqualTo(200);
        salesforce.revokeAllGrants("harbor");

        HttpResult synced = sync("revoked_co");
        HttpResult read = read("revoked_co");

        assertThat(synced.status()).as(synced.body()).isEqualTo(409);
        assertThat(synced.errorCode()).isEqualTo("reconnect_required");
        assertThat(synced.json().path("error").path("message").asString()).contains("reconnect");
        assertThat(read.status()).isEqualTo(409);
        assertThat(connectionItem("revoked_co").get("status").s()).isEqualTo("needs_reconnect");

        JsonNode listed = stack.invoke("integrations", ApiEvent.get("/integrations").bearer(stack.token("revoked_co")))
                .json().path("integrations").get(0);
        assertThat(listed.path("connector").asString()).isEqualTo("salesforce");
        assertThat(listed.path("status").asString()).isEqualTo("needs_reconnect");
        assertThat(listed.path("last_error").asString()).contains("invalid_grant");

        // reconnecting heals it
        assertThat(connect("revoked_co", "harbor").status()).isEqualTo(302);
        assertThat(sync("revoked_co").status()).isEqualTo(200);
    }

    @Test
    void disconnect_revokes_the_token_exactly_once_and_deletes_the_connection() {
        connect("leaving_co", "quill");
        String refreshToken = new LocalKeySecretBox(localKey).open("leaving_co", "salesforce.refresh_token",
                connectionItem("leaving_co").get("secret").s());
        int before = salesforce.revocations();

        HttpResult removed = stack.invoke("salesforceDisconnect", ApiEvent.of("DELETE", "/integrations/salesforce")
                .bearer(stack.token("leaving_co")));
        HttpResult again = stack.invoke("salesforceDisconnect", ApiEvent.of("DELETE", "/integrations/salesforce")
                .bearer(stack.token("leaving_co")));

        assertThat(removed.status()).as(removed.body()).isEqualTo(200);
        assertThat(salesforce.revocations() - before).isEqualTo(1);
        assertThat(salesforce.liveRefreshTokens("quill")).doesNotContain(refreshToken);
        assertThat(connectionItem("leaving_co")).isNullOrEmpty();
        assertThat(again.status()).isEqualTo(404);
        assertThat(again.errorCode()).isEqualTo("not_connected");
        HttpResult gone = read("leaving_co");
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.json().path("error").path("message").asString())
                .as("a tenant of real connections is told how to connect, not about a profile mapping")
                .contains("POST /integrations/salesforce/connect").doesNotContain("salesforce_account_id");
    }

    @Test
    void an_org_out_of_api_requests_gets_its_stale_snapshot_or_429_and_never_holds_up_another_tenant() {
        connect("limited_co", "harbor");
        connect("limited_new_co", "harbor");
        connect("unlimited_co", "quill");
        assertThat(sync("limited_co").status()).isEqualTo(200);
        ageSnapshot("limited_co", "salesforce");
        salesforce.exhaustLimits("harbor", true);
        try {
            HttpResult stale = read("limited_co");
            int askedAfterRefusal = salesforce.queries().size();
            HttpResult other = read("unlimited_co");
            List<String> log = salesforce.queries();
            HttpResult again = read("limited_co");
            HttpResult syncDuringBackoff = sync("limited_co");
            HttpResult noSnapshot = read("limited_new_co");

            assertThat(stale.status()).as(stale.body()).isEqualTo(200);
            assertThat(stale.json().path("stale").asBoolean()).isTrue();
            assertThat(stale.json().path("source").asString()).isEqualTo("salesforce");
            assertThat(log.get(askedAfterRefusal - 1)).as("the limited org refused").startsWith("harbor (refused)");
            // the other tenant was read from its org right after the refusal, fresh
            assertThat(other.status()).isEqualTo(200);
            assertThat(other.json().path("stale").asBoolean()).isFalse();
            assertThat(log.subList(askedAfterRefusal, log.size())).isNotEmpty().allMatch(q -> q.startsWith("quill: "));
            // in back-off: answered at once without asking Salesforce again
            assertThat(again.json().path("stale").asBoolean()).isTrue();
            assertThat(syncDuringBackoff.status()).isEqualTo(429);
            assertThat(syncDuringBackoff.errorCode()).isEqualTo("upstream_rate_limited");
            assertThat(Long.parseLong(syncDuringBackoff.header("retry-after"))).isBetween(1L, 300L);
            assertThat(salesforce.queries().subList(log.size(), salesforce.queries().size()))
                    .as("nothing asked for limited_co during its back-off; limited_new_co asked once")
                    .allMatch(q -> q.startsWith("harbor (refused)")).hasSizeLessThanOrEqualTo(1);
            // a tenant of the same org without a snapshot: 429 with Retry-After
            assertThat(noSnapshot.status()).as(noSnapshot.body()).isEqualTo(429);
            assertThat(noSnapshot.header("retry-after")).isEqualTo("300");
        }
        finally {
            salesforce.exhaustLimits("harbor", false);
        }
    }

    static void ageSnapshot(String tenant, String connector) {
        stack.table().client().updateItem(b -> b.tableName(stack.table().name())
                .key(Items.key(TenantStore.pk(tenant), "SNAPSHOT#" + connector))
                .updateExpression("SET synced_at = :t")
                .expressionAttributeValues(Map.of(":t", Items.s(java.time.Instant.now().minusSeconds(3600).toString()))));
    }

    @Test
    void tenant_deletion_revokes_and_deletes_every_connection_of_that_tenant_only() {
        connect("deleted_co", "quill");
        connect("neighbour_co", "quill");
        LocalKeySecretBox box = new LocalKeySecretBox(localKey);
        ConnectionStore store = new ConnectionStore(stack.table());
        store.put(new Connection("deleted_co", "sap", Connection.Status.CONNECTED, Map.of("base_url", "https://sap.example"),
                box.seal("deleted_co", "sap.credentials", "{\"password\":\"x\"}"), java.time.Instant.now(), null, null));
        String refreshToken = box.open("deleted_co", "salesforce.refresh_token", connectionItem("deleted_co").get("secret").s());
        SalesforceApp app = new SalesforceApp(CLIENT_ID, CLIENT_SECRET, CALLBACK, salesforce.loginUrl(), salesforce.loginUrl(),
                CONSOLE);
        Connections connections = new TenantConnections(store, new SalesforceConnections(app,
                new SalesforceOAuth(app, new com.smeplug.integrations.upstream.UpstreamHttp("Salesforce",
                        java.time.Duration.ofSeconds(2), java.time.Duration.ofSeconds(5), java.time.Duration.ofSeconds(10))),
                new OAuthStates(stack.table(), box, Clock.systemUTC()), store, box, Clock.systemUTC()));
        int before = salesforce.revocations();

        connections.revokeAll("deleted_co");

        assertThat(salesforce.revocations() - before).isEqualTo(1);
        assertThat(salesforce.liveRefreshTokens("quill")).doesNotContain(refreshToken);
        assertThat(store.list("deleted_co")).isEmpty();
        assertThat(store.find("neighbour_co", "salesforce")).isPresent();
        assertThat(read("neighbour_co").status()).isEqualTo(200);
    }

    @Test
    void neither_the_table_nor_the_log_nor_any_response_holds_a_token_in_clear() {
        connect("harbor_co", "harbor");
        sync("harbor_co");
        Set<String> tokens = salesforce.everIssuedTokens();
        assertThat(tokens).isNotEmpty();

        StringBuilder table = new StringBuilder();
        stack.table().client().scanPaginator(b -> b.tableName(stack.table().name())).items()
                .forEach(item -> table.append(item).append('\n'));
        String log = output.text();
        String responses = read("harbor_co").body() + authorizeUrl("harbor_co");

        assertThat(table).as("table scan").contains("CONNECTION#salesforce");
        assertThat(log).as("captured log").contains("connected Salesforce org");
        for (String token : tokens) {
            assertThat(table.toString()).as("table scan").doesNotContain(token);
            assertThat(log).as("log").doesNotContain(token);
            assertThat(responses).doesNotContain(token);
        }
        assertThat(table.toString()).doesNotContain(CLIENT_SECRET);
        assertThat(log).doesNotContain(CLIENT_SECRET);
    }
}
