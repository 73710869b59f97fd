package com.smeplug.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import com.smeplug.billing.Plan;
import com.smeplug.billing.Plans;
import com.smeplug.local.aws.ApiEvent;
import com.smeplug.local.aws.SamTemplate;
import com.smeplug.platform.config.Settings;
import com.smeplug.platform.http.Json;
import com.smeplug.testing.AwsCallCounter;
import com.smeplug.testing.HttpResult;
import com.smeplug.testing.OnDemandPrices;
import com.smeplug.testing.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a request costs on AWS, counted: each route through the Lambda handler (deployed auth mode, sample mode) on
 * the local protocol servers, with every DynamoDB and SQS call the function makes counted by {@link AwsCallCounter}
 * (request units as DynamoDB bills them) and its warm duration measured. The report (target/cost/request-cost.md)
 * prices them at on-demand list prices ({@link OnDemandPrices}); README's cost table is copied from it. Durations are this machine's, not
 * Lambda's: a deployed function's REPORT lines give its billed duration.
 *
 * <p>Run: {@code mvn -o -pl functions -am verify -Dtest=none -Dit.test=RequestCostIT
 * -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false}
 */
class RequestCostIT {

    static final int WARM_UPS = 30;
    static final int RUNS = 30;
    static final String TENANT = "hospital_beta";

    record Cost(String route, double dynamoReads, double dynamoWrites, double readUnits, double writeUnits,
            double sqsCalls, double medianMillis, Map<String, Long> operations) {

        double perRequest(double gigabytes) {
            return OnDemandPrices.LAMBDA_PER_REQUEST + OnDemandPrices.HTTP_API_PER_REQUEST + Math.max(1, Math.ceil(medianMillis)) / 1000 * gigabytes * OnDemandPrices.LAMBDA_ARM_PER_GB_SECOND
                    + readUnits * OnDemandPrices.DYNAMODB_PER_READ_UNIT + writeUnits * OnDemandPrices.DYNAMODB_PER_WRITE_UNIT + sqsCalls * OnDemandPrices.SQS_PER_REQUEST;
        }
    }

    static final List<String> READS = List.of("GetItem", "Query", "BatchGetItem", "Scan");
    static final List<String> WRITES = List.of("PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem");

    static TestStack stack;
    static final List<Cost> costs = new ArrayList<>();

    @BeforeAll
    static void start() {
        stack = TestStack.start("request-cost", Map.of("AUTH_MODE", "gateway"));
    }

    @AfterAll
    static void stop() throws IOException {
        stack.close();
        if (!costs.isEmpty()) {
            report();
        }
    }

    private static ApiEvent signedIn(ApiEvent event) {
        return event.bearer(stack.token(TENANT));
    }

    private static Cost measure(String route, String function, Supplier<ApiEvent> event) {
        for (int i = 0; i < WARM_UPS; i++) {
            HttpResult warm = stack.invoke(function, event.get());
            assertThat(warm.status()).as(route + " " + warm.body()).isBetween(200, 299);
        }
        List<Long> nanos = new ArrayList<>();
        double reads = 0, writes = 0, readUnits = 0, writeUnits = 0, sqs = 0;
        Map<String, Long> operations = new java.util.TreeMap<>();
        for (int i = 0; i < RUNS; i++) {
            ApiEvent request = event.get();
            try (AwsCallCounter.Recording calls = AwsCallCounter.record()) {
                long started = System.nanoTime();
                HttpResult result = stack.invoke(function, request);
                nanos.add(System.nanoTime() - started);
                assertThat(result.status()).as(route).isBetween(200, 299);
                reads += calls.count("dynamodb", READS);
                writes += calls.count("dynamodb", WRITES);
                readUnits += calls.readUnits();
                writeUnits += calls.writeUnits();
                calls.operations().forEach((name, count) -> operations.merge(name, count, Long::sum));
                sqs += calls.operations().entrySet().stream().filter(e -> e.getKey().startsWith("sqs."))
                        .mapToLong(Map.Entry::getValue).sum();
            }
        }
        nanos.sort(Long::compare);
        Cost cost = new Cost(route, reads / RUNS, writes / RUNS, readUnits / RUNS, writeUnits / RUNS, sqs / RUNS,
                nanos.get(nanos.size() / 2) / 1e6, operations);
        costs.add(cost);
        return cost;
    }

    private static String newSessionChat() {
        return Json.write(Map.of("message", "What are the HIPAA technical safeguards?"));
    }

    @Test
    void a_chat_reads_and_writes_dynamodb_and_meters_one_usage_event() {
        Cost first = measure("POST /chat (new session)", "chat", () -> signedIn(ApiEvent.post("/chat", newSessionChat())));
        String session = stack.invoke("chat", signedIn(ApiEvent.post("/chat", newSessionChat()))).json().path("session_id").asString();
        Cost followUp = measure("POST /chat (follow-up)", "chat", () -> signedIn(ApiEvent.post("/chat",
                Json.write(Map.of("message", "Which of them cover audit controls?", "session_id", session)))));

        assertThat(first.dynamoWrites()).as("a chat writes (its turns and its usage event)").isGreaterThan(0);
        assertThat(followUp.dynamoReads()).isGreaterThan(0);
        assertThat(first.sqsCalls()).isZero();
    }

    @Test
    void the_console_reads_write_nothing() {
        List<Cost> reads = List.of(
                measure("GET /plugs", "plugs", () -> signedIn(ApiEvent.get("/plugs"))),
                measure("GET /billing/usage", "usage", () -> signedIn(ApiEvent.get("/billing/usage"))),
                measure("GET /billing/plan", "billingPlan", () -> signedIn(ApiEvent.get("/billing/plan"))),
                measure("GET /integrations/salesforce", "salesforce", () -> signedIn(ApiEvent.get("/integrations/salesforce"))),
                measure("GET /finetune/jobs", "finetuneJobs", () -> signedIn(ApiEvent.get("/finetune/jobs"))));

        assertThat(reads).allSatisfy(cost -> {
            assertThat(cost.dynamoWrites()).as(cost.route()).isZero();
            assertThat(cost.dynamoReads()).as(cost.route()).isGreaterThan(0);
        });
    }

    private static void report() throws IOException {
        @SuppressWarnings("unchecked")
        Map<String, Object> globals = (Map<String, Object>) ((Map<String, Object>) SamTemplate.load().resourcesRoot().get("Globals")).get("Function");
        int memoryMb = Integer.parseInt(globals.get("MemorySize").toString());
        double gigabytes = memoryMb / 1024.0;
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "Per request, %d warm runs each after %d warm-ups, %d MB arm64, tenant %s (sample mode)%n%n",
                RUNS, WARM_UPS, memoryMb, TENANT));
        out.append("| route | DynamoDB reads | DynamoDB writes | read units | write units | SQS calls | median ms (local) | USD per 1,000 | calls per request |\n");
        out.append("|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (Cost cost : costs) {
            String calls = cost.operations().entrySet().stream().map(e -> String.format(Locale.ROOT, "%s %.1f",
                    e.getKey().substring(e.getKey().indexOf('.') + 1), e.getValue() / (double) RUNS))
                    .collect(java.util.stream.Collectors.joining(", "));
            out.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.4f | %s |%n", cost.route(),
                    cost.dynamoReads(), cost.dynamoWrites(), cost.readUnits(), cost.writeUnits(), cost.sqsCalls(),
                    cost.medianMillis(), 1000 * cost.perRequest(gigabytes), calls));
        }
        costs.stream().filter(c -> c.route().startsWith("POST /chat (new")).findFirst().ifPresent(chat -> {
            double perChat = chat.perRequest(gigabytes);
            double lambda = OnDemandPrices.LAMBDA_PER_REQUEST + Math.max(1, Math.ceil(chat.medianMillis())) / 1000 * gigabytes * OnDemandPrices.LAMBDA_ARM_PER_GB_SECOND;
            out.append(String.format(Locale.ROOT, "%nPer 1,000 chats (new sessions): Lambda %.4f, API Gateway %.4f, DynamoDB %.4f, SQS %.4f, total %.4f USD%n",
                    1000 * lambda, 1000 * OnDemandPrices.HTTP_API_PER_REQUEST,
                    1000 * (chat.readUnits() * OnDemandPrices.DYNAMODB_PER_READ_UNIT + chat.writeUnits() * OnDemandPrices.DYNAMODB_PER_WRITE_UNIT),
                    1000 * chat.sqsCalls() * OnDemandPrices.SQS_PER_REQUEST, 1000 * perChat));
            Plans plans = new Plans(new Settings(name -> null));
            for (String name : Plans.NAMES) {
                Plan plan = plans.find(name).orElseThrow();
                out.append(String.format(Locale.ROOT, "Tenant-month at the %s quota (%,d chats): %.2f USD%n", name,
                        plan.monthlyQueryQuota(), plan.monthlyQueryQuota() * perChat));
            }
        });
        Path file = Path.of("target", "cost", "request-cost.md");
        Files.createDirectories(file.getParent());
        Files.writeString(file, out.toString());
        System.out.println(out);
    }
}
