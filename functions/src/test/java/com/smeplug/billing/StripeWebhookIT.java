package com.smeplug.billing;

import static com.smeplug.billing.StripeTestEvents.delivery;
import static com.smeplug.billing.StripeTestEvents.event;
import static com.smeplug.billing.StripeTestEvents.signature;
import static com.smeplug.billing.StripeTestEvents.signedNow;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.smeplug.local.aws.ApiEvent;
import com.smeplug.platform.aws.Items;
import com.smeplug.platform.tenant.Tenant;
import com.smeplug.platform.tenant.TenantStore;
import com.smeplug.testing.HttpResult;
import com.smeplug.testing.RealStripeMode;
import com.smeplug.testing.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;

/** Acceptance 2: Stripe's webhook with signatures made here, in real mode. */
class StripeWebhookIT {

    static final String SECRET = "whsec_test_webhook_it_0123456789";
    static final long T0 = Instant.now().getEpochSecond() - 10_000;

    static TestStack stack;
    static RealStripeMode.Stack real;
    static WireMockServer stripe;

    @BeforeAll
    static void start() {
        real = RealStripeMode.start("billing-webhook-it", "sk_test_webhook_it",
                Map.of("STRIPE_WEBHOOK_SECRET", SECRET));
        stripe = real.stripe();
        stack = real.stack();
        // Stripe, for the subscription a completed checkout names: any id, in subscription.json's shape
        stripe.stubFor(get(urlPathMatching("/v1/subscriptions/[^/]+")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withTransformers("response-template")
                .withBody(StripeTestEvents.resource("billing/stripe/subscription_by_id.json"))));
        stripe.stubFor(delete(urlPathMatching("/v1/subscriptions/[^/]+")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withTransformers("response-template")
                .withBody(StripeTestEvents.resource("billing/stripe/subscription_by_id.json")
                        .replace("\"status\": \"active\"", "\"status\": \"canceled\""))));
    }

    @AfterAll
    static void stop() {
        real.close();
    }

    @Test
    void a_validly_signed_completed_checkout_activates_the_subscription() {
        String tenant = newTenant("wh_valid");
        String payload = event("checkout_session_completed", "evt_valid_1", T0, tenant, "cus_valid", "sub_valid");

        HttpResult result = stack.invoke("stripeWebhook", signedNow(payload, SECRET));

        assertThat(result.status()).isEqualTo(200);
        assertThat(result.json().path("outcome").asString()).isEqualTo("applied");
        var plan = stack.invoke("billingPlan", ApiEvent.get("/billing/plan").bearer(stack.token(tenant))).json();
        assertThat(plan.path("plan").asString()).isEqualTo("professional");
        assertThat(plan.path("status").asString()).isEqualTo("active");
        assertThat(plan.path("plug_ids").toString()).isEqualTo("[\"legal\",\"healthcare\"]");
        assertThat(plan.path("plug_count").asInt()).isEqualTo(2);
        assertThat(plan.path("mrr").decimalValue()).isEqualByComparingTo("198.00");
        assertThat(plan.path("stripe_customer_id").asString()).isEqualTo("cus_valid");
        assertThat(plan.path("stripe_sub_id").asString()).isEqualTo("sub_valid");
        assertThat(plan.path("mock_mode").asBoolean()).isFalse();
        assertThat(plan.path("source").asString()).isEqualTo("stripe");
    }

    @Test
    void a_tampered_body_is_refused_and_changes_nothing() {
        String tenant = newTenant("wh_tampered");
        String payload = event("checkout_session_completed", "evt_tampered_1", T0, tenant, "cus_tampered", "sub_tampered");
        String header = signature(payload, SECRET, Instant.now().getEpochSecond());
        String tampered = payload.replace("\"plan\": \"professional\"", "\"plan\": \"enterprise\"");
        assertThat(tampered).isNotEqualTo(payload);

        HttpResult result = stack.invoke("stripeWebhook", delivery(tampered, header));

        assertRefusedWithoutChange(result, tenant, "evt_tampered_1");
    }

    @Test
    void a_signature_made_with_another_secret_is_refused_and_changes_nothing() {
        String tenant = newTenant("wh_wrong_secret");
        String payload = event("checkout_session_completed", "evt_wrong_secret_1", T0, tenant, "cus_ws", "sub_ws");

        HttpResult result = stack.invoke("stripeWebhook", signedNow(payload, "whsec_someone_elses_secret"));

        assertRefusedWithoutChange(result, tenant, "evt_wrong_secret_1");
    }

    @Test
    void a_signature_older_than_the_tolerance_is_refused_and_changes_nothing() {
        String tenant = newTenant("wh_expired");
        String payload = event("checkout_session_completed", "evt_expired_1", T0, tenant, "cus_exp", "sub_exp");
        long sixMinutesAgo = Instant.now().getEpochSecond() - 360;

        HttpResult result = stack.invoke("stripeWebhook", delivery(payload, signature(payload, SECRET, sixMinutesAgo)));

        assertRefusedWithoutChange(result, tenant, "evt_expired_1");
    }

    @Test
    void a_delivery_without_a_signature_header_is_refused() {
        String tenant = newTenant("wh_unsigned");
        String payload = event("checkout_session_completed", "evt_unsigned_1", T0, tenant, "cus_uns", "sub_uns");

        HttpResult result = stack.invoke("stripeWebhook", delivery(payload, null));

        assertRefusedWithoutChange(result, tenant, "evt_unsigned_1");
    }

    @Test
    void the_same_event_delivered_three_times_is_applied_once() {
        String tenant = newTenant("wh_thrice");
        deliver(event("checkout_session_completed", "evt_thrice_checkout", T0, tenant, "cus_thrice", "sub_thrice"));
        // Two updates of the same second: the second one (one plug) is the newer state. Were the first one applied
        // again on redelivery, the subscription would go back to two plugs.
        String twoPlugs = event("customer_subscription_updated", "evt_thrice_update", T0 + 60, tenant, "cus_thrice",
                "sub_thrice");
        String onePlug = event("customer_subscription_updated", "evt_thrice_later", T0 + 60, tenant, "cus_thrice",
                "sub_thrice").replace("\"plug_ids\": \"legal,healthcare\"", "\"plug_ids\": \"legal\"");

        String first = deliver(twoPlugs);
        deliver(onePlug);
        String second = deliver(twoPlugs);
        String third = deliver(twoPlugs);

        assertThat(first).isEqualTo("applied");
        assertThat(second).isEqualTo("duplicate");
        assertThat(third).isEqualTo("duplicate");
        assertThat(subscription(tenant).orElseThrow().plugIds()).containsExactly("legal");
    }

    @Test
    void an_update_arriving_after_the_deletion_does_not_resurrect_the_subscription() {
        String tenant = newTenant("wh_deleted");
        deliver(event("checkout_session_completed", "evt_del_checkout", T0, tenant, "cus_del", "sub_del"));

        assertThat(deliver(event("customer_subscription_deleted", "evt_del_deleted", T0 + 120, tenant, "cus_del",
                "sub_del"))).isEqualTo("applied");
        // Stripe does not order deliveries: an update sent before the deletion arrives after it ...
        assertThat(deliver(event("customer_subscription_updated", "evt_del_late_update", T0 + 60, tenant, "cus_del",
                "sub_del"))).isEqualTo("stale");
        // ... and not even an update stamped later brings a deleted subscription back.
        assertThat(deliver(event("customer_subscription_updated", "evt_del_after", T0 + 180, tenant, "cus_del",
                "sub_del"))).isEqualTo("stale");

        assertThat(subscription(tenant).orElseThrow().status()).isEqualTo("canceled");
        var plan = stack.invoke("billingPlan", ApiEvent.get("/billing/plan").bearer(stack.token(tenant))).json();
        assertThat(plan.path("status").asString()).isEqualTo("canceled");
        assertThat(plan.path("mrr").decimalValue()).isEqualByComparingTo("0");
        var plugs = stack.invoke("plugs", ApiEvent.get("/plugs").bearer(stack.token(tenant))).json();
        assertThat(plugs.path("subscribed_plug_ids").toString()).isEqualTo("[]");
    }

    @Test
    void an_older_update_never_overwrites_a_newer_one() {
        String tenant = newTenant("wh_order");
        deliver(event("checkout_session_completed", "evt_order_checkout", T0, tenant, "cus_order", "sub_order"));
        String newer = event("customer_subscription_updated", "evt_order_newer", T0 + 300, tenant, "cus_order", "sub_order")
                .replace("\"plug_ids\": \"legal,healthcare\"", "\"plug_ids\": \"legal\"");
        String older = event("customer_subscription_updated", "evt_order_older", T0 + 200, tenant, "cus_order", "sub_order");

        assertThat(deliver(newer)).isEqualTo("applied");
        assertThat(deliver(older)).isEqualTo("stale");

        Subscription stored = subscription(tenant).orElseThrow();
        assertThat(stored.plugIds()).containsExactly("legal");
        assertThat(stored.eventTime()).isEqualTo(T0 + 300);
        assertThat(stored.currentPeriodEnd()).isEqualTo(Instant.ofEpochSecond(1770285600L));
    }

    @Test
    void invoice_events_find_the_tenant_by_its_stripe_customer_and_move_the_status() {
        String tenant = newTenant("wh_invoice");
        deliver(event("checkout_session_completed", "evt_inv_checkout", T0, tenant, "cus_inv", "sub_inv"));

        // the invoice events name no tenant: only the customer mapping learned at checkout leads to it
        assertThat(deliver(event("invoice_payment_failed", "evt_inv_failed", T0 + 100, "nobody", "cus_inv", "sub_inv")))
                .isEqualTo("applied");
        assertThat(subscription(tenant).orElseThrow().status()).isEqualTo("past_due");

        assertThat(deliver(event("invoice_paid", "evt_inv_paid", T0 + 200, "nobody", "cus_inv", "sub_inv")))
                .isEqualTo("applied");
        assertThat(subscription(tenant).orElseThrow().status()).isEqualTo("active");
    }

    @Test
    void an_event_for_an_unknown_customer_and_tenant_is_acknowledged_and_ignored() {
        String result = deliver(event("invoice_payment_failed", "evt_nobody", T0, "nobody", "cus_nobody", "sub_nobody"));

        assertThat(result).isEqualTo("ignored");
    }

    @Test
    void an_unknown_event_type_is_acknowledged_and_ignored() {
        HttpResult result = stack.invoke("stripeWebhook",
                signedNow(event("customer_created", "evt_customer_created", T0, "x", "cus_new", "sub_x"), SECRET));

        assertThat(result.status()).isEqualTo(200);
        assertThat(result.json().path("outcome").asString()).isEqualTo("ignored");
        assertThat(result.json().path("type").asString()).isEqualTo("customer.created");
    }

    @Test
    void the_webhook_needs_no_token_and_echoes_no_request_header() {
        String payload = event("customer_created", "evt_headers", T0, "x", "cus_h", "sub_h");

        HttpResult result = stack.invoke("stripeWebhook", signedNow(payload, SECRET).header("cookie", "session=abc"));

        assertThat(result.status()).isEqualTo(200);
        assertThat(result.header("content-type")).isEqualTo("application/json; charset=utf-8");
        assertThat(result.headers()).doesNotContainKeys("stripe-signature", "cookie", "set-cookie");
    }

    @Test
    void a_checkout_takes_its_state_from_the_stripe_subscription_it_created() {
        String tenant = newTenant("wh_state");

        deliver(event("checkout_session_completed", "evt_state_checkout", T0, tenant, "cus_state", "sub_state"));

        Subscription stored = subscription(tenant).orElseThrow();
        assertThat(stored.stripeSubscriptionId()).isEqualTo("sub_state");
        // subscription_by_id.json: price_professional_test, period 1767607200..1770285600
        assertThat(stored.plan()).isEqualTo("professional");
        assertThat(stored.currentPeriodEnd()).isEqualTo(Instant.ofEpochSecond(1770285600L));
    }

    @Test
    void a_second_checkout_completing_for_a_tenant_with_a_live_subscription_is_cancelled_not_stored() {
        String tenant = newTenant("wh_second");
        deliver(event("checkout_session_completed", "evt_second_first", T0, tenant, "cus_second", "sub_first"));

        String outcome = deliver(event("checkout_session_completed", "evt_second_second", T0 + 30, tenant, "cus_second",
                "sub_second"));

        assertThat(outcome).isEqualTo("ignored");
        assertThat(subscription(tenant).orElseThrow().stripeSubscriptionId()).isEqualTo("sub_first");
        stripe.verify(1, deleteRequestedFor(urlPathEqualTo("/v1/subscriptions/sub_second")));
        stripe.verify(0, deleteRequestedFor(urlPathEqualTo("/v1/subscriptions/sub_first")));
    }

    @Test
    void of_two_checkouts_completing_at_once_for_a_tenant_one_is_stored_and_the_other_cancelled() throws Exception {
        int tenants = 6;
        java.util.List<java.util.concurrent.Callable<String>> deliveries = new java.util.ArrayList<>();
        java.util.concurrent.CountDownLatch gate = new java.util.concurrent.CountDownLatch(1);
        for (int i = 0; i < tenants; i++) {
            String tenant = newTenant("wh_race_" + i);
            for (String sub : new String[] {"sub_race_" + i + "_a", "sub_race_" + i + "_b"}) {
                String payload = event("checkout_session_completed", "evt_" + sub, T0, tenant, "cus_race_" + i, sub);
                deliveries.add(() -> {
                    gate.await();
                    return deliver(payload);
                });
            }
        }
        var pool = java.util.concurrent.Executors.newFixedThreadPool(deliveries.size());
        try {
            var futures = deliveries.stream().map(pool::submit).toList();
            gate.countDown();
            for (var future : futures) {
                future.get(60, java.util.concurrent.TimeUnit.SECONDS);
            }
        }
        finally {
            pool.shutdownNow();
        }

        for (int i = 0; i < tenants; i++) {
            String stored = subscription("wh_race_" + i).orElseThrow().stripeSubscriptionId();
            String other = stored.endsWith("_a") ? stored.replace("_a", "_b") : stored.replace("_b", "_a");
            assertThat(stored).startsWith("sub_race_" + i + "_");
            stripe.verify(1, deleteRequestedFor(urlPathEqualTo("/v1/subscriptions/" + other)));
            stripe.verify(0, deleteRequestedFor(urlPathEqualTo("/v1/subscriptions/" + stored)));
        }
    }

    @Test
    void a_checkout_we_did_not_start_for_that_tenant_moves_nothing() {
        String tenant = "wh_foreign_checkout";
        new TenantStore(stack.table(), Clock.systemUTC()).put(new Tenant(tenant, tenant, false, Map.of()));

        String outcome = deliver(event("checkout_session_completed", "evt_foreign_checkout", T0, tenant, "cus_foreign",
                "sub_foreign"));

        assertThat(outcome).isEqualTo("ignored");
        assertThat(subscription(tenant)).isEmpty();
    }

    @Test
    void the_cross_tenant_probe_unknown_customer_with_another_tenants_id_in_metadata_leaves_that_tenant_untouched() {
        String victim = newTenant("wh_victim");
        deliver(event("checkout_session_completed", "evt_victim_checkout", T0, victim, "cus_victim", "sub_victim"));
        Subscription before = subscription(victim).orElseThrow();

        String canceled = event("customer_subscription_updated", "evt_probe_update", T0 + 600, victim, "cus_attacker",
                "sub_attacker").replace("\"status\": \"active\"", "\"status\": \"canceled\"");
        String deleted = event("customer_subscription_deleted", "evt_probe_deleted", T0 + 601, victim, "cus_attacker",
                "sub_victim");

        assertThat(deliver(canceled)).isEqualTo("ignored");
        assertThat(deliver(deleted)).isEqualTo("ignored");
        assertThat(subscription(victim).orElseThrow()).isEqualTo(before);
    }

    @Test
    void an_event_of_the_tenants_customer_for_another_subscription_moves_nothing() {
        String tenant = newTenant("wh_other_sub");
        deliver(event("checkout_session_completed", "evt_other_checkout", T0, tenant, "cus_other", "sub_ours"));

        assertThat(deliver(event("customer_subscription_deleted", "evt_other_deleted", T0 + 60, tenant, "cus_other",
                "sub_not_ours"))).isEqualTo("ignored");

        assertThat(subscription(tenant).orElseThrow().status()).isEqualTo("active");
    }

    @Test
    void a_signature_from_an_hour_in_the_future_is_refused_and_changes_nothing() {
        String tenant = newTenant("wh_future");
        String payload = event("checkout_session_completed", "evt_future_1", T0, tenant, "cus_future", "sub_future");
        long inAnHour = Instant.now().getEpochSecond() + 3600;

        HttpResult result = stack.invoke("stripeWebhook", delivery(payload, signature(payload, SECRET, inAnHour)));

        assertRefusedWithoutChange(result, tenant, "evt_future_1");
    }

    private static void assertRefusedWithoutChange(HttpResult result, String tenant, String eventId) {
        assertThat(result.status()).isEqualTo(400);
        assertThat(result.errorCode()).isEqualTo("invalid_signature");
        assertThat(subscription(tenant)).isEmpty();
        var marker = stack.table().client().getItem(GetItemRequest.builder().tableName(stack.table().name())
                .key(Items.key("STRIPE_EVENT#" + eventId, "EVENT")).build());
        assertThat(marker.hasItem() && !marker.item().isEmpty()).isFalse();
        var plan = stack.invoke("billingPlan", ApiEvent.get("/billing/plan").bearer(stack.token(tenant))).json();
        assertThat(plan.path("status").asString()).isEqualTo("none");
    }

    /** Delivers a signed event and returns the outcome the webhook reports. */
    private static String deliver(String payload) {
        HttpResult result = stack.invoke("stripeWebhook", signedNow(payload, SECRET));
        assertThat(result.status()).as(result.body()).isEqualTo(200);
        return result.json().path("outcome").asString();
    }

    private static Optional<Subscription> subscription(String tenant) {
        return new SubscriptionStore(stack.table()).current(tenant);
    }

    /** A registered tenant that started the fixture's checkout (cs_test_completed01) with us. */
    private static String newTenant(String id) {
        new TenantStore(stack.table(), Clock.systemUTC()).put(new Tenant(id, id, false, Map.of()));
        new PendingCheckouts(stack.table()).pending(id, new PendingCheckouts.Checkout("cs_test_completed01",
                "professional", java.util.List.of("legal", "healthcare"), PendingCheckouts.PENDING,
                "https://checkout.stripe.com/c/pay/cs_test_completed01", false), Instant.now());
        return id;
    }
}
