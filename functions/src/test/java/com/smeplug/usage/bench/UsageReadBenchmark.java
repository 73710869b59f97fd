package com.smeplug.usage.bench;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.smeplug.local.aws.ApiEvent;
import com.smeplug.platform.aws.Items;
import com.smeplug.testing.HttpResult;
import com.smeplug.testing.TestStack;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import tools.jackson.databind.JsonNode;

/**
 * Acceptance 4 of the usage issue: {@code GET /billing/usage} latency with 10, 10,000 and 100,000 events in the
 * month, on a local dynalite, through the Lambda entry point (FunctionInvoker), warm.
 * <p>
 * Each size is a month of its own for one tenant (hospital_beta): events are written in the stored format with
 * parallel BatchWriteItem (over the same 10 days and 3 plugs, so every answer has the same shape), then the real
 * {@code usageReconcile} function builds the counters from them (its time is printed too: that is what an O(events)
 * read would cost). The three months are then read call by call in turn, so a busy machine slows every size alike. Run with {@code infra/bench/usage/run [calls-per-size]}.
 */
public final class UsageReadBenchmark {

    private static final String TENANT = "hospital_beta";
    private static final List<String> PLUGS = List.of("healthcare", "legal", "engineering");
    private static final int[] SIZES = {10, 10_000, 100_000};
    /** Every size spreads its events over the same days and plugs, so every answer has the same shape. */
    private static final int DAYS = 10;

    private UsageReadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int warmup = 300;
        YearMonth current = YearMonth.now(ZoneOffset.UTC);
        TestStack stack = TestStack.start("usage-bench");
        try {
            // Start the reconcile function once on an empty month, so its start-up is not counted as recount time.
            stack.invokeJson("usageReconcile", "{\"tenant_id\":\"" + TENANT + "\",\"month\":\"" + current.minusMonths(12) + "\"}");
            Map<Integer, YearMonth> months = new HashMap<>();
            Map<Integer, Long> reconcileMillis = new HashMap<>();
            for (int i = 0; i < SIZES.length; i++) {
                int size = SIZES[i];
                YearMonth month = current.minusMonths(SIZES.length - 1 - i);
                months.put(size, month);
                long seedStart = System.nanoTime();
                seed(stack.table().client(), stack.table().name(), month, size);
                long seeded = System.nanoTime();
                JsonNode summary = stack.invokeJson("usageReconcile",
                        "{\"tenant_id\":\"" + TENANT + "\",\"month\":\"" + month + "\"}");
                long reconciled = System.nanoTime();
                long events = summary.path("results").get(0).path("events").asLong();
                if (events != size) {
                    throw new IllegalStateException("reconciliation counted " + events + " events, expected " + size);
                }
                reconcileMillis.put(size, (reconciled - seeded) / 1_000_000);
                System.out.printf(Locale.ROOT, "seeded %,d events into %s in %.1f s; counters built by usageReconcile in %,d ms%n",
                        size, month, (seeded - seedStart) / 1e9, reconcileMillis.get(size));
            }

            String token = stack.token(TENANT);
            for (int i = 0; i < warmup; i++) {
                read(stack, token, months.get(SIZES[i % SIZES.length]), SIZES[i % SIZES.length]);
            }
            Map<Integer, long[]> samples = new HashMap<>();
            for (int size : SIZES) {
                samples.put(size, new long[calls]);
            }
            for (int call = 0; call < calls; call++) {
                for (int size : SIZES) {
                    samples.get(size)[call] = read(stack, token, months.get(size), size);
                }
            }

            System.out.println();
            System.out.printf(Locale.ROOT, "GET /billing/usage through FunctionInvoker, warm (%d warm-up calls), %d calls per size, sizes interleaved call by call%n",
                    warmup, calls);
            System.out.printf(Locale.ROOT, "%-18s %10s %10s %10s %10s %16s%n", "events in month", "p50 ms", "p90 ms",
                    "p99 ms", "mean ms", "recount ms");
            Map<Integer, double[]> stats = new HashMap<>();
            for (int size : SIZES) {
                long[] s = samples.get(size).clone();
                Arrays.sort(s);
                double[] st = {pct(s, 50), pct(s, 90), pct(s, 99), Arrays.stream(s).average().orElse(0) / 1e6};
                stats.put(size, st);
                System.out.printf(Locale.ROOT, "%-18s %10.2f %10.2f %10.2f %10.2f %16d%n", String.format(Locale.ROOT, "%,d", size),
                        st[0], st[1], st[2], st[3], reconcileMillis.get(size));
            }
            double[] small = stats.get(SIZES[0]);
            double[] large = stats.get(SIZES[SIZES.length - 1]);
            System.out.printf(Locale.ROOT, "ratio largest/smallest: p50 %.2f, p90 %.2f, p99 %.2f, mean %.2f (acceptance: p50 <= 1.2)%n",
                    large[0] / small[0], large[1] / small[1], large[2] / small[2], large[3] / small[3]);
        }
        finally {
            stack.close();
        }
        System.exit(0);
    }

    private static long read(TestStack stack, String token, YearMonth month, int expected) {
        ApiEvent event = ApiEvent.get("/billing/usage").query("month=" + month).bearer(token);
        long start = System.nanoTime();
        HttpResult result = stack.invoke("usage", event);
        long elapsed = System.nanoTime() - start;
        if (result.status() != 200 || result.json().path("queries_this_month").asLong() != expected) {
            throw new IllegalStateException("unexpected usage answer for " + month + ": " + result.body());
        }
        return elapsed;
    }

    private static double pct(long[] sorted, int percentile) {
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }

    /** Writes {@code count} usage events in the meter's stored format, 25 per BatchWriteItem, 8 writers at once. */
    private static void seed(DynamoDbClient client, String table, YearMonth month, int count) throws Exception {
        String pk = "USAGE#" + TENANT + "#" + month;
        Instant base = month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        List<List<WriteRequest>> batches = new ArrayList<>();
        List<WriteRequest> batch = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int day = 1 + i % DAYS;
            String requestId = "bench-" + month + "-" + i;
            Map<String, AttributeValue> item = new HashMap<>();
            item.put("PK", Items.s(pk));
            item.put("SK", Items.s("EVENT#" + requestId));
            item.put("tenant_id", Items.s(TENANT));
            item.put("month", Items.s(month.toString()));
            item.put("request_id", Items.s(requestId));
            item.put("plug_id", Items.s(PLUGS.get(i % PLUGS.size())));
            item.put("day", Items.n(day));
            item.put("at", Items.s(base.plusSeconds((day - 1) * 86_400L + i % 86_400).toString()));
            item.put("attempt", Items.s("bench"));
            item.put("input_tokens", Items.n(120));
            item.put("output_tokens", Items.n(80));
            item.put("expires_at", Items.n(base.plusSeconds(400L * 86_400).getEpochSecond()));
            batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
            if (batch.size() == 25) {
                batches.add(batch);
                batch = new ArrayList<>();
            }
        }
        if (!batch.isEmpty()) {
            batches.add(batch);
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (List<WriteRequest> writes : batches) {
                futures.add(pool.submit(() -> {
                    Map<String, List<WriteRequest>> pending = Map.of(table, writes);
                    while (!pending.isEmpty()) {
                        Map<String, List<WriteRequest>> request = pending;
                        BatchWriteItemResponse response = client.batchWriteItem(b -> b.requestItems(request));
                        pending = response.hasUnprocessedItems() ? response.unprocessedItems() : Map.of();
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        }
        finally {
            pool.shutdown();
        }
    }
}
