package com.smeplug.billing;

import static com.smeplug.billing.StripeTestEvents.event;
import static com.smeplug.billing.StripeTestEvents.signature;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.smeplug.platform.http.ApiException;
import com.smeplug.platform.tenant.Tenant;
import com.smeplug.platform.tenant.TenantStore;
import com.smeplug.testing.MutableClock;
import com.smeplug.testing.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Acceptance 5: dunning on a clock the test moves. Signed Stripe events go through the webhook's verifier and
 * {@link SubscriptionEvents}; what chat may do is asked of {@link Entitlements}, as chat asks it (the 402s on the
 * wire: SubscriptionLifecycleIT).
 */
class DunningTimelineIT {

    static final String SECRET = "whsec_dunning_timeline";
    static final Instant T0 = Instant.parse("2026-11-02T09:00:00Z");

    static TestStack stack;
    static final MutableClock clock = new MutableClock(T0);
    static StripeEvents webhook;
    static Entitlements entitlements;

    @BeforeAll
    static void start() {
        stack = TestStack.start("billing-dunning-it");
        var subscriptions = new SubscriptionStore(stack.table());
        var events = new SubscriptionEvents(stack.table(), subscriptions, new PendingCheckouts(stack.table()),
                new StripeCustomers(stack.table()), new TenantStore(stack.table(), clock), clock);
        webhook = new StripeEvents(SECRET, 300, clock, events, StripeEvents.StripeObjects.NONE,
                Map.of("price_professional_test", "professional"));
        entitlements = new Entitlements(subscriptions, clock, Duration.ofDays(7));
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void payment_failed_then_grace_then_402_then_paid_then_answering_again() {
        String tenant = subscribed("dunning_co", "cus_dunning", "sub_dunning");

        at(T0.plus(Duration.ofDays(1)));
        assertThat(deliver("invoice_payment_failed", "evt_dun_failed", tenant, "cus_dunning", "sub_dunning"))
                .isEqualTo(SubscriptionEvents.Status.APPLIED);
        assertThat(entitlements.require(tenant).status()).isEqualTo("past_due");

        // Stripe retries the charge and fails again on day 4: the grace still runs from the first failure
        at(T0.plus(Duration.ofDays(4)));
        deliver("invoice_payment_failed", "evt_dun_failed_again", tenant, "cus_dunning", "sub_dunning");
        at(T0.plus(Duration.ofDays(8)).minusSeconds(1));
        assertThat(entitlements.require(tenant).plugIds()).containsExactly("legal");

        at(T0.plus(Duration.ofDays(8)));
        assertThatThrownBy(() -> entitlements.require(tenant)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(402);
            assertThat(e.code()).isEqualTo("payment_required");
            assertThat(e.details()).containsEntry("portal", "/billing/portal")
                    .containsEntry("past_due_since", T0.plus(Duration.ofDays(1)).toString());
        });

        at(T0.plus(Duration.ofDays(9)));
        assertThat(deliver("invoice_paid", "evt_dun_paid", tenant, "cus_dunning", "sub_dunning"))
                .isEqualTo(SubscriptionEvents.Status.APPLIED);
        assertThat(entitlements.require(tenant).status()).isEqualTo("active");

        // a failure from before the payment, delivered late, changes nothing
        at(T0.plus(Duration.ofDays(10)));
        String late = event("invoice_payment_failed", "evt_dun_late", T0.plus(Duration.ofDays(2)).getEpochSecond(),
                tenant, "cus_dunning", "sub_dunning");
        assertThat(webhook.receive(late, signature(late, SECRET, clock.instant().getEpochSecond())).outcome().status())
                .isEqualTo(SubscriptionEvents.Status.STALE);
        assertThat(entitlements.require(tenant).status()).isEqualTo("active");
    }

    @Test
    void a_payment_delivered_before_the_failure_it_followed_leaves_the_tenant_in_good_standing() {
        String tenant = subscribed("reordered_co", "cus_reordered", "sub_reordered");
        long failedAt = T0.plus(Duration.ofHours(30)).getEpochSecond();
        long paidAt = T0.plus(Duration.ofHours(40)).getEpochSecond();
        at(T0.plus(Duration.ofDays(2)));

        String paid = event("invoice_paid", "evt_re_paid", paidAt, tenant, "cus_reordered", "sub_reordered");
        String failed = event("invoice_payment_failed", "evt_re_failed", failedAt, tenant, "cus_reordered", "sub_reordered");
        webhook.receive(paid, signature(paid, SECRET, clock.instant().getEpochSecond()));
        var outcome = webhook.receive(failed, signature(failed, SECRET, clock.instant().getEpochSecond())).outcome();

        assertThat(outcome.status()).isEqualTo(SubscriptionEvents.Status.STALE);
        at(T0.plus(Duration.ofDays(30)));
        assertThat(entitlements.require(tenant).status()).isEqualTo("active");
    }

    /** A tenant whose checkout completed at T0 (through the webhook, as in real mode). */
    private static String subscribed(String tenant, String customer, String subscription) {
        at(T0);
        new TenantStore(stack.table(), clock).put(new Tenant(tenant, tenant, false, Map.of()));
        new PendingCheckouts(stack.table()).pending(tenant, new PendingCheckouts.Checkout("cs_test_completed01",
                "professional", List.of("legal"), PendingCheckouts.PENDING, "https://checkout.stripe.com/x", false), T0);
        String checkout = event("checkout_session_completed", "evt_checkout_" + tenant, T0.getEpochSecond(), tenant,
                customer, subscription).replace("\"plug_ids\": \"legal,healthcare\"", "\"plug_ids\": \"legal\"");
        assertThat(webhook.receive(checkout, signature(checkout, SECRET, T0.getEpochSecond())).outcome().status())
                .isEqualTo(SubscriptionEvents.Status.APPLIED);
        return tenant;
    }

    /** Delivers an event created now, signed now. */
    private static SubscriptionEvents.Status deliver(String fixture, String eventId, String tenant, String customer,
            String subscription) {
        long now = clock.instant().getEpochSecond();
        String payload = event(fixture, eventId, now, tenant, customer, subscription);
        return webhook.receive(payload, signature(payload, SECRET, now)).outcome().status();
    }

    private static void at(Instant instant) {
        clock.set(instant);
    }
}
