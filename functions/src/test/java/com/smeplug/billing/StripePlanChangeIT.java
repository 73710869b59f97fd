package com.smeplug.billing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.smeplug.billing.StripeTestEvents.resource;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.smeplug.local.aws.ApiEvent;
import com.smeplug.platform.tenant.Tenant;
import com.smeplug.platform.tenant.TenantStore;
import com.smeplug.testing.HttpResult;
import com.smeplug.testing.RealStripeMode;
import com.smeplug.testing.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Acceptance 1 (real side): with a live Stripe subscription, plan changes update that one subscription (item price
 * and quantity, {@code create_prorations}) against a fake Stripe speaking Stripe's wire shapes; Checkout is never
 * started and no second subscription is created.
 */
class StripePlanChangeIT {

    static final String SUBSCRIPTION = "/v1/subscriptions/sub_1QchangeSub0001";
    static final String PREVIEW = "/v1/invoices/create_preview";

    static RealStripeMode.Stack real;
    static WireMockServer stripe;
    static TestStack stack;

    @BeforeAll
    static void start() {
        real = RealStripeMode.start("billing-plan-change-it", "sk_test_change_it",
                Map.of("STRIPE_WEBHOOK_SECRET", "whsec_change_it",
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
        stripe.stubFor(get(urlPathEqualTo(SUBSCRIPTION)).willReturn(json("subscription.json")));
        stripe.stubFor(post(urlPathEqualTo(SUBSCRIPTION)).willReturn(json("subscription.json")));
        stripe.stubFor(post(urlPathEqualTo(PREVIEW)).willReturn(json("invoice_preview.json")));
    }

    @Test
    void changing_plan_twice_updates_the_one_subscription_with_prorations_and_never_creates_another() {
        String tenant = liveSubscriber("change_co");

        HttpResult first = subscribe(tenant, "enterprise", "\"legal\", \"healthcare\", \"engineering\"");
        HttpResult second = subscribe(tenant, "professional", "\"legal\"");

        assertThat(first.status()).as(first.body()).isEqualTo(200);
        var body = first.json();
        assertThat(body.path("checkout_url").isNull()).isTrue();
        assertThat(body.path("change").path("status").asString()).isEqualTo("changed");
        assertThat(body.path("change").path("from_plan").asString()).isEqualTo("professional");
        assertThat(body.path("change").path("plan").asString()).isEqualTo("enterprise");
        assertThat(body.path("preview").path("amount").decimalValue()).isEqualByComparingTo("907.00");
        assertThat(body.path("preview").path("lines").get(0).path("amount").decimalValue()).isEqualByComparingTo("-154.00");
        assertThat(body.path("preview").path("lines").get(0).path("proration").asBoolean()).isTrue();
        assertThat(body.path("preview").path("lines").get(2).path("proration").asBoolean()).isFalse();
        assertThat(body.path("mock_mode").asBoolean()).isFalse();
        assertThat(second.status()).as(second.body()).isEqualTo(200);

        List<LoggedRequest> updates = stripe.findAll(postRequestedFor(urlPathEqualTo(SUBSCRIPTION)));
        assertThat(updates).hasSize(2);
        assertThat(updates).allSatisfy(update -> {
            assertThat(update.formParameters().get("items[0][id]").firstValue()).isEqualTo("si_ChangeItem00001");
            assertThat(update.formParameters().get("proration_behavior").firstValue()).isEqualTo("create_prorations");
        });
        assertThat(updates.get(0).formParameters().get("items[0][price]").firstValue()).isEqualTo("price_enterprise_test");
        assertThat(updates.get(0).formParameters().get("items[0][quantity]").firstValue()).isEqualTo("3");
        assertThat(updates.get(1).formParameters().get("items[0][price]").firstValue()).isEqualTo("price_professional_test");
        assertThat(updates.get(1).formParameters().get("items[0][quantity]").firstValue()).isEqualTo("1");
        // the preview is made at the same proration date as the update it announces
        List<LoggedRequest> previews = stripe.findAll(postRequestedFor(urlPathEqualTo(PREVIEW)));
        assertThat(previews).hasSize(2);
        assertThat(previews.get(0).formParameters().get("subscription_details[proration_date]").firstValue())
                .isEqualTo(updates.get(0).formParameters().get("proration_date").firstValue());
        assertThat(previews.get(0).formParameters().get("subscription").firstValue()).isEqualTo("sub_1QchangeSub0001");
        assertNoSecondSubscription();
    }

    @Test
    void changing_plan_twice_and_cancelling_sends_only_updates_of_the_one_subscription() {
        String tenant = liveSubscriber("change_cancel_co");
        stripe.stubFor(post(urlPathEqualTo(SUBSCRIPTION)).withRequestBody(containing("cancel_at_period_end=true"))
                .willReturn(json("subscription_canceling.json")));

        subscribe(tenant, "enterprise", "\"legal\", \"healthcare\", \"engineering\"");
        subscribe(tenant, "professional", "\"legal\"");
        HttpResult cancelled = stack.invoke("cancelSubscription", ApiEvent.post("/billing/cancel", "")
                .bearer(stack.token(tenant)));

        assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);
        assertThat(cancelled.json().path("cancel_at_period_end").asBoolean()).isTrue();
        assertThat(cancelled.json().path("ends_at").asString()).isEqualTo("2026-02-05T10:00:00Z");
        List<LoggedRequest> updates = stripe.findAll(postRequestedFor(urlPathEqualTo(SUBSCRIPTION)));
        assertThat(updates).hasSize(3);
        assertThat(updates.get(2).formParameters().get("cancel_at_period_end").firstValue()).isEqualTo("true");
        assertThat(updates.get(2).formParameters()).doesNotContainKey("items[0][price]");
        assertNoSecondSubscription();
        // it runs to the period's end: chat keeps working until then
        assertThat(new SubscriptionStore(stack.table()).current(tenant).orElseThrow().cancelAtPeriodEnd()).isTrue();
    }

    @Test
    void the_portal_is_a_stripe_billing_portal_session_for_the_tenants_customer() {
        String tenant = liveSubscriber("portal_co");
        stripe.stubFor(post(urlPathEqualTo("/v1/billing_portal/sessions")).willReturn(json("billing_portal_session.json")));

        HttpResult portal = stack.invoke("billingPortal", ApiEvent.post("/billing/portal",
                "{\"return_url\": \"https://console.example.com/#/billing\"}").bearer(stack.token(tenant)));

        assertThat(portal.status()).as(portal.body()).isEqualTo(200);
        assertThat(portal.json().path("url").asString()).isEqualTo("https://billing.stripe.com/p/session/test_YWNjdF8xUXBvcnRhbA");
        assertThat(portal.json().path("mock_mode").asBoolean()).isFalse();
        stripe.verify(postRequestedFor(urlPathEqualTo("/v1/billing_portal/sessions"))
                .withFormParam("customer", equalTo("cus_ChangeCustomer1"))
                .withFormParam("return_url", equalTo("https://console.example.com/#/billing")));
    }

    @Test
    void subscribing_again_to_the_plan_and_plugs_the_subscription_has_sends_no_update() {
        String tenant = liveSubscriber("same_co");

        HttpResult again = subscribe(tenant, "professional", "\"legal\", \"healthcare\"");

        assertThat(again.status()).as(again.body()).isEqualTo(200);
        assertThat(again.json().path("change").path("status").asString()).isEqualTo("unchanged");
        stripe.verify(0, postRequestedFor(urlPathEqualTo(SUBSCRIPTION)));
        assertNoSecondSubscription();
    }

    private static void assertNoSecondSubscription() {
        stripe.verify(0, postRequestedFor(urlPathEqualTo("/v1/checkout/sessions")));
        stripe.verify(0, postRequestedFor(urlPathEqualTo("/v1/subscriptions")));
        stripe.verify(0, postRequestedFor(urlPathMatching("/v1/subscriptions/(?!sub_1QchangeSub0001).*")));
    }

    /** A tenant whose checkout completed: its Stripe subscription is stored. */
    static String liveSubscriber(String tenant) {
        new TenantStore(stack.table(), Clock.systemUTC()).put(new Tenant(tenant, tenant, false, Map.of()));
        new SubscriptionStore(stack.table()).put(new Subscription(tenant, "professional", List.of("legal", "healthcare"),
                "active", Instant.ofEpochSecond(1767607200L), "cus_ChangeCustomer1", "sub_1QchangeSub0001", false,
                1767607200L));
        return tenant;
    }

    static HttpResult subscribe(String tenant, String plan, String plugs) {
        return stack.invoke("subscribe", ApiEvent.post("/billing/subscribe", """
                {"plan": "%s", "plug_ids": [%s], "success_url": "https://console.example.com/ok",
                 "cancel_url": "https://console.example.com/no"}""".formatted(plan, plugs)).bearer(stack.token(tenant)));
    }

    static ResponseDefinitionBuilder json(String fixture) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withHeader("Request-Id", "req_test_local").withBody(resource("billing/stripe/" + fixture));
    }
}
