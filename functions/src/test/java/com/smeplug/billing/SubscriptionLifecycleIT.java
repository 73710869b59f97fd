package com.smeplug.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.smeplug.local.aws.ApiEvent;
import com.smeplug.platform.tenant.Tenant;
import com.smeplug.platform.tenant.TenantStore;
import com.smeplug.testing.HttpResult;
import com.smeplug.testing.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Cancel at the period's end, resume, and the portal, in sample mode, through the Lambda entry point. */
class SubscriptionLifecycleIT {

    static TestStack stack;

    @BeforeAll
    static void start() {
        stack = TestStack.start("billing-lifecycle-it");
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void a_cancelled_subscription_keeps_answering_until_its_period_ends_then_chat_is_402() {
        String tenant = subscriber("lifecycle_co", Instant.now().minus(Duration.ofDays(10)));

        HttpResult cancelled = post("cancelSubscription", "/billing/cancel", tenant, "");

        assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);
        var body = cancelled.json();
        assertThat(body.path("cancel_at_period_end").asBoolean()).isTrue();
        Instant endsAt = Instant.parse(body.path("ends_at").asString());
        Subscription stored = store().current(tenant).orElseThrow();
        assertThat(endsAt).isEqualTo(BillingPeriods.current(stored.startedAt(), Instant.now()).end());
        assertThat(body.path("mock_mode").asBoolean()).isTrue();
        assertThat(plan(tenant).path("cancel_at_period_end").asBoolean()).isTrue();
        assertThat(chat(tenant).status()).isEqualTo(200);

        // the period's end comes (the stored end moved to the past stands in for the wait)
        store().put(new Subscription(tenant, stored.plan(), stored.plugIds(), stored.status(), stored.startedAt(), null,
                null, true, stored.eventTime(), stored.currentPeriodStart(), Instant.now().minusSeconds(1), true, null));

        HttpResult ended = chat(tenant);
        assertThat(ended.status()).isEqualTo(402);
        assertThat(ended.errorCode()).isEqualTo("subscription_ended");
        var invoices = stack.invoke("invoices", ApiEvent.get("/billing/invoices").bearer(stack.token(tenant))).json();
        assertThat(invoices.path("invoices").findValuesAsString("status")).doesNotContain("draft");
    }

    @Test
    void chat_is_402_payment_required_with_the_portal_once_a_failed_payment_outlasts_the_grace() {
        String tenant = subscriber("unpaid_co", Instant.now().minus(Duration.ofDays(40)));
        Subscription s = store().current(tenant).orElseThrow();
        store().put(new Subscription(tenant, s.plan(), s.plugIds(), "past_due", s.startedAt(), null, null, true,
                s.eventTime(), null, null, false, Instant.now().minus(Duration.ofDays(6))));
        assertThat(chat(tenant).status()).isEqualTo(200);

        store().put(new Subscription(tenant, s.plan(), s.plugIds(), "past_due", s.startedAt(), null, null, true,
                s.eventTime(), null, null, false, Instant.now().minus(Duration.ofDays(8))));
        HttpResult unpaid = chat(tenant);

        assertThat(unpaid.status()).isEqualTo(402);
        assertThat(unpaid.errorCode()).isEqualTo("payment_required");
        assertThat(unpaid.json().path("error").path("portal").asString()).isEqualTo("/billing/portal");
    }

    @Test
    void a_fine_tune_of_a_plug_the_tenant_does_not_subscribe_to_is_403_plug_not_subscribed() {
        // buildco_gamma subscribes to the engineering plug only; the request asks for legal
        String body = StripeTestEvents.resource("hardening/finetune-start.json");

        HttpResult result = stack.invoke("finetuneStart", ApiEvent.post("/finetune", body)
                .bearer(stack.token("buildco_gamma")));

        assertThat(result.status()).as(result.body()).isEqualTo(403);
        assertThat(result.errorCode()).isEqualTo("plug_not_subscribed");
        var jobs = stack.invoke("finetuneJobs", ApiEvent.get("/finetune/jobs").bearer(stack.token("buildco_gamma"))).json();
        assertThat(jobs.path("jobs")).isEmpty();
    }

    @Test
    void a_plan_set_to_cancel_shows_no_next_billing_date_but_when_it_ends_and_resuming_brings_the_date_back() {
        String tenant = subscriber("ending_co", Instant.now().minus(Duration.ofDays(3)));
        String nextBilling = plan(tenant).path("next_billing_date").asString();

        String endsAt = post("cancelSubscription", "/billing/cancel", tenant, "").json().path("ends_at").asString();
        var ending = plan(tenant);

        assertThat(nextBilling).isNotBlank();
        assertThat(ending.path("next_billing_date").isNull()).as("nothing more is billed").isTrue();
        assertThat(ending.path("ends_at").asString()).isEqualTo(endsAt).isEqualTo(nextBilling);
        post("resumeSubscription", "/billing/resume", tenant, "");
        var resumed = plan(tenant);
        assertThat(resumed.path("next_billing_date").asString()).isEqualTo(nextBilling);
        assertThat(resumed.path("ends_at").isNull()).isTrue();
    }

    @Test
    void once_a_cancelled_subscription_has_ended_the_plan_says_so_and_subscribing_again_starts_a_new_one() {
        String tenant = subscriber("again_co", Instant.now().minus(Duration.ofDays(10)));
        post("cancelSubscription", "/billing/cancel", tenant, "");
        Subscription stored = store().current(tenant).orElseThrow();
        Instant end = Instant.now().minusSeconds(60).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        store().put(new Subscription(tenant, stored.plan(), stored.plugIds(), stored.status(), stored.startedAt(), null,
                null, true, stored.eventTime(), stored.currentPeriodStart(), end, true, null));
        assertThat(chat(tenant).errorCode()).isEqualTo("subscription_ended");

        var over = plan(tenant);
        assertThat(over.path("status").asString()).isEqualTo("canceled");
        assertThat(over.path("mrr").decimalValue()).isEqualByComparingTo("0");
        assertThat(over.path("ends_at").asString()).as("the end it was cancelled for").isEqualTo(end.toString());
        assertThat(over.path("next_billing_date").isNull()).isTrue();

        HttpResult again = post("subscribe", "/billing/subscribe", tenant, """
                {"plan": "starter", "plug_ids": ["legal"],
                 "success_url": "https://console.example.com/ok", "cancel_url": "https://console.example.com/no"}""");

        assertThat(again.status()).as(again.body()).isEqualTo(200);
        assertThat(again.json().path("change").isNull()).as("a new subscription, not a change of the ended one").isTrue();
        assertThat(again.json().path("status").asString()).isEqualTo("active");
        assertThat(chat(tenant).status()).isEqualTo(200);
        var renewed = plan(tenant);
        assertThat(renewed.path("plan").asString()).isEqualTo("starter");
        assertThat(renewed.path("cancel_at_period_end").asBoolean()).isFalse();
        assertThat(renewed.path("next_billing_date").asString()).isNotBlank();
    }

    @Test
    void resuming_before_the_end_keeps_the_subscription_going() {
        String tenant = subscriber("resume_co", Instant.now().minus(Duration.ofDays(3)));
        post("cancelSubscription", "/billing/cancel", tenant, "");

        HttpResult resumed = post("resumeSubscription", "/billing/resume", tenant, "");

        assertThat(resumed.status()).as(resumed.body()).isEqualTo(200);
        assertThat(resumed.json().path("cancel_at_period_end").asBoolean()).isFalse();
        assertThat(resumed.json().path("ends_at").isNull()).isTrue();
        assertThat(plan(tenant).path("cancel_at_period_end").asBoolean()).isFalse();
        assertThat(store().current(tenant).orElseThrow().cancelAtPeriodEnd()).isFalse();
    }

    @Test
    void a_plan_change_keeps_a_pending_cancellation_as_stripes_subscription_update_does() {
        String tenant = subscriber("change_after_cancel_co", Instant.now().minus(Duration.ofDays(5)));
        assertThat(post("cancelSubscription", "/billing/cancel", tenant, "").json().path("cancel_at_period_end").asBoolean())
                .isTrue();

        HttpResult changed = post("subscribe", "/billing/subscribe", tenant, """
                {"plan": "professional", "plug_ids": ["legal", "healthcare"],
                 "success_url": "https://example.com/ok", "cancel_url": "https://example.com/no"}""");

        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(changed.json().path("change").path("status").asString()).isEqualTo("changed");
        assertThat(changed.json().path("cancel_at_period_end").asBoolean()).isTrue();
        var plan = plan(tenant);
        assertThat(plan.path("plug_count").asInt()).isEqualTo(2);
        assertThat(plan.path("cancel_at_period_end").asBoolean()).as("still ends with its period").isTrue();
        assertThat(store().current(tenant).orElseThrow().cancelAtPeriodEnd()).isTrue();
    }

    @Test
    void cancelling_without_a_running_subscription_is_409() {
        new TenantStore(stack.table(), Clock.systemUTC()).put(new Tenant("nosub_co", "nosub_co", false, Map.of()));

        HttpResult result = post("cancelSubscription", "/billing/cancel", "nosub_co", "");

        assertThat(result.status()).isEqualTo(409);
        assertThat(result.errorCode()).isEqualTo("no_active_subscription");
        assertThat(chat("nosub_co").status()).isEqualTo(402);
        assertThat(chat("nosub_co").errorCode()).isEqualTo("no_subscription");
    }

    @Test
    void the_sample_portal_is_the_consoles_billing_page_flagged_as_sample() {
        HttpResult toConsole = post("billingPortal", "/billing/portal", "lawfirm_alpha", "");
        HttpResult back = post("billingPortal", "/billing/portal", "lawfirm_alpha",
                "{\"return_url\": \"https://console.example.com/#/billing\"}");
        HttpResult invalid = post("billingPortal", "/billing/portal", "lawfirm_alpha", "{\"return_url\": \"javascript:x\"}");

        assertThat(toConsole.status()).as(toConsole.body()).isEqualTo(200);
        assertThat(toConsole.json().path("url").asString()).isEqualTo("/#/billing");
        assertThat(toConsole.json().path("mock_mode").asBoolean()).isTrue();
        assertThat(toConsole.json().path("source").asString()).isEqualTo("sample");
        assertThat(back.json().path("url").asString()).isEqualTo("https://console.example.com/#/billing");
        assertThat(invalid.status()).isEqualTo(400);
    }

    private static String subscriber(String tenant, Instant startedAt) {
        new TenantStore(stack.table(), Clock.systemUTC()).put(new Tenant(tenant, tenant, false, Map.of()));
        Instant started = startedAt.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        store().put(new Subscription(tenant, "professional", List.of("legal"), "active", started, null, null, true,
                started.getEpochSecond()));
        return tenant;
    }

    private static SubscriptionStore store() {
        return new SubscriptionStore(stack.table());
    }

    private static HttpResult post(String function, String path, String tenant, String body) {
        return stack.invoke(function, ApiEvent.post(path, body).bearer(stack.token(tenant)));
    }

    private static HttpResult chat(String tenant) {
        return stack.invoke("chat", ApiEvent.post("/chat", "{\"message\": \"What does GDPR require for a data breach?\"}")
                .bearer(stack.token(tenant)));
    }

    private static tools.jackson.databind.JsonNode plan(String tenant) {
        return stack.invoke("billingPlan", ApiEvent.get("/billing/plan").bearer(stack.token(tenant))).json();
    }
}
