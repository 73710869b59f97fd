package com.smeplug.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.smeplug.local.aws.ApiEvent;
import com.smeplug.platform.auth.Role;
import com.smeplug.platform.http.ApiResponse;
import com.smeplug.platform.http.HttpFunctions;
import com.smeplug.platform.http.Json;
import com.smeplug.platform.http.Route;
import com.smeplug.platform.tenant.Tenant;
import com.smeplug.platform.tenant.TenantStore;
import com.smeplug.testing.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The monthly quota, exact under concurrency (buildco_gamma is on starter, its quota set to 20 here). */
class UsageQuotaIT {

    static final int QUOTA = 20;

    static TestStack stack;
    static UsageKit kit;

    @BeforeAll
    static void start() {
        // the hard quota's mechanics, on every plan: professional and enterprise (overage plans by default, see
        // OverageBillingIT) refuse past their quota here too
        stack = TestStack.start("usage-quota-it", Map.of("PLAN_STARTER_QUERY_QUOTA", Integer.toString(QUOTA),
                "PLAN_PROFESSIONAL_QUERY_QUOTA", "5", "PLAN_PROFESSIONAL_OVERAGE", "false",
                "PLAN_ENTERPRISE_OVERAGE", "false"));
        kit = new UsageKit(stack);
        new TenantStore(kit.table, kit.clock).put(new Tenant("nosub_delta", "No Subscription Delta", false, Map.of()));
    }

    @AfterAll
    static void stop() {
        stack.close();
        System.clearProperty("PLAN_STARTER_QUERY_QUOTA");
        System.clearProperty("PLAN_PROFESSIONAL_QUERY_QUOTA");
        System.clearProperty("PLAN_ENTERPRISE_QUERY_QUOTA");
    }

    @Test
    void with_quota_20_exactly_20_of_40_simultaneous_requests_are_answered_and_20_get_429() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(40);
        AtomicInteger answered = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        CountDownLatch gate = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        try {
            for (int i = 0; i < 2 * QUOTA; i++) {
                String requestId = "quota-" + i;
                futures.add(pool.submit(() -> {
                    gate.await();
                    try {
                        kit.answer("buildco_gamma", requestId, "engineering");
                        answered.incrementAndGet();
                    }
                    catch (QuotaExceededException e) {
                        assertThat(e.status()).isEqualTo(429);
                        assertThat(e.code()).isEqualTo("quota_exceeded");
                        refused.incrementAndGet();
                    }
                    return null;
                }));
            }
            gate.countDown();
            for (Future<?> future : futures) {
                future.get(60, TimeUnit.SECONDS);
            }
        }
        finally {
            pool.shutdownNow();
        }

        assertThat(answered.get()).isEqualTo(QUOTA);
        assertThat(refused.get()).isEqualTo(QUOTA);
        JsonNode usage = kit.usage("buildco_gamma").json();
        assertThat(usage.path("queries_this_month").asLong()).isEqualTo(QUOTA);
        assertThat(usage.path("queries_limit").asLong()).isEqualTo(QUOTA);
        assertThat(usage.path("plugs_used").toString()).isEqualTo("{\"engineering\":20}");
        assertThat(kit.counters("buildco_gamma").reserved()).isEqualTo(QUOTA);
    }

    @Test
    void the_429_names_the_limit_and_the_reset_date_in_the_error_shape() {
        // lawfirm_alpha is on professional, quota 5 in this class.
        for (int i = 0; i < 5; i++) {
            kit.answer("lawfirm_alpha", "pro-" + i, "legal");
        }
        HttpFunctions http = new HttpFunctions(event -> new com.smeplug.platform.auth.Caller("sample-lawfirm_alpha-admin", null),
                user -> java.util.Optional.of(new com.smeplug.platform.tenant.Membership(user, "lawfirm_alpha", Role.MEMBER, null)));
        var chatLike = http.route(Route.post(), request -> {
            kit.meter.reserve(request.tenant(), request.requestId());
            return ApiResponse.ok(Map.of("reply", "not reached"));
        });

        var event = ApiEvent.post("/chat", "{\"message\":\"hi\"}").toJson();
        var response = chatLike.apply(new java.io.ByteArrayInputStream(event.getBytes(java.nio.charset.StandardCharsets.UTF_8)));

        YearMonth month = YearMonth.now(ZoneOffset.UTC);
        String resets = month.plusMonths(1).atDay(1).toString();
        assertThat(response.getStatusCode()).isEqualTo(429);
        JsonNode error = Json.tree(response.getBody()).path("error");
        assertThat(error.path("code").asString()).isEqualTo("quota_exceeded");
        assertThat(error.path("message").asString()).contains("5", resets);
        assertThat(error.path("limit").asLong()).isEqualTo(5);
        assertThat(error.path("resets_at").asString()).isEqualTo(resets + "T00:00:00Z");
        assertThat(error.path("request_id").asString()).isNotBlank();
    }

    @Test
    void a_released_reservation_gives_its_unit_back_once() {
        // hospital_beta is on enterprise; a meter built with an enterprise quota of 3 for this test.
        stack.set("PLAN_ENTERPRISE_QUERY_QUOTA", "3");
        try {
            UsageKit small = new UsageKit(stack);
            var first = small.meter.reserve("hospital_beta", "r-1");
            small.meter.reserve("hospital_beta", "r-2");
            small.meter.reserve("hospital_beta", "r-3");
            assertThrows(QuotaExceededException.class, () -> small.meter.reserve("hospital_beta", "r-4"));

            small.meter.release(first);
            small.meter.release(first);

            var fourth = small.meter.reserve("hospital_beta", "r-4");
            small.meter.record(fourth, "legal", UsageMeter.TokenUsage.NONE);
            assertThrows(QuotaExceededException.class, () -> small.meter.reserve("hospital_beta", "r-5"));
            MonthCounters counters = small.counters("hospital_beta");
            assertThat(counters.reserved()).isEqualTo(3);
            assertThat(counters.answered()).isEqualTo(1);
            assertThat(counters.held()).containsOnlyKeys("r-2", "r-3");
        }
        finally {
            stack.set("PLAN_ENTERPRISE_QUERY_QUOTA", "100000");
        }
    }

    @Test
    void a_tenant_without_an_active_subscription_gets_429_with_limit_zero_and_usage_still_answers_zeros() {
        QuotaExceededException refused = assertThrows(QuotaExceededException.class,
                () -> kit.meter.reserve("nosub_delta", "nosub-1"));

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.getMessage()).contains("no active subscription", "0");
        assertThat(refused.details()).containsEntry("limit", 0L);
        assertThat(kit.counters("nosub_delta").exists()).isFalse();
        var usage = kit.usage("nosub_delta");
        assertThat(usage.status()).isEqualTo(200);
        assertThat(usage.json().path("queries_this_month").asLong()).isZero();
        assertThat(usage.json().path("queries_limit").asLong()).isZero();
    }

    @Test
    void an_already_counted_request_is_answered_again_without_using_quota_even_when_the_quota_is_used_up() {
        // A month of its own (last month), so the other tests' use of buildco_gamma's quota does not matter.
        kit.clock.set(YearMonth.now(ZoneOffset.UTC).minusMonths(1).atDay(10).atStartOfDay().toInstant(ZoneOffset.UTC));
        try {
            for (int i = 0; i < QUOTA; i++) {
                kit.answer("buildco_gamma", "fill-" + i, "engineering");
            }
            assertThrows(QuotaExceededException.class, () -> kit.meter.reserve("buildco_gamma", "fill-new"));

            UsageMeter.Reservation retry = kit.meter.reserve("buildco_gamma", "fill-7");
            kit.meter.record(retry, "engineering", UsageMeter.TokenUsage.NONE);

            assertThat(retry.alreadyCounted()).isTrue();
            MonthCounters counters = kit.counters("buildco_gamma");
            assertThat(counters.answered()).isEqualTo(QUOTA);
            assertThat(counters.reserved()).isEqualTo(QUOTA);
        }
        finally {
            kit.clock.useSystemTime();
        }
    }
}
