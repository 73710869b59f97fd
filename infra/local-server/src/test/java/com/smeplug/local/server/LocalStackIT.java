package com.smeplug.local.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import com.smeplug.local.aws.LocalAws;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The local stack over real HTTP, as a developer's curl sees it. */
class LocalStackIT {

    static LocalStack stack;
    static HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static JsonMapper json = JsonMapper.builder().build();

    @BeforeAll
    static void start() throws Exception {
        stack = LocalStack.start(0, 0, 0, 0, Map.of());
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stack.apiPort() + path));
    }

    static String token(String tenant) {
        return LocalToken.sampleUserToken(stack.aws().issuer(), tenant, "admin");
    }

    @Test
    void plugs_answers_the_tenants_catalogue_with_a_dev_token() throws Exception {
        var response = send(request("/plugs").header("Authorization", "Bearer " + token("buildco_gamma")));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json.readTree(response.body());
        assertThat(body.path("tenant_id").asString()).isEqualTo("buildco_gamma");
        assertThat(body.path("subscribed_plug_ids").toString()).isEqualTo("[\"engineering\"]");
    }

    /**
     * The template's SQS event sources are polled, the overage report queue's too: a report put on it is handed to
     * billingOverageReport (sample mode: nothing to send to Stripe) and, answered without a failure, taken off the queue.
     * Without a poller, or with the function failing it, the message would stay.
     */
    @Test
    void a_message_on_the_overage_report_queue_is_handed_to_billing_overage_report_and_deleted() throws Exception {
        String queue = stack.aws().queueUrl("OverageReportQueue");
        stack.aws().sqs().sendMessage(b -> b.queueUrl(queue).messageBody(
                "{\"tenant_id\":\"lawfirm_alpha\",\"usage_event_id\":\"usage_local_poll\",\"answered_at\":\"2027-01-01T00:00:00Z\"}"));

        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (messagesIn(queue) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }

        assertThat(messagesIn(queue)).as("messages left on OverageReportQueue, visible or in flight").isZero();
    }

    static int messagesIn(String queue) {
        var attributes = stack.aws().sqs().getQueueAttributes(b -> b.queueUrl(queue).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                .attributes();
        return Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    /** Acceptance 1 of issue 14, over HTTP as a developer's curl does it, with a token from the running issuer. */
    @Test
    void a_new_user_signs_up_an_organisation_that_has_no_usage_no_plan_and_no_connection() throws Exception {
        String email = "founder@newco.example";
        String token = LocalToken.fetch(stack.aws().issuer().issuerUrl(), LocalToken.newUserId(email), email);

        JsonNode before = json.readTree(send(request("/me").header("Authorization", "Bearer " + token)).body());
        assertThat(before.path("tenant_id").isNull()).isTrue();
        var created = send(request("/tenants").header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"NewCo\"}")));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(json.readTree(created.body()).path("role").asString()).isEqualTo("admin");
        var usage = send(request("/billing/usage").header("Authorization", "Bearer " + token));
        assertThat(json.readTree(usage.body()).path("queries_this_month").asLong()).as(usage.body()).isZero();
        var chat = send(request("/chat").header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"message\": \"hello\"}")));
        assertThat(chat.statusCode()).isEqualTo(402);
        assertThat(json.readTree(chat.body()).path("error").path("code").asString()).isEqualTo("no_subscription");
        var crm = send(request("/integrations/salesforce").header("Authorization", "Bearer " + token));
        assertThat(crm.statusCode()).isEqualTo(404);
        assertThat(json.readTree(crm.body()).path("error").path("code").asString()).isEqualTo("not_connected");
    }

    @Test
    void without_a_token_the_jwt_authorizer_answers_401() throws Exception {
        var response = send(request("/plugs"));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).as("API Gateway's JWT authorizer answers, not the function")
                .isEqualTo(com.smeplug.local.aws.JwtAuthorizer.UNAUTHORIZED_BODY);
    }

    @Test
    void an_unknown_route_is_404_and_a_wrong_method_405() throws Exception {
        var unknown = send(request("/no/such/route").header("Authorization", "Bearer " + token("lawfirm_alpha")));
        var wrongMethod = send(request("/plugs").DELETE());

        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json.readTree(unknown.body()).path("error").path("code").asString()).isEqualTo("not_found");
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(wrongMethod.headers().firstValue("allow")).contains("GET");
        assertThat(json.readTree(wrongMethod.body()).path("error").path("code").asString()).isEqualTo("method_not_allowed");
    }

    @Test
    void request_headers_are_not_echoed_over_http() throws Exception {
        String token = token("hospital_beta");
        var response = send(request("/plugs").header("Authorization", "Bearer " + token)
                .header("Cookie", "session=cookie-secret").header("X-Probe", "probe-123"));

        assertThat(response.headers().map().keySet()).doesNotContain("authorization", "cookie", "x-probe", "id", "timestamp");
        assertThat(response.headers().map().toString()).doesNotContain(token).doesNotContain("cookie-secret").doesNotContain("probe-123");
        assertThat(response.headers().firstValue("content-type")).contains("application/json; charset=utf-8");
    }

    @Test
    void the_dev_sign_in_mints_a_token_the_api_accepts() throws Exception {
        var signIn = send(request("/_local/token").POST(HttpRequest.BodyPublishers.ofString("lawfirm_alpha")));
        String token = json.readTree(signIn.body()).path("token").asString();

        var response = send(request("/plugs").header("Authorization", "Bearer " + token));

        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void a_new_tenant_connects_the_fake_salesforce_and_sap_over_http_and_reads_its_own_records() throws Exception {
        String bearer = "Bearer " + token("demo_newco");
        var started = send(request("/integrations/salesforce/connect").header("Authorization", bearer)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")));
        String authorizeUrl = json.readTree(started.body()).path("authorize_url").asString();
        var page = send(HttpRequest.newBuilder(URI.create(authorizeUrl)).GET());
        URI authorize = URI.create(authorizeUrl);
        // what the browser sends when the user clicks "Allow" for the fictional Harbor org
        var approved = send(HttpRequest.newBuilder(URI.create(authorize.getScheme() + "://" + authorize.getRawAuthority()
                + authorize.getRawPath())).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(authorize.getRawQuery() + "&org=harbor")));
        var callback = send(HttpRequest.newBuilder(URI.create(approved.headers().firstValue("location").orElseThrow())).GET());
        var records = send(request("/integrations/salesforce").header("Authorization", bearer));
        var sap = send(request("/integrations/sap").header("Authorization", bearer).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"base_url\": \"" + stack.fakeSapUrl() + "\", \"auth\": {\"type\": "
                        + "\"basic\", \"username\": \"FAKE_COMM_USER\", \"password\": \"fictional-Sap-Passw0rd-7\"},"
                        + " \"company_code\": \"7000\", \"plant\": \"7010\"}")));
        var statuses = send(request("/integrations").header("Authorization", bearer));

        assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
        assertThat(page.body()).contains("Allow as admin@harbor-lights.fictional.example");
        assertThat(approved.statusCode()).isEqualTo(302);
        assertThat(callback.statusCode()).isEqualTo(302);
        assertThat(callback.headers().firstValue("location")).hasValue("http://127.0.0.1:" + stack.apiPort()
                + "/#/integrations?salesforce=connected");
        assertThat(records.statusCode()).as(records.body()).isEqualTo(200);
        assertThat(json.readTree(records.body()).path("source").asString()).isEqualTo("salesforce");
        assertThat(records.body()).contains("Harbor org: lighthouse lens inspection");
        assertThat(sap.statusCode()).as(sap.body()).isEqualTo(200);
        assertThat(json.readTree(statuses.body()).path("integrations").findValuesAsString("status"))
                .containsExactly("connected", "connected");
        // a sample tenant keeps its labelled sample connection
        var sample = send(request("/integrations/salesforce").header("Authorization", "Bearer " + token("hospital_beta")));
        assertThat(json.readTree(sample.body()).path("source").asString()).isEqualTo("sample");
    }
}
