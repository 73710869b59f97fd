package com.smeplug.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.smeplug.local.aws.RepoRoot;
import com.smeplug.platform.aws.Items;
import com.smeplug.testing.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import tools.jackson.databind.JsonNode;

/** usageReconcile: counters recounted from the events, drift repaired, nothing lost to concurrent traffic. */
class UsageReconcileIT {

    static TestStack stack;
    static UsageKit kit;

    @BeforeAll
    static void start() {
        stack = TestStack.start("usage-reconcile-it");
        kit = new UsageKit(stack);
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void counters_deliberately_corrupted_are_repaired_to_the_event_count() {
        // Each test uses a month of its own, so the tests of this class do not see each other's requests.
        YearMonth month = YearMonth.of(2026, 6);
        kit.clock.set(month.atDay(12).atTime(10, 0).toInstant(ZoneOffset.UTC));
        try {
            for (int i = 0; i < 4; i++) {
                kit.answer("lawfirm_alpha", "corrupt-" + i, "legal");
            }
            kit.corrupt("lawfirm_alpha", month, Map.of("answered", 999L, "reserved", 7L, "plug#legal", 1L,
                    "plug#ghost", 3L, "day#12", 50L, "day#03", 5L));
            assertThat(kit.usage("lawfirm_alpha", "month=" + month).json().path("queries_this_month").asLong())
                    .isEqualTo(999);

            UsageReconciler.TenantMonthResult result = kit.reconciler.reconcile("lawfirm_alpha", month);

            assertThat(result.events()).isEqualTo(4);
            assertThat(result.repaired()).isTrue();
            assertThat(result.repairs()).containsExactlyInAnyOrder("answered 999 -> 4", "reserved 7 -> 4",
                    "plug ghost 3 -> 0", "plug legal 1 -> 4", "day 3 5 -> 0", "day 12 50 -> 4");
            JsonNode usage = kit.usage("lawfirm_alpha", "month=" + month).json();
            assertThat(usage.path("queries_this_month").asLong()).isEqualTo(4);
            assertThat(usage.path("plugs_used").toString()).isEqualTo("{\"legal\":4}");
            assertThat(usage.path("daily").toString()).isEqualTo("{\"2026-06-12\":4}");
            assertThat(kit.store.counters("lawfirm_alpha", month).reserved()).isEqualTo(4);
            assertThat(kit.reconciler.reconcile("lawfirm_alpha", month).repaired()).isFalse();
        }
        finally {
            kit.clock.useSystemTime();
        }
    }

    @Test
    void a_lost_counter_item_is_rebuilt_from_the_events() {
        YearMonth month = YearMonth.of(2026, 5);
        kit.clock.set(month.atDay(20).atTime(10, 0).toInstant(ZoneOffset.UTC));
        try {
            kit.answer("buildco_gamma", "lost-1", "engineering");
            kit.answer("buildco_gamma", "lost-2", "engineering");
            kit.table.client().deleteItem(DeleteItemRequest.builder().tableName(kit.table.name())
                    .key(Items.key(UsageStore.pk("buildco_gamma", month), UsageStore.COUNTERS)).build());
            assertThat(kit.store.counters("buildco_gamma", month).exists()).isFalse();

            kit.reconciler.reconcile("buildco_gamma", month);

            assertThat(kit.usage("buildco_gamma", "month=" + month).json().path("queries_this_month").asLong())
                    .isEqualTo(2);
            assertThat(kit.store.counters("buildco_gamma", month).reserved()).isEqualTo(2);
        }
        finally {
            kit.clock.useSystemTime();
        }
    }

    @Test
    void an_event_whose_count_never_followed_is_counted_and_its_reservation_used() {
        YearMonth month = YearMonth.of(2026, 3);
        kit.clock.set(month.atDay(5).atTime(9, 0).toInstant(ZoneOffset.UTC));
        try {
            kit.answer("hospital_beta", "crash-ok", "legal");
            // The process dies between the event write and the counter update: reserve + event, no count.
            UsageMeter.Reservation reservation = kit.meter.reserve("hospital_beta", "crash-after-event");
            kit.store.putEvent(new UsageStore.UsageEvent("hospital_beta", month, "crash-after-event", "healthcare", 5,
                    kit.clock.instant().toString(), "test"), UsageMeter.TokenUsage.NONE, 0);
            assertThat(reservation.alreadyCounted()).isFalse();
            assertThat(kit.store.counters("hospital_beta", month).answered()).isEqualTo(1);
            // A retry of the same request id is not counted twice, even before reconciliation.
            assertThat(kit.meter.reserve("hospital_beta", "crash-after-event").alreadyCounted()).isTrue();

            UsageReconciler.TenantMonthResult result = kit.reconciler.reconcile("hospital_beta", month);

            MonthCounters counters = kit.store.counters("hospital_beta", month);
            assertThat(counters.answered()).isEqualTo(2);
            assertThat(counters.plugs()).containsEntry("healthcare", 1L).containsEntry("legal", 1L);
            assertThat(counters.reserved()).isEqualTo(2);
            assertThat(counters.held()).isEmpty();
            assertThat(result.repairs()).anyMatch(r -> r.startsWith("counted 1 answered request"));
        }
        finally {
            kit.clock.useSystemTime();
        }
    }

    @Test
    void a_reservation_abandoned_by_a_dead_process_is_released_after_the_timeout_and_a_fresh_one_is_kept() {
        YearMonth month = YearMonth.of(2026, 4);
        Instant start = month.atDay(10).atTime(9, 0).toInstant(ZoneOffset.UTC);
        kit.clock.set(start);
        try {
            kit.answer("lawfirm_alpha", "april-1", "legal");
            kit.meter.reserve("lawfirm_alpha", "abandoned");
            kit.clock.set(start.plus(Duration.ofMinutes(10)));
            kit.meter.reserve("lawfirm_alpha", "in-flight");

            UsageReconciler.TenantMonthResult result = kit.reconciler.reconcile("lawfirm_alpha", month);

            MonthCounters counters = kit.store.counters("lawfirm_alpha", month);
            assertThat(counters.held()).containsOnlyKeys("in-flight");
            assertThat(counters.reserved()).isEqualTo(2);
            assertThat(counters.answered()).isEqualTo(1);
            assertThat(result.repairs()).contains("reserved 3 -> 2", "released 1 reservation(s) older than 120s");
        }
        finally {
            kit.clock.useSystemTime();
        }
    }

    @Test
    void reconciliation_during_concurrent_traffic_loses_no_count() throws Exception {
        YearMonth month = kit.month();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        AtomicBoolean trafficDone = new AtomicBoolean();
        List<Future<?>> traffic = new ArrayList<>();
        try {
            for (int i = 0; i < 60; i++) {
                String requestId = "live-" + i;
                traffic.add(pool.submit(() -> {
                    kit.answer("hospital_beta", requestId, "engineering");
                    return null;
                }));
            }
            Future<Integer> reconciling = pool.submit(() -> {
                int runs = 0;
                while (!trafficDone.get()) {
                    kit.reconciler.reconcile("hospital_beta", month);
                    runs++;
                }
                return runs;
            });
            for (Future<?> request : traffic) {
                request.get(60, TimeUnit.SECONDS);
            }
            trafficDone.set(true);
            assertThat(reconciling.get(60, TimeUnit.SECONDS)).isPositive();
        }
        finally {
            pool.shutdownNow();
        }

        MonthCounters counters = kit.counters("hospital_beta");
        long events = kit.store.tally("hospital_beta", month, java.util.Set.of()).events();
        assertThat(counters.answered()).isEqualTo(events);
        assertThat(counters.reserved()).isEqualTo(events);
        assertThat(counters.plugs().get("engineering")).isGreaterThanOrEqualTo(60L);
    }

    @Test
    void the_function_reconciles_one_tenant_month_given_as_json() {
        kit.answer("hospital_beta", "json-1", "healthcare");
        kit.corrupt("hospital_beta", kit.month(), Map.of("answered", 0L));

        JsonNode summary = stack.invokeJson("usageReconcile",
                "{\"tenant_id\":\"hospital_beta\",\"month\":\"" + kit.month() + "\"}");

        assertThat(summary.path("trigger").asString()).isEqualTo("manual");
        assertThat(summary.path("months").toString()).isEqualTo("[\"" + kit.month() + "\"]");
        assertThat(summary.path("checked").asInt()).isEqualTo(1);
        assertThat(summary.path("repaired").asInt()).isEqualTo(1);
        JsonNode result = summary.path("results").get(0);
        assertThat(result.path("tenant_id").asString()).isEqualTo("hospital_beta");
        assertThat(result.path("repairs").toString()).contains("answered 0 -> ");
        assertThat(kit.counters("hospital_beta").answered()).isEqualTo(result.path("events").asLong());
    }

    @Test
    void the_function_runs_on_the_local_runner_input_for_hospital_beta_november_2026() {
        JsonNode summary = stack.invokeJson("usageReconcile", "{\"tenant_id\":\"hospital_beta\",\"month\":\"2026-11\"}");

        assertThat(summary.path("checked").asInt()).isEqualTo(1);
        assertThat(summary.path("failed").asInt()).isZero();
        assertThat(summary.path("results").get(0).path("month").asString()).isEqualTo("2026-11");
    }

    @Test
    void the_scheduled_event_reconciles_every_tenant_that_used_the_month() throws IOException {
        kit.answer("lawfirm_alpha", "sched-1", "legal");
        kit.answer("buildco_gamma", "sched-2", "engineering");
        kit.corrupt("buildco_gamma", kit.month(), Map.of("plug#engineering", 42L));
        String event = Files.readString(RepoRoot.find().resolve("infra/events/usageReconcile.json"))
                .replace("2026-11-25T00:15:00Z", Instant.now().toString());

        JsonNode summary = stack.invokeJson("usageReconcile", event);

        assertThat(summary.path("trigger").asString()).isEqualTo("schedule");
        List<String> tenants = new ArrayList<>();
        summary.path("results").forEach(r -> tenants.add(r.path("tenant_id").asString()));
        assertThat(tenants).contains("lawfirm_alpha", "buildco_gamma");
        assertThat(summary.path("failed").asInt()).isZero();
        assertThat(kit.counters("buildco_gamma").plugs().get("engineering"))
                .isEqualTo(kit.counters("buildco_gamma").answered());
    }

    @Test
    void the_scheduled_run_covers_the_previous_month_during_the_first_two_days_only() {
        assertThat(kit.reconciler.reconcileScheduled(Instant.parse("2026-12-02T00:15:00Z")).months())
                .containsExactly("2026-12", "2026-11");
        assertThat(kit.reconciler.reconcileScheduled(Instant.parse("2026-12-03T00:15:00Z")).months())
                .containsExactly("2026-12");
    }

    @Test
    void input_that_is_neither_a_schedule_nor_a_tenant_month_is_refused() {
        assertThatThrownBy(() -> stack.invokeRaw("usageReconcile", "{\"hello\":\"world\"}"))
                .hasStackTraceContaining("tenant_id");
        assertThatThrownBy(() -> stack.invokeRaw("usageReconcile", "{\"tenant_id\":\"hospital_beta\",\"month\":\"11/2026\"}"))
                .hasStackTraceContaining("month");
    }
}
