package com.smeplug.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.smeplug.local.aws.ApiEvent;
import com.smeplug.platform.aws.Items;
import com.smeplug.platform.tenant.Tenant;
import com.smeplug.platform.tenant.TenantStore;
import com.smeplug.testing.HttpResult;
import com.smeplug.testing.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import tools.jackson.databind.JsonNode;

/** Acceptance 3 and 4: sample billing (the local ledger) end to end through the Lambda entry point. */
class SampleBillingIT {

    static TestStack stack;

    @BeforeAll
    static void start() {
        stack = TestStack.start("billing-sample-it");
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void changing_the_plan_changes_the_running_subscription_in_place_and_prorates_its_period() {
        // lawfirm_alpha: sample subscription to professional with one plug since three months ago
        JsonNode before = invoices("lawfirm_alpha");
        assertThat(statuses(before)).containsExactly("draft", "paid", "paid", "paid");
        assertThat(amounts(before)).allSatisfy(amount -> assertThat(amount).isEqualByComparingTo("99.00"));
        Instant started = new SubscriptionStore(stack.table()).current("lawfirm_alpha").orElseThrow().startedAt();

        HttpResult subscribed = stack.invoke("subscribe", ApiEvent.post("/billing/subscribe", """
                {"plan": "enterprise", "plug_ids": ["legal", "healthcare", "engineering"],
                 "success_url": "https://console.example.com/billing/done?session=1",
                 "cancel_url": "https://console.example.com/billing"}""").bearer(stack.token("lawfirm_alpha")));

        assertThat(subscribed.status()).as(subscribed.body()).isEqualTo(200);
        var response = subscribed.json();
        assertThat(response.path("success").asBoolean()).isTrue();
        assertThat(response.path("checkout_url").isNull()).isTrue();
        assertThat(response.path("change").path("status").asString()).isEqualTo("changed");
        assertThat(response.path("change").path("from_plan").asString()).isEqualTo("professional");
        assertThat(response.path("plan").asString()).isEqualTo("enterprise");
        assertThat(response.path("mrr").decimalValue()).isEqualByComparingTo("597.00");
        assertThat(response.path("mock_mode").asBoolean()).isTrue();
        assertThat(response.path("source").asString()).isEqualTo("sample");
        assertThat(response.path("status").asString()).isEqualTo("active");

        var plan = stack.invoke("billingPlan", ApiEvent.get("/billing/plan").bearer(stack.token("lawfirm_alpha"))).json();
        assertThat(plan.path("plan").asString()).isEqualTo("enterprise");
        assertThat(plan.path("status").asString()).isEqualTo("active");
        assertThat(plan.path("plug_ids").toString()).isEqualTo("[\"legal\",\"healthcare\",\"engineering\"]");
        assertThat(plan.path("plug_count").asInt()).isEqualTo(3);
        assertThat(plan.path("price_per_plug").decimalValue()).isEqualByComparingTo("199.00");
        assertThat(plan.path("mrr").decimalValue()).isEqualByComparingTo("597.00");
        assertThat(plan.path("mock_mode").asBoolean()).isTrue();
        assertThat(plan.path("stripe_customer_id").isNull()).isTrue();
        assertThat(plan.path("stripe_sub_id").isNull()).isTrue();
        // the same subscription: its start (and so its billing periods) did not move
        assertThat(Instant.parse(plan.path("started_at").asString())).isEqualTo(started);

        var plugs = stack.invoke("plugs", ApiEvent.get("/plugs").bearer(stack.token("lawfirm_alpha"))).json();
        assertThat(plugs.path("subscribed_plug_ids").toString()).isEqualTo("[\"legal\",\"healthcare\",\"engineering\"]");
        assertThat(plugs.path("plan").asString()).isEqualTo("enterprise");

        // the three ended professional periods stay as charged; the running one is billed at its base, a credit
        // for professional's unused time and a charge for enterprise's remaining time (SampleProrationIT: the cents)
        JsonNode after = invoices("lawfirm_alpha");
        assertThat(statuses(after)).containsExactly("draft", "paid", "paid", "paid");
        JsonNode draft = after.get(0);
        assertThat(draft.path("plan").asString()).isEqualTo("enterprise");
        assertThat(draft.path("lines")).hasSize(3);
        assertThat(draft.path("lines").get(0).path("amount").decimalValue()).isEqualByComparingTo("99.00");
        assertThat(draft.path("lines").get(1).path("amount").decimalValue()).isNegative();
        assertThat(draft.path("lines").get(2).path("amount").decimalValue()).isPositive();
        BigDecimal sum = BigDecimal.ZERO;
        for (JsonNode line : draft.path("lines")) {
            sum = sum.add(line.path("amount").decimalValue());
        }
        assertThat(draft.path("amount").decimalValue()).isEqualByComparingTo(sum);
        assertThat(response.path("preview").path("amount").decimalValue()).isEqualByComparingTo(sum);
        assertThat(after).allSatisfy(invoice -> {
            assertThat(invoice.path("currency").asString()).isEqualTo("usd");
            assertThat(invoice.path("hosted_invoice_url").isNull()).isTrue();
        });
        assertThat(charges("lawfirm_alpha")).hasSize(3);
    }

    @Test
    void invoices_are_the_tenants_own_ledger_one_per_ended_period_recorded_once() {
        // hospital_beta: enterprise with three plugs since five months ago
        JsonNode first = invoices("hospital_beta");
        JsonNode again = invoices("hospital_beta");

        assertThat(statuses(first)).containsExactly("draft", "paid", "paid", "paid", "paid", "paid");
        assertThat(amounts(first)).allSatisfy(amount -> assertThat(amount).isEqualByComparingTo("597.00"));
        assertThat(again).isEqualTo(first);
        var charges = charges("hospital_beta");
        assertThat(charges).hasSize(5);
        assertThat(charges).allSatisfy(charge -> {
            assertThat(Items.flag(charge, "mock_mode")).isTrue();
            assertThat(Items.str(charge, "tenant_id")).isEqualTo("hospital_beta");
        });
        // buildco_gamma (two months) sees only its own: two charges of one starter plug
        JsonNode buildco = invoices("buildco_gamma");
        assertThat(statuses(buildco)).containsExactly("draft", "paid", "paid");
        assertThat(amounts(buildco)).allSatisfy(amount -> assertThat(amount).isEqualByComparingTo("49.00"));
    }

    @Test
    void a_tenant_without_a_subscription_has_a_none_plan_and_no_invoices() {
        new TenantStore(stack.table(), Clock.systemUTC()).put(new Tenant("newco_delta", "NewCo Delta", false, Map.of()));

        var plan = stack.invoke("billingPlan", ApiEvent.get("/billing/plan").bearer(stack.token("newco_delta"))).json();
        var invoices = stack.invoke("invoices", ApiEvent.get("/billing/invoices").bearer(stack.token("newco_delta"))).json();

        assertThat(plan.path("tenant_id").asString()).isEqualTo("newco_delta");
        assertThat(plan.path("plan").isNull()).isTrue();
        assertThat(plan.path("status").asString()).isEqualTo("none");
        assertThat(plan.path("plug_count").asInt()).isZero();
        assertThat(plan.path("mrr").decimalValue()).isEqualByComparingTo("0");
        assertThat(plan.path("price_per_plug").decimalValue()).isEqualByComparingTo("0");
        assertThat(plan.path("next_billing_date").isNull()).isTrue();
        assertThat(plan.path("mock_mode").asBoolean()).isTrue();
        assertThat(invoices.path("invoices")).isEmpty();
        assertThat(invoices.path("mock_mode").asBoolean()).isTrue();
        assertThat(invoices.path("source").asString()).isEqualTo("sample");
    }

    @Test
    void a_retried_subscribe_request_subscribes_once() {
        String body = """
                {"plan": "professional", "plug_ids": ["engineering", "legal"],
                 "success_url": "https://console.example.com/ok", "cancel_url": "https://console.example.com/no"}""";
        HttpResult first = stack.invoke("subscribe", ApiEvent.post("/billing/subscribe", body)
                .bearer(stack.token("buildco_gamma")).header("idempotency-key", "retry-me"));
        int chargesAfterFirst = charges("buildco_gamma").size();
        var planAfterFirst = new SubscriptionStore(stack.table()).current("buildco_gamma").orElseThrow();

        HttpResult second = stack.invoke("subscribe", ApiEvent.post("/billing/subscribe", body)
                .bearer(stack.token("buildco_gamma")).header("idempotency-key", "retry-me"));

        assertThat(second.status()).isEqualTo(200);
        assertThat(second.json().path("checkout_id").asString()).isEqualTo(first.json().path("checkout_id").asString());
        assertThat(charges("buildco_gamma")).hasSize(chargesAfterFirst);
        assertThat(new SubscriptionStore(stack.table()).current("buildco_gamma").orElseThrow()).isEqualTo(planAfterFirst);
    }

    @Test
    void of_concurrent_first_subscribes_exactly_one_starts_the_subscription_and_the_others_are_409() throws Exception {
        String tenant = "race_co";
        new TenantStore(stack.table(), Clock.systemUTC()).put(new Tenant(tenant, "Race Co", false, Map.of()));
        // the function is started before the race, so the requests meet in the ledger, not in Spring's start-up
        assertThat(stack.invoke("subscribe", ApiEvent.post("/billing/subscribe", "{}").bearer(stack.token(tenant))).status())
                .isEqualTo(400);
        List<String> plans = List.of("starter", "professional", "enterprise", "starter", "professional");
        ExecutorService pool = Executors.newFixedThreadPool(plans.size());
        List<HttpResult> results = new ArrayList<>();
        try {
            CountDownLatch gate = new CountDownLatch(1);
            List<Future<HttpResult>> futures = new ArrayList<>();
            for (String plan : plans) {
                String body = "{\"plan\": \"" + plan + "\", \"plug_ids\": [\"legal\"], "
                        + "\"success_url\": \"https://console.example.com/ok\", \"cancel_url\": \"https://console.example.com/no\"}";
                futures.add(pool.submit(() -> {
                    gate.await();
                    return stack.invoke("subscribe", ApiEvent.post("/billing/subscribe", body).bearer(stack.token(tenant)));
                }));
            }
            gate.countDown();
            for (Future<HttpResult> future : futures) {
                results.add(future.get(60, TimeUnit.SECONDS));
            }
        }
        finally {
            pool.shutdownNow();
        }

        List<HttpResult> won = results.stream().filter(r -> r.status() == 200).toList();
        assertThat(won).as(results.stream().map(HttpResult::body).toList().toString()).hasSize(1);
        assertThat(won.get(0).json().path("status").asString()).isEqualTo("active");
        assertThat(won.get(0).json().path("change").isMissingNode() || won.get(0).json().path("change").isNull()).isTrue();
        results.stream().filter(r -> r.status() != 200).forEach(lost -> {
            assertThat(lost.status()).as(lost.body()).isEqualTo(409);
            assertThat(lost.errorCode()).isEqualTo("already_subscribed");
        });
        var plan = stack.invoke("billingPlan", ApiEvent.get("/billing/plan").bearer(stack.token(tenant))).json();
        assertThat(plan.path("plan").asString()).isEqualTo(won.get(0).json().path("plan").asString());
        assertThat(plan.path("mrr").decimalValue()).isEqualByComparingTo(won.get(0).json().path("mrr").decimalValue());
        assertThat(invoices(tenant)).hasSize(1);
    }

    static Stream<Arguments> invalidRequests() {
        return Stream.of(
                Arguments.of("unknown plan", """
                        {"plan": "platinum", "plug_ids": ["legal"], "success_url": "https://a.example/ok", "cancel_url": "https://a.example/no"}""",
                        "plan must be one of starter, professional, enterprise"),
                Arguments.of("missing plan", """
                        {"plug_ids": ["legal"], "success_url": "https://a.example/ok", "cancel_url": "https://a.example/no"}""",
                        "plan must be one of"),
                Arguments.of("too many plugs", """
                        {"plan": "starter", "plug_ids": ["legal", "healthcare"], "success_url": "https://a.example/ok", "cancel_url": "https://a.example/no"}""",
                        "plug_ids: plan starter allows at most 1 plug, got 2"),
                Arguments.of("unknown plug", """
                        {"plan": "enterprise", "plug_ids": ["legal", "astrology"], "success_url": "https://a.example/ok", "cancel_url": "https://a.example/no"}""",
                        "plug_ids: unknown plug 'astrology'"),
                Arguments.of("duplicate plug", """
                        {"plan": "enterprise", "plug_ids": ["legal", "legal"], "success_url": "https://a.example/ok", "cancel_url": "https://a.example/no"}""",
                        "plug_ids: 'legal' is listed more than once"),
                Arguments.of("no plugs", """
                        {"plan": "enterprise", "plug_ids": [], "success_url": "https://a.example/ok", "cancel_url": "https://a.example/no"}""",
                        "plug_ids must list at least one plug"),
                Arguments.of("plug ids not a list", """
                        {"plan": "enterprise", "plug_ids": 7, "success_url": "https://a.example/ok", "cancel_url": "https://a.example/no"}""",
                        "plug_ids"),
                Arguments.of("success_url not a URL", """
                        {"plan": "starter", "plug_ids": ["legal"], "success_url": "thanks for paying", "cancel_url": "https://a.example/no"}""",
                        "success_url must be an absolute http or https URL"),
                Arguments.of("success_url relative", """
                        {"plan": "starter", "plug_ids": ["legal"], "success_url": "/billing/ok", "cancel_url": "https://a.example/no"}""",
                        "success_url must be an absolute http or https URL"),
                Arguments.of("cancel_url not http", """
                        {"plan": "starter", "plug_ids": ["legal"], "success_url": "https://a.example/ok", "cancel_url": "javascript:alert(1)"}""",
                        "cancel_url must be an absolute http or https URL"),
                Arguments.of("cancel_url missing", """
                        {"plan": "starter", "plug_ids": ["legal"], "success_url": "https://a.example/ok"}""",
                        "cancel_url is required"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidRequests")
    void an_invalid_subscribe_request_is_a_400_naming_the_field_and_changes_nothing(String name, String body,
            String message) {
        new TenantStore(stack.table(), Clock.systemUTC()).put(new Tenant("validation_eps", "Eps", false, Map.of()));

        HttpResult result = stack.invoke("subscribe", ApiEvent.post("/billing/subscribe", body)
                .bearer(stack.token("validation_eps")));

        assertThat(result.status()).isEqualTo(400);
        assertThat(result.errorCode()).isEqualTo("invalid_request");
        assertThat(result.json().path("error").path("message").asString()).contains(message);
        assertThat(new SubscriptionStore(stack.table()).current("validation_eps")).isEmpty();
    }

    private static JsonNode invoices(String tenant) {
        HttpResult result = stack.invoke("invoices", ApiEvent.get("/billing/invoices").bearer(stack.token(tenant)));
        assertThat(result.status()).as(result.body()).isEqualTo(200);
        assertThat(result.json().path("mock_mode").asBoolean()).isTrue();
        return result.json().path("invoices");
    }

    private static List<String> statuses(JsonNode invoices) {
        List<String> statuses = new ArrayList<>();
        invoices.forEach(invoice -> statuses.add(invoice.path("status").asString()));
        return statuses;
    }

    private static List<BigDecimal> amounts(JsonNode invoices) {
        List<BigDecimal> amounts = new ArrayList<>();
        invoices.forEach(invoice -> amounts.add(invoice.path("amount").decimalValue()));
        return amounts;
    }

    private static List<Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue>> charges(String tenant) {
        return stack.table().client().query(QueryRequest.builder().tableName(stack.table().name())
                .keyConditionExpression("PK = :pk AND begins_with(SK, :prefix)")
                .expressionAttributeValues(Map.of(":pk", Items.s("TENANT#" + tenant), ":prefix", Items.s("LEDGER#CHARGE#")))
                .build()).items();
    }
}
