package com.smeplug.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.smeplug.platform.config.Settings;
import com.smeplug.platform.tenant.TenantStore;
import com.smeplug.testing.MutableClock;
import com.smeplug.testing.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.StandardEnvironment;

/**
 * The sample ledger prorates a plan change as Stripe's {@code create_prorations} does, to the cent: the ledger is
 * built as BillingConfiguration builds it, over this class's own dynalite, with a clock the test moves.
 */
class SampleProrationIT {

    static TestStack stack;
    static final MutableClock clock = new MutableClock();
    static SubscriptionStore subscriptions;
    static SampleLedger ledger;
    static Plans plans;

    @BeforeAll
    static void start() {
        stack = TestStack.start("billing-proration-it");
        plans = new Plans(new Settings(new StandardEnvironment()));
        subscriptions = new SubscriptionStore(stack.table());
        var tenants = new TenantStore(stack.table(), clock);
        var events = new SubscriptionEvents(stack.table(), subscriptions, new PendingCheckouts(stack.table()),
                new StripeCustomers(stack.table()), tenants, clock);
        ledger = new SampleLedger(stack.table(), plans, subscriptions, events, new PendingCheckouts(stack.table()), clock,
                OverageUsage.NONE);
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void two_changes_in_a_period_credit_the_unused_time_and_charge_the_remaining_time_to_the_cent() {
        String tenant = subscribed("prorate_twice", "professional", List.of("legal", "healthcare"), "2026-11-01T00:00:00Z");

        // 11 Nov: 20 of November's 30 days remain; professional x2 ($198) -> enterprise x3 ($597)
        var first = change(tenant, "2026-11-11T00:00:00Z", "k1", "enterprise", List.of("legal", "healthcare", "engineering"));
        assertThat(first.status()).isEqualTo("changed");
        assertThat(first.fromPlan()).isEqualTo("professional");
        assertThat(amounts(first.preview().lines())).containsExactly("198.00", "-132.00", "398.00");
        assertThat(first.preview().amount()).isEqualByComparingTo("464.00");

        // 21 Nov: 10 days remain; enterprise x3 ($597) -> professional x1 ($99)
        var second = change(tenant, "2026-11-21T00:00:00Z", "k2", "professional", List.of("legal"));
        assertThat(amounts(second.preview().lines())).containsExactly("198.00", "-132.00", "398.00", "-199.00", "33.00");
        // = 10 days of $198 + 10 days of $597 + 10 days of $99
        assertThat(second.preview().amount()).isEqualByComparingTo("298.00");
        assertThat(second.preview().lines().get(3).description()).isEqualTo("Unused time on 3 × enterprise after 21 Nov 2026");
        assertThat(second.preview().lines().get(4).description()).isEqualTo("Remaining time on 1 × professional after 21 Nov 2026");

        // 20 Dec: 12 of December's 31 days remain; professional x1 ($99) -> enterprise x2 ($398), rounded per line
        var third = change(tenant, "2026-12-20T00:00:00Z", "k3", "enterprise", List.of("legal", "healthcare"));
        assertThat(amounts(third.preview().lines())).containsExactly("99.00", "-38.32", "154.06");
        assertThat(third.preview().amount()).isEqualByComparingTo("214.74");

        clock.set(Instant.parse("2027-01-05T00:00:00Z"));
        var invoices = ledger.invoices(tenant);
        assertThat(invoices).extracting(Invoice::status).containsExactly("draft", "paid", "paid");
        assertThat(invoices).extracting(i -> i.amount().toPlainString()).containsExactly("398.00", "214.74", "298.00");
        assertThat(invoices.get(2).lines()).hasSize(5);
        assertThat(invoices.get(0).lines()).extracting(Invoice.Line::proration).containsExactly(false);
    }

    @Test
    void resubscribing_to_the_same_plan_and_plugs_is_a_no_op() {
        String tenant = subscribed("prorate_same", "starter", List.of("legal"), "2026-11-01T00:00:00Z");

        var again = change(tenant, "2026-11-15T00:00:00Z", "same", "starter", List.of("legal"));

        assertThat(again.status()).isEqualTo("unchanged");
        assertThat(amounts(again.preview().lines())).containsExactly("49.00");
        clock.set(Instant.parse("2026-12-02T00:00:00Z"));
        assertThat(ledger.invoices(tenant)).extracting(i -> i.amount().toPlainString()).containsExactly("49.00", "49.00");
    }

    @Test
    void a_retried_change_records_its_proration_once() {
        String tenant = subscribed("prorate_retry", "professional", List.of("legal"), "2026-11-01T00:00:00Z");
        Subscription before = subscriptions.current(tenant).orElseThrow();
        var request = new PaymentProvider.ChangeRequest(tenant, "client:retry", before, plans.find("enterprise").orElseThrow(),
                List.of("legal"));

        clock.set(Instant.parse("2026-11-16T00:00:00Z"));
        ledger.change(request);
        clock.set(Instant.parse("2026-11-16T00:00:07Z"));
        var retried = ledger.change(request);

        // 15 of 30 days: -49.50 + 99.50, once
        assertThat(amounts(retried.preview().lines())).containsExactly("99.00", "-49.50", "99.50");
    }

    private static PaymentProvider.PlanChange change(String tenant, String at, String key, String plan, List<String> plugs) {
        clock.set(Instant.parse(at));
        Subscription current = subscriptions.current(tenant).orElseThrow();
        return ledger.change(new PaymentProvider.ChangeRequest(tenant, "client:" + key, current,
                plans.find(plan).orElseThrow(), plugs));
    }

    private static String subscribed(String tenant, String plan, List<String> plugs, String startedAt) {
        Instant started = Instant.parse(startedAt);
        subscriptions.put(new Subscription(tenant, plan, plugs, "active", started, null, null, true, started.getEpochSecond()));
        return tenant;
    }

    private static List<String> amounts(List<Invoice.Line> lines) {
        return lines.stream().map(Invoice.Line::amount).map(BigDecimal::toPlainString).toList();
    }
}
