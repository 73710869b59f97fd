package com.smeplug.usage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.YearMonth;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/** {@code GET /billing/usage} through the Lambda entry point, on counts the meter made. */
class UsageFunctionIT {

    static TestStack stack;
    static UsageKit kit;

    @BeforeAll
    static void start() {
        stack = TestStack.start("usage-function-it", Map.of("PLAN_PROFESSIONAL_QUERY_QUOTA", "10000",
                "PLAN_ENTERPRISE_QUERY_QUOTA", "100000", "COST_PER_QUERY", "0.004"));
        kit = new UsageKit(stack);
        new TenantStore(kit.table, kit.clock).put(new Tenant("nosub_delta", "No Subscription Delta", false, Map.of()));
    }

    @AfterAll
    static void stop() {
        stack.close();
        List.of("PLAN_PROFESSIONAL_QUERY_QUOTA", "PLAN_ENTERPRISE_QUERY_QUOTA", "COST_PER_QUERY")
                .forEach(System::clearProperty);
    }

    @Test
    void a_tenant_with_no_usage_reads_zero_everywhere() {
        HttpResult result = kit.usage("buildco_gamma");

        assertThat(result.status()).isEqualTo(200);
        assertThat(result.header("content-type")).isEqualTo("application/json; charset=utf-8");
        JsonNode body = result.json();
        assertThat(body.path("tenant_id").asString()).isEqualTo("buildco_gamma");
        assertThat(body.path("month").asString()).isEqualTo(YearMonth.now(java.time.ZoneOffset.UTC).toString());
        assertThat(body.path("queries_this_month").asLong()).isZero();
        assertThat(body.path("queries_limit").asLong()).isEqualTo(1_000);
        assertThat(body.path("cost_accrued").decimalValue()).isEqualByComparingTo("0");
        assertThat(body.path("plugs_used").isObject()).isTrue();
        assertThat(body.path("plugs_used").size()).isZero();
        assertThat(body.path("daily").isObject()).isTrue();
        assertThat(body.path("daily").size()).isZero();
        assertThat(body.path("plan").asString()).isEqualTo("starter");
    }

    @Test
    void counts_answered_requests_per_plug_and_per_day_and_accrues_nothing_within_the_quota() {
        YearMonth month = kit.month();
        kit.answer("hospital_beta", "req-h-1", "healthcare");
        kit.answer("hospital_beta", "req-h-2", "healthcare");
        kit.answer("hospital_beta", "req-h-3", "legal");

        JsonNode body = kit.usage("hospital_beta").json();

        assertThat(body.path("queries_this_month").asLong()).isEqualTo(3);
        assertThat(body.path("queries_limit").asLong()).isEqualTo(100_000);
        // within the plan's quota nothing is billed for usage (what is past it: OverageBillingIT)
        assertThat(body.path("cost_accrued").decimalValue()).isEqualByComparingTo("0");
        assertThat(body.path("plugs_used").toString()).isEqualTo("{\"healthcare\":2,\"legal\":1}");
        String today = Instant.now().atZone(java.time.ZoneOffset.UTC).toLocalDate().toString();
        assertThat(body.path("daily").toString()).isEqualTo("{\"" + today + "\":3}");
        assertThat(body.path("resets_at").asString()).isEqualTo(month.plusMonths(1).atDay(1) + "T00:00:00Z");
    }

    @Test
    void a_request_that_was_not_answered_is_not_counted() {
        UsageMeter.Reservation reservation = kit.meter.reserve("lawfirm_alpha", "req-l-failed");
        kit.meter.release(reservation);
        kit.answer("lawfirm_alpha", "req-l-ok", "legal");

        JsonNode body = kit.usage("lawfirm_alpha").json();

        assertThat(body.path("queries_this_month").asLong()).isEqualTo(1);
        assertThat(kit.counters("lawfirm_alpha").reserved()).isEqualTo(1);
    }

    @Test
    void a_past_month_reads_its_own_counts_only() {
        YearMonth previous = kit.month().minusMonths(1);
        kit.clock.set(previous.atDay(15).atTime(12, 0).toInstant(java.time.ZoneOffset.UTC));
        try {
            kit.answer("lawfirm_alpha", "req-l-past-1", "legal");
            kit.answer("lawfirm_alpha", "req-l-past-2", "legal");
        }
        finally {
            kit.clock.useSystemTime();
        }

        JsonNode past = kit.usage("lawfirm_alpha", "month=" + previous).json();

        assertThat(past.path("month").asString()).isEqualTo(previous.toString());
        assertThat(past.path("queries_this_month").asLong()).isEqualTo(2);
        assertThat(past.path("daily").toString()).isEqualTo("{\"" + previous.atDay(15) + "\":2}");
        assertThat(kit.usage("lawfirm_alpha", "month=" + previous.minusMonths(1)).json()
                .path("queries_this_month").asLong()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"month=2026-13", "month=2026-1", "month=nov", "month=", "month=2026-11-01",
            "month=2026-10&month=2026-11", "month=%272026-11%27"})
    void a_malformed_month_is_a_400_naming_month(String query) {
        HttpResult result = kit.usage("hospital_beta", query);

        assertThat(result.status()).isEqualTo(400);
        assertThat(result.errorCode()).isEqualTo("invalid_request");
        assertThat(result.json().path("error").path("message").asString()).contains("month");
    }

    @Test
    void a_month_that_has_not_begun_is_a_400() {
        HttpResult result = kit.usage("hospital_beta", "month=" + kit.month().plusMonths(1));

        assertThat(result.status()).isEqualTo(400);
        assertThat(result.errorCode()).isEqualTo("invalid_request");
        assertThat(result.json().path("error").path("message").asString()).contains("month", "has not begun");
    }

    @Test
    void a_tenant_sees_only_its_own_usage() {
        kit.answer("hospital_beta", "req-shared-id", "engineering");

        JsonNode buildco = kit.usage("buildco_gamma").json();

        assertThat(buildco.path("tenant_id").asString()).isEqualTo("buildco_gamma");
        assertThat(buildco.path("queries_this_month").asLong()).isZero();
        assertThat(buildco.path("plugs_used").size()).isZero();
    }

    @Test
    void a_tenant_without_an_active_subscription_reads_real_zeros_with_limit_zero() {
        HttpResult result = kit.usage("nosub_delta");

        assertThat(result.status()).isEqualTo(200);
        assertThat(result.json().path("queries_this_month").asLong()).isZero();
        assertThat(result.json().path("queries_limit").asLong()).isZero();
        assertThat(result.json().path("plan").isNull()).isTrue();
    }

    @Test
    void without_a_token_answers_401_and_echoes_no_request_header() {
        HttpResult result = stack.invoke("usage", ApiEvent.get("/billing/usage").header("cookie", "session=secret"));

        assertThat(result.status()).isEqualTo(401);
        assertThat(result.headers()).doesNotContainKeys("cookie", "authorization", "id", "timestamp");
    }

    @Test
    void only_get_is_allowed() {
        HttpResult result = stack.invoke("usage", ApiEvent.post("/billing/usage", "{}")
                .bearer(stack.token("hospital_beta")));

        assertThat(result.status()).isEqualTo(405);
    }
}
