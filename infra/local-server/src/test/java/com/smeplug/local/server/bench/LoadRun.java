package com.smeplug.local.server.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.smeplug.local.aws.FreePort;
import com.smeplug.local.aws.LocalAws;
import com.smeplug.local.server.LocalStack;
import com.smeplug.local.server.LocalToken;

/**
 * Bounded load on loopback against the local stack (hardening issue, acceptance 4): {@code requests} requests from
 * {@code concurrency} workers, mixed routes, 3 tenants. Reports statuses, 5xx count, p50/p99 per route and overall,
 * and usage counted (GET /billing/usage before and after) against chats answered (200). Exits 1 on any 5xx, any
 * transport error or a usage mismatch.
 *
 * <p>Args: [requests=2000] [concurrency=50] [deadline-seconds=600]
 */
public final class LoadRun {

    static final List<String> TENANTS = List.of("lawfirm_alpha", "hospital_beta", "buildco_gamma");
    /** Route mix: name, method, path, body, weight. */
    record Route(String name, String method, String path, String body, int weight) {
    }

    static final List<Route> MIX = List.of(
            new Route("POST /chat", "POST", "/chat", null, 30),
            new Route("GET /plugs", "GET", "/plugs", null, 15),
            new Route("GET /billing/usage", "GET", "/billing/usage", null, 15),
            new Route("GET /integrations/salesforce", "GET", "/integrations/salesforce", null, 15),
            new Route("GET /billing/plan", "GET", "/billing/plan", null, 15),
            new Route("GET /finetune/jobs", "GET", "/finetune/jobs", null, 10));
    static final List<String> QUESTIONS = List.of("What does GDPR say about access requests?",
            "What are our open cases?", "How should nitrile gloves be stored?",
            "What is the minimum cover for #5 rebar?", "When is a contract breach material?");

    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
        int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        Duration deadline = Duration.ofSeconds(args.length > 2 ? Long.parseLong(args[2]) : 600);

        LocalStack stack = LocalStack.start(FreePort.pick(), FreePort.pick(), FreePort.pick(), 0, Map.of());
        int exit;
        try {
            exit = run(stack, requests, concurrency, deadline);
        }
        finally {
            stack.close();
        }
        System.exit(exit);
    }

    static int run(LocalStack stack, int requests, int concurrency, Duration deadline) throws Exception {
        String base = "http://127.0.0.1:" + stack.apiPort();
        Map<String, String> tokens = new LinkedHashMap<>();
        TENANTS.forEach(t -> tokens.put(t, LocalToken.sampleUserToken(stack.aws().issuer(), t, "admin")));
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).executor(pool)
                .version(HttpClient.Version.HTTP_1_1).build();

        // warm each route once per tenant (Spring start-up is not what this measures), then read usage
        for (String tenant : TENANTS) {
            for (Route route : MIX) {
                if (!route.method().equals("POST")) {
                    send(client, base, route, tokens.get(tenant), 0);
                }
            }
        }
        Map<String, Long> usageBefore = usage(client, base, tokens);

        List<Route> weighted = new ArrayList<>();
        MIX.forEach(r -> weighted.addAll(Collections.nCopies(r.weight(), r)));
        AtomicInteger next = new AtomicInteger();
        Map<String, List<Long>> latencies = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> statuses = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> answeredChats = new ConcurrentHashMap<>();
        AtomicInteger transportErrors = new AtomicInteger();
        AtomicLong serverErrors = new AtomicLong();
        long started = System.nanoTime();
        long stopAt = started + deadline.toNanos();
        ExecutorService workers = Executors.newFixedThreadPool(concurrency);
        for (int w = 0; w < concurrency; w++) {
            workers.submit(() -> {
                int i;
                while ((i = next.getAndIncrement()) < requests && System.nanoTime() < stopAt) {
                    Route route = weighted.get(Math.floorMod(i * 7919, weighted.size()));
                    String tenant = TENANTS.get(i % TENANTS.size());
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<String> response = send(client, base, route, tokens.get(tenant), i);
                        long micros = (System.nanoTime() - t0) / 1_000;
                        latencies.computeIfAbsent(route.name(), k -> Collections.synchronizedList(new ArrayList<>())).add(micros);
                        statuses.computeIfAbsent(route.name() + " " + response.statusCode(), k -> new AtomicInteger()).incrementAndGet();
                        if (response.statusCode() >= 500) {
                            serverErrors.incrementAndGet();
                        }
                        if (route.name().equals("POST /chat") && response.statusCode() == 200) {
                            answeredChats.computeIfAbsent(tenant, k -> new AtomicInteger()).incrementAndGet();
                        }
                    }
                    catch (Exception e) {
                        transportErrors.incrementAndGet();
                    }
                }
                return null;
            });
        }
        workers.shutdown();
        workers.awaitTermination(deadline.toSeconds() + 30, TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - started) / 1e9;
        Map<String, Long> usageAfter = usage(client, base, tokens);
        pool.shutdownNow();

        int sent = Math.min(next.get(), requests);
        List<Long> all = new ArrayList<>();
        latencies.values().forEach(all::addAll);
        System.out.printf("load run: %d requests, %d concurrent, 3 tenants, loopback, %.1f s (%.0f req/s)%n", sent,
                concurrency, seconds, sent / seconds);
        System.out.printf("5xx: %d   transport errors: %d%n", serverErrors.get(), transportErrors.get());
        System.out.println("statuses:");
        new TreeMap<>(statuses).forEach((k, v) -> System.out.printf("  %-40s %6d%n", k, v.get()));
        System.out.println("latency (ms)                              p50      p99      max     n");
        new TreeMap<>(latencies).forEach((name, list) -> print(name, list));
        print("all", all);
        boolean usageExact = true;
        System.out.println("usage counted (GET /billing/usage delta) vs chats answered (200):");
        for (String tenant : TENANTS) {
            long counted = usageAfter.get(tenant) - usageBefore.get(tenant);
            int answered = answeredChats.getOrDefault(tenant, new AtomicInteger()).get();
            usageExact &= counted == answered;
            System.out.printf("  %-15s counted %5d  answered %5d  %s%n", tenant, counted, answered,
                    counted == answered ? "exact" : "MISMATCH");
        }
        boolean ok = serverErrors.get() == 0 && transportErrors.get() == 0 && usageExact && sent == requests;
        System.out.println(ok ? "RESULT: ok" : "RESULT: FAILED");
        return ok ? 0 : 1;
    }

    static HttpResponse<String> send(HttpClient client, String base, Route route, String token, int i) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + route.path()))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token);
        if (route.method().equals("POST")) {
            String message = QUESTIONS.get(i % QUESTIONS.size());
            request.header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"message\": \"" + message + "\"}"));
        }
        else {
            request.GET();
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static Map<String, Long> usage(HttpClient client, String base, Map<String, String> tokens) throws Exception {
        Pattern queries = Pattern.compile("\"queries_this_month\"\\s*:\\s*(\\d+)");
        Map<String, Long> usage = new LinkedHashMap<>();
        for (Map.Entry<String, String> tenant : tokens.entrySet()) {
            HttpResponse<String> response = send(client, base, MIX.get(2), tenant.getValue(), 0);
            Matcher m = queries.matcher(response.body());
            if (response.statusCode() != 200 || !m.find()) {
                throw new IllegalStateException("usage of " + tenant.getKey() + ": " + response.body());
            }
            usage.put(tenant.getKey(), Long.parseLong(m.group(1)));
        }
        return usage;
    }

    static void print(String name, List<Long> micros) {
        List<Long> sorted = new ArrayList<>(micros);
        Collections.sort(sorted);
        if (sorted.isEmpty()) {
            return;
        }
        System.out.printf("  %-38s %7.1f  %7.1f  %7.1f  %5d%n", name, pct(sorted, 50) / 1000.0, pct(sorted, 99) / 1000.0,
                sorted.get(sorted.size() - 1) / 1000.0, sorted.size());
    }

    static long pct(List<Long> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
