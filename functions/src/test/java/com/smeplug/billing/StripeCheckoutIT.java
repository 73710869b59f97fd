package com.smeplug.billing;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.smeplug.billing.StripeTestEvents.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.smeplug.local.aws.ApiEvent;
import com.smeplug.testing.HttpResult;
import com.smeplug.testing.RealStripeMode;
import com.smeplug.testing.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;

/** Acceptance 1: stripe-java against a local server that answers with Stripe's API shapes (API base overridden). */
class StripeCheckoutIT {

    static final String SESSIONS = "/v1/checkout/sessions";
    static final String BODY = """
            {"plan": "professional", "plug_ids": ["legal", "healthcare"],
             "success_url": "https://console.example.com/billing/success",
             "cancel_url": "https://console.example.com/billing/cancel"}""";

    static RealStripeMode.Stack real;
    static WireMockServer stripe;
    static TestStack stack;

    @BeforeAll
    static void start() {
        real = RealStripeMode.start("billing-checkout-it", "sk_test_checkout_it",
                Map.of("STRIPE_WEBHOOK_SECRET", "whsec_checkout_it",
                       "STRIPE_INVOICE_PAGE_SIZE", "2",
                       "STRIPE_READ_TIMEOUT_MS", "3000",
                       "STRIPE_MAX_NETWORK_RETRIES", "0"));
        stripe = real.stripe();
        stack = real.stack();
    }

    @AfterAll
    static void stop() {
        real.close();
    }

    @BeforeEach
    void reset() {
        stripe.resetAll();
        stripe.stubFor(post(urlPathEqualTo(SESSIONS)).willReturn(json(200, "checkout_session.json")));
    }

    @Test
    void checkout_is_a_subscription_session_with_one_line_of_the_plans_price_per_plug_and_the_tenant_in_metadata() {
        HttpResult result = subscribe("lawfirm_alpha", BODY, "client-key-1");

        assertThat(result.status()).as(result.body()).isEqualTo(200);
        var body = result.json();
        assertThat(body.path("success").asBoolean()).isTrue();
        assertThat(body.path("checkout_url").asString())
                .isEqualTo("https://checkout.stripe.com/c/pay/cs_test_a1B2c3D4e5F6g7H8#fidkdWxOYHwnPyd1blpxYHZxWjA0");
        assertThat(body.path("checkout_id").asString()).isEqualTo("cs_test_a1B2c3D4e5F6g7H8");
        assertThat(body.path("status").asString()).isEqualTo("pending");
        assertThat(body.path("plan").asString()).isEqualTo("professional");
        assertThat(body.path("mrr").decimalValue()).isEqualByComparingTo("198.00");
        assertThat(body.path("mock_mode").asBoolean()).isFalse();
        assertThat(body.path("source").asString()).isEqualTo("stripe");

        stripe.verify(1, postRequestedFor(urlPathEqualTo(SESSIONS))
                .withHeader("Authorization", equalTo("Bearer sk_test_checkout_it"))
                .withHeader("Content-Type", matching("application/x-www-form-urlencoded.*"))
                .withHeader("Idempotency-Key", matching("subscribe_[0-9a-f]{64}"))
                .withFormParam("mode", equalTo("subscription"))
                .withFormParam("line_items[0][price]", equalTo("price_professional_test"))
                .withFormParam("line_items[0][quantity]", equalTo("2"))
                .withFormParam("client_reference_id", equalTo("lawfirm_alpha"))
                .withFormParam("metadata[tenant_id]", equalTo("lawfirm_alpha"))
                .withFormParam("metadata[plan]", equalTo("professional"))
                .withFormParam("metadata[plug_ids]", equalTo("legal,healthcare"))
                .withFormParam("subscription_data[metadata][tenant_id]", equalTo("lawfirm_alpha"))
                .withFormParam("subscription_data[metadata][plug_ids]", equalTo("legal,healthcare"))
                .withFormParam("success_url", equalTo("https://console.example.com/billing/success"))
                .withFormParam("cancel_url", equalTo("https://console.example.com/billing/cancel"))
                .withFormParam("customer", absent()));
        // the tenant's subscription changes only when Stripe reports the completed checkout
        assertThat(new SubscriptionStore(stack.table()).current("lawfirm_alpha").orElseThrow().plan())
                .isEqualTo("professional");
        assertThat(new PendingCheckouts(stack.table()).find("lawfirm_alpha", "cs_test_a1B2c3D4e5F6g7H8").orElseThrow().status())
                .isEqualTo("pending");
    }

    @Test
    void a_retried_request_is_answered_once_and_stripe_keys_differ_per_request_and_tenant() {
        HttpResult first = subscribe("lawfirm_alpha", BODY, "client-key-2");
        HttpResult retried = subscribe("lawfirm_alpha", BODY, "client-key-2");
        subscribe("lawfirm_alpha", BODY, "client-key-3");
        subscribe("hospital_beta", BODY, "client-key-2");

        // the retry got the stored answer and never reached Stripe (IdempotencyKeys) ...
        assertThat(retried.json()).isEqualTo(first.json());
        assertThat(retried.header("idempotent-replayed")).isEqualTo("true");
        // ... and each request that did reach it carries its own Stripe idempotency key
        List<String> keys = stripe.findAll(postRequestedFor(urlPathEqualTo(SESSIONS))).stream()
                .map(request -> request.getHeader("Idempotency-Key")).toList();
        assertThat(keys).hasSize(3).doesNotHaveDuplicates();
    }

    @Test
    void a_tenant_whose_subscription_ended_subscribes_again_through_checkout_as_the_same_stripe_customer() {
        var store = new SubscriptionStore(stack.table());
        var seeded = store.current("buildco_gamma").orElseThrow();
        store.put(new Subscription("buildco_gamma", seeded.plan(), seeded.plugIds(), "canceled", seeded.startedAt(),
                "cus_buildco_existing", "sub_buildco_existing", false, seeded.eventTime()));

        subscribe("buildco_gamma", BODY.replace("\"legal\", \"healthcare\"", "\"engineering\""), null);

        stripe.verify(1, postRequestedFor(urlPathEqualTo(SESSIONS))
                .withFormParam("customer", equalTo("cus_buildco_existing"))
                .withFormParam("line_items[0][quantity]", equalTo("1"))
                .withFormParam("client_reference_id", equalTo("buildco_gamma")));
    }

    @Test
    void invoices_are_listed_across_pages() {
        var store = new SubscriptionStore(stack.table());
        store.put(new Subscription("hospital_beta", "professional", List.of("healthcare", "legal"), "active",
                Instant.ofEpochSecond(1762336800L), "cus_TestCustomer01", "sub_hospital", false, 1762336800L));
        stripe.stubFor(get(urlPathEqualTo("/v1/invoices")).withQueryParam("starting_after", absent())
                .willReturn(json(200, "invoices_page_1.json")));
        stripe.stubFor(get(urlPathEqualTo("/v1/invoices")).withQueryParam("starting_after", equalTo("in_1Qc2000000000002"))
                .willReturn(json(200, "invoices_page_2.json")));

        HttpResult result = stack.invoke("invoices", ApiEvent.get("/billing/invoices").bearer(stack.token("hospital_beta")));

        assertThat(result.status()).as(result.body()).isEqualTo(200);
        var invoices = result.json().path("invoices");
        assertThat(invoices.findValuesAsString("invoice_id"))
                .containsExactly("in_1Qc3000000000003", "in_1Qc2000000000002", "in_1Qc1000000000001");
        assertThat(invoices.get(0).path("amount").decimalValue()).isEqualByComparingTo("198.00");
        assertThat(invoices.get(0).path("status").asString()).isEqualTo("open");
        assertThat(invoices.get(0).path("currency").asString()).isEqualTo("usd");
        assertThat(invoices.get(0).path("month").asString()).isEqualTo("2025-12");
        assertThat(invoices.get(0).path("created_at").asString()).isEqualTo("2026-01-05T10:00:00Z");
        assertThat(invoices.get(0).path("hosted_invoice_url").asString()).isEqualTo("https://invoice.stripe.com/i/acct_test/test_in_3");
        assertThat(invoices.get(2).path("amount").decimalValue()).isEqualByComparingTo("99.00");
        assertThat(invoices.get(2).path("status").asString()).isEqualTo("paid");
        assertThat(result.json().path("mock_mode").asBoolean()).isFalse();
        assertThat(result.json().path("source").asString()).isEqualTo("stripe");
        List<LoggedRequest> pages = stripe.findAll(getRequestedFor(urlPathEqualTo("/v1/invoices")));
        assertThat(pages).hasSize(2);
        assertThat(pages).allSatisfy(page -> {
            assertThat(page.queryParameter("customer").firstValue()).isEqualTo("cus_TestCustomer01");
            assertThat(page.queryParameter("limit").firstValue()).isEqualTo("2");
        });
        assertThat(pages.get(1).queryParameter("starting_after").firstValue()).isEqualTo("in_1Qc2000000000002");
    }

    @Test
    void a_tenant_without_a_stripe_customer_has_no_invoices_and_stripe_is_not_asked() {
        HttpResult result = stack.invoke("invoices", ApiEvent.get("/billing/invoices").bearer(stack.token("lawfirm_alpha")));

        assertThat(result.status()).isEqualTo(200);
        assertThat(result.json().path("invoices")).isEmpty();
        assertThat(stripe.findAll(getRequestedFor(urlPathEqualTo("/v1/invoices")))).isEmpty();
    }

    @Test
    void a_stripe_refusal_is_a_502_with_the_error_shape_and_records_no_checkout() {
        stripe.stubFor(post(urlPathEqualTo(SESSIONS)).willReturn(json(400, "error_invalid_price.json")));

        HttpResult result = subscribe("lawfirm_alpha", BODY, "client-key-refused");

        assertThat(result.status()).isEqualTo(502);
        assertThat(result.errorCode()).isEqualTo("upstream_error");
        assertThat(result.json().path("error").path("message").asString()).contains("resource_missing");
        assertThat(result.body()).doesNotContain("sk_test_checkout_it");
    }

    @Test
    void a_stripe_that_does_not_answer_in_time_is_a_504() {
        stripe.stubFor(post(urlPathEqualTo(SESSIONS)).willReturn(json(200, "checkout_session.json").withFixedDelay(9_000)));

        HttpResult result = subscribe("lawfirm_alpha", BODY, "client-key-slow");

        assertThat(result.status()).isEqualTo(504);
        assertThat(result.errorCode()).isEqualTo("upstream_timeout");
    }

    @Test
    void real_mode_without_the_secret_key_fails_at_start_up_naming_it() {
        assertStartUpFailsWithout("STRIPE_SECRET_KEY", "subscribe");
        assertStartUpFailsWithout("STRIPE_PRICE_ENTERPRISE", "invoices");
    }

    @Test
    void the_real_webhook_without_its_signing_secret_fails_at_start_up_naming_it() {
        assertStartUpFailsWithout("STRIPE_WEBHOOK_SECRET", "stripeWebhook");
    }

    private static void assertStartUpFailsWithout(String variable, String function) {
        String value = System.getProperty(variable);
        System.clearProperty(variable);
        try {
            assertThatThrownBy(() -> {
                FunctionInvoker invoker = new FunctionInvoker(function);
                invoker.handleRequest(new ByteArrayInputStream(ApiEvent.get("/billing/plan").toJson()
                        .getBytes(StandardCharsets.UTF_8)), new ByteArrayOutputStream(), null);
            }).rootCause().hasMessageContaining(variable);
        }
        finally {
            System.setProperty(variable, value);
        }
    }

    private static HttpResult subscribe(String tenant, String body, String idempotencyKey) {
        ApiEvent event = ApiEvent.post("/billing/subscribe", body).bearer(stack.token(tenant));
        if (idempotencyKey != null) {
            event.header("idempotency-key", idempotencyKey);
        }
        return stack.invoke("subscribe", event);
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(int status, String fixture) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withHeader("Request-Id", "req_test_local").withBody(resource("billing/stripe/" + fixture));
    }
}
