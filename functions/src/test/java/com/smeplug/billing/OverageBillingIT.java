package com.smeplug.billing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.smeplug.platform.config.Settings;
import com.smeplug.platform.http.ApiException;
import com.smeplug.platform.tenant.Tenant;
import com.smeplug.platform.tenant.TenantStore;
import com.smeplug.testing.TestStack;
import com.smeplug.usage.UsageKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.core.env.StandardEnvironment;

/**
 * Acceptance 4: usage is billed. Past the quota of an overage plan each answer is one Stripe meter event (our usage
 * event id as its identifier; a fake Stripe over HTTP), the sample ledger's invoice carries the same usage line, and
 * cost_accrued is that amount; a hard-quota plan refuses instead and accrues nothing.
 */
class OverageBillingIT {

    static final int QUOTA = 3;

    static WireMockServer stripe;
    static TestStack stack;
    static UsageKit kit;

    @BeforeAll
    static void start() throws IOException {
        stripe = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        stripe.start();
        try (InputStream fixture = OverageBillingIT.class.getClassLoader()
                .getResourceAsStream("billing/stripe/meter_event.json")) {
            stripe.stubFor(post(urlPathEqualTo("/v1/billing/meter_events")).willReturn(aResponse().withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(new String(fixture.readAllBytes(), StandardCharsets.UTF_8))));
        }
        stack = TestStack.start("usage-overage-it", Map.of(
                "PLAN_PROFESSIONAL_QUERY_QUOTA", String.valueOf(QUOTA),
                "PLAN_STARTER_QUERY_QUOTA", String.valueOf(QUOTA),
                // a price per question that needs no rounding, so N x price is exact to compare
                "COST_PER_QUERY", "0.25",
                "STRIPE_SECRET_KEY", "sk_test_overage_it",
                "STRIPE_API_BASE", stripe.baseUrl(),
                "STRIPE_MAX_NETWORK_RETRIES", "0"));
        Settings settings = new Settings(new StandardEnvironment());
        kit = new UsageKit(stack, StripeMeterEvents.fromSettings(settings, new SubscriptionStore(stack.table())));
    }

    @AfterAll
    static void stop() {
        stack.close();
        stripe.stop();
    }

    @Test
    void n_answers_past_the_quota_are_n_meter_events_and_the_invoice_usage_line_equals_cost_accrued() {
        String tenant = subscriber("overage_co", "professional", "cus_OverageCustomer1");
        int past = 4;

        for (int i = 1; i <= QUOTA + past; i++) {
            kit.answer(tenant, "ask-" + i, "legal");
        }
        // the same request again (a client retry): counted once, reported once
        kit.answer(tenant, "ask-" + (QUOTA + past), "legal");

        List<LoggedRequest> events = stripe.findAll(postRequestedFor(urlPathEqualTo("/v1/billing/meter_events")));
        assertThat(events).hasSize(past);
        assertThat(events).allSatisfy(event -> {
            assertThat(event.formParameters().get("event_name").firstValue()).isEqualTo("sme_plug_overage_queries");
            assertThat(event.formParameters().get("payload[stripe_customer_id]").firstValue()).isEqualTo("cus_OverageCustomer1");
            assertThat(event.formParameters().get("payload[value]").firstValue()).isEqualTo("1");
        });
        assertThat(events.stream().map(e -> e.formParameters().get("identifier").firstValue()).distinct())
                .hasSize(past).allSatisfy(id -> assertThat(id).startsWith("usage_").hasSizeLessThanOrEqualTo(100));
        assertThat(events).extracting(e -> e.formParameters().get("identifier").firstValue())
                .contains(kit.usageEventId(tenant, "ask-" + (QUOTA + 1)))
                .doesNotContain(kit.usageEventId(tenant, "ask-" + QUOTA));

        var usage = kit.usage(tenant).json();
        assertThat(usage.path("queries_this_month").asLong()).isEqualTo(QUOTA + past);
        assertThat(usage.path("cost_accrued").decimalValue()).isEqualByComparingTo("1.00");

        Invoice draft = ledger().invoices(tenant).get(0);
        Invoice.Line usageLine = draft.lines().get(draft.lines().size() - 1);
        assertThat(usageLine.description()).startsWith(past + " × question past the quota");
        assertThat(usageLine.amount()).isEqualByComparingTo("1.00");
        assertThat(draft.amount()).isEqualByComparingTo("100.00"); // $99 for one plug + $1.00 of usage
    }

    @Test
    void a_hard_quota_plan_refuses_past_its_quota_and_accrues_nothing() {
        String tenant = subscriber("starter_co", "starter", "cus_StarterCustomer1");
        for (int i = 1; i <= QUOTA; i++) {
            kit.answer(tenant, "ask-" + i, "legal");
        }

        assertThatThrownBy(() -> kit.answer(tenant, "ask-past", "legal"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo("quota_exceeded"));

        assertThat(kit.usage(tenant).json().path("cost_accrued").decimalValue()).isEqualByComparingTo("0");
        assertThat(stripe.findAll(postRequestedFor(urlPathEqualTo("/v1/billing/meter_events")))
                .stream().filter(e -> e.getBodyAsString().contains("cus_StarterCustomer1"))).isEmpty();
    }

    private static String subscriber(String tenant, String plan, String customer) {
        new TenantStore(stack.table(), Clock.systemUTC()).put(new Tenant(tenant, tenant, false, Map.of()));
        Instant started = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
        new SubscriptionStore(stack.table()).put(new Subscription(tenant, plan, List.of("legal"), "active", started,
                customer, null, true, started.getEpochSecond()));
        return tenant;
    }

    /** The sample ledger as BillingConfiguration wires it, reading overage through usage's port. */
    private static SampleLedger ledger() {
        var table = stack.table();
        var subscriptions = new SubscriptionStore(table);
        var events = new SubscriptionEvents(table, subscriptions, new PendingCheckouts(table), new StripeCustomers(table),
                new TenantStore(table, Clock.systemUTC()), Clock.systemUTC());
        return new SampleLedger(table, new Plans(new Settings(new StandardEnvironment())), subscriptions, events,
                new PendingCheckouts(table), Clock.systemUTC(), kit.overageUsage());
    }
}
