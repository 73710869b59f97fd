package com.smeplug.usage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.smeplug.platform.http.ApiException;
import com.smeplug.testing.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Many chat requests metered at once, across tenants, with retries: every answered request counted exactly once. */
class UsageMeterConcurrencyIT {

    static final Map<String, List<String>> PLUGS = Map.of(
            "lawfirm_alpha", List.of("legal"),
            "hospital_beta", List.of("healthcare", "legal", "engineering"),
            "buildco_gamma", List.of("engineering"));

    static TestStack stack;
    static UsageKit kit;
    static ExecutorService pool;

    @BeforeAll
    static void start() {
        stack = TestStack.start("usage-concurrency-it", Map.of("PLAN_STARTER_QUERY_QUOTA", "1000",
                "PLAN_PROFESSIONAL_QUERY_QUOTA", "10000", "PLAN_ENTERPRISE_QUERY_QUOTA", "100000",
                "USAGE_RETENTION_DAYS", "30"));
        kit = new UsageKit(stack);
        pool = Executors.newFixedThreadPool(24);
    }

    @AfterAll
    static void stop() {
        pool.shutdownNow();
        stack.close();
        List.of("PLAN_STARTER_QUERY_QUOTA", "PLAN_PROFESSIONAL_QUERY_QUOTA", "PLAN_ENTERPRISE_QUERY_QUOTA",
                "USAGE_RETENTION_DAYS").forEach(System::clearProperty);
    }

    @Test
    void n_concurrent_requests_across_three_tenants_are_each_counted_once_per_tenant_and_per_plug() throws Exception {
        int n = 90;
        Random random = new Random(42);
        List<String> tenants = List.copyOf(new java.util.TreeSet<>(PLUGS.keySet()));
        Map<String, Map<String, Integer>> expected = new HashMap<>();
        List<Callable<Void>> requests = new ArrayList<>();
        CountDownLatch gate = new CountDownLatch(1);
        for (int i = 0; i < n; i++) {
            String tenant = tenants.get(i % tenants.size());
            List<String> plugs = PLUGS.get(tenant);
            String plug = plugs.get(random.nextInt(plugs.size()));
            expected.computeIfAbsent(tenant, t -> new HashMap<>()).merge(plug, 1, Integer::sum);
            String requestId = "many-" + i;
            requests.add(() -> {
                gate.await();
                kit.answer(tenant, requestId, plug);
                return null;
            });
        }

        Map<String, MonthCounters> before = new HashMap<>();
        tenants.forEach(tenant -> before.put(tenant, kit.counters(tenant)));
        List<Future<Void>> futures = new ArrayList<>();
        requests.forEach(request -> futures.add(pool.submit(request)));
        gate.countDown();
        for (Future<Void> future : futures) {
            future.get(60, TimeUnit.SECONDS);
        }

        // Deltas: other tests of this class may have metered a few requests of these tenants before.
        int total = 0;
        for (String tenant : tenants) {
            MonthCounters was = before.get(tenant);
            JsonNode usage = kit.usage(tenant).json();
            int tenantTotal = expected.get(tenant).values().stream().mapToInt(Integer::intValue).sum();
            total += tenantTotal;
            assertThat(usage.path("queries_this_month").asLong() - was.answered()).as(tenant).isEqualTo(tenantTotal);
            Map<String, Integer> plugsCounted = new HashMap<>();
            usage.path("plugs_used").properties().forEach(e -> {
                int delta = e.getValue().asInt() - was.plugs().getOrDefault(e.getKey(), 0L).intValue();
                if (delta != 0) {
                    plugsCounted.put(e.getKey(), delta);
                }
            });
            assertThat(plugsCounted).as(tenant).isEqualTo(expected.get(tenant));
            long daily = usage.path("daily").properties().stream().mapToLong(e -> e.getValue().asLong()).sum();
            assertThat(daily - was.days().values().stream().mapToLong(Long::longValue).sum()).as(tenant)
                    .isEqualTo(tenantTotal);
            MonthCounters counters = kit.counters(tenant);
            assertThat(counters.reserved() - counters.held().size()).as(tenant + " reserved")
                    .isEqualTo(counters.answered());
            assertThat(counters.held()).as(tenant + " reservations in flight").isEqualTo(was.held());
        }
        assertThat(total).isEqualTo(n);
    }

    @Test
    void usage_is_counted_once_when_the_same_request_is_retried() {
        kit.answer("lawfirm_alpha", "retried-1", "legal");
        long before = kit.counters("lawfirm_alpha").answered();

        UsageMeter.Reservation second = kit.meter.reserve("lawfirm_alpha", "retried-1");
        kit.meter.record(second, "legal", UsageMeter.TokenUsage.NONE);
        UsageMeter.Reservation third = kit.meter.reserve("lawfirm_alpha", "retried-1");
        kit.meter.record(third, "legal", UsageMeter.TokenUsage.NONE);

        assertThat(second.alreadyCounted()).isTrue();
        assertThat(third.alreadyCounted()).isTrue();
        MonthCounters after = kit.counters("lawfirm_alpha");
        assertThat(after.answered()).isEqualTo(before);
        assertThat(after.reserved()).isEqualTo(after.answered());
    }

    @Test
    void the_same_request_id_sent_three_times_at_once_counts_once() throws Exception {
        for (int round = 0; round < 20; round++) {
            String requestId = "burst-" + round;
            long before = kit.counters("hospital_beta").answered();
            CountDownLatch gate = new CountDownLatch(1);
            AtomicInteger inProgress = new AtomicInteger();
            List<Future<Void>> futures = new ArrayList<>();
            for (int copy = 0; copy < 3; copy++) {
                futures.add(pool.submit(() -> {
                    gate.await();
                    try {
                        kit.answer("hospital_beta", requestId, "healthcare");
                    }
                    catch (ApiException e) {
                        assertThat(e.status()).isEqualTo(409);
                        assertThat(e.code()).isEqualTo("request_in_progress");
                        inProgress.incrementAndGet();
                    }
                    return null;
                }));
            }
            gate.countDown();
            for (Future<Void> future : futures) {
                future.get(30, TimeUnit.SECONDS);
            }

            MonthCounters after = kit.counters("hospital_beta");
            assertThat(after.answered()).as("round " + round).isEqualTo(before + 1);
            assertThat(after.reserved()).as("round " + round).isEqualTo(after.answered());
            assertThat(after.held()).isEmpty();
            assertThat(kit.event("hospital_beta", kit.month(), requestId)).isNotEmpty();
            assertThat(inProgress.get()).isLessThanOrEqualTo(2);
        }
    }

    @Test
    void a_reservation_abandoned_by_a_dead_process_is_taken_over_by_a_retry_after_the_timeout() {
        String tenant = "buildco_gamma";
        kit.meter.reserve(tenant, "abandoned-1");
        long before = kit.counters(tenant).answered();

        ApiException early = org.junit.jupiter.api.Assertions.assertThrows(ApiException.class,
                () -> kit.meter.reserve(tenant, "abandoned-1"));
        assertThat(early.status()).isEqualTo(409);

        kit.clock.set(java.time.Instant.now().plusSeconds(121));
        try {
            kit.answer(tenant, "abandoned-1", "engineering");
        }
        finally {
            kit.clock.useSystemTime();
        }

        MonthCounters after = kit.counters(tenant);
        assertThat(after.answered()).isEqualTo(before + 1);
        assertThat(after.reserved()).isEqualTo(after.answered());
        assertThat(after.held()).isEmpty();
    }

    @Test
    void each_event_carries_its_plug_tokens_and_a_ttl_of_usage_retention_days() {
        java.time.Instant before = java.time.Instant.now();
        kit.answer("hospital_beta", "ttl-1", "engineering");

        var event = kit.event("hospital_beta", kit.month(), "ttl-1");

        assertThat(event.get("plug_id").s()).isEqualTo("engineering");
        assertThat(event.get("tenant_id").s()).isEqualTo("hospital_beta");
        assertThat(event.get("input_tokens").n()).isEqualTo("120");
        assertThat(event.get("output_tokens").n()).isEqualTo("80");
        long expiresAt = Long.parseLong(event.get("expires_at").n());
        long retention = java.time.Duration.ofDays(30).toSeconds();
        assertThat(expiresAt).isBetween(before.getEpochSecond() + retention,
                java.time.Instant.now().getEpochSecond() + retention);
    }
}
