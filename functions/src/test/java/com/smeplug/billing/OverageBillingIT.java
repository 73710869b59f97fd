package com.smeplug.billing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.smeplug.local.aws.ApiEvent;
import com.smeplug.local.aws.LocalAws;
import com.smeplug.local.aws.SqsEventSource;
import com.smeplug.platform.config.Settings;
import com.smeplug.platform.http.Json;
import com.smeplug.platform.tenant.Tenant;
import com.smeplug.platform.tenant.TenantStore;
import com.smeplug.testing.HttpResult;
import com.smeplug.testing.TestStack;
import com.smeplug.usage.UsageKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import tools.jackson.databind.JsonNode;

import org.springframework.cloud.function.adapter.aws.FunctionInvoker;
import org.springframework.core.env.StandardEnvironment;

/**
 * Acceptance 4: usage is billed, in real-Stripe mode (a fake Stripe over HTTP, ElasticMQ as SQS). Past the quota of an
 * overage plan each chat answer puts one report on the overage report queue and calls no Stripe; billingOverageReport,
 * fed those messages, makes each one Stripe meter event (our usage event id as its identifier); a report Stripe fails
 * stays on the queue and a later delivery bills it. The sample ledger's invoice carries the same usage line, and
 * cost_accrued is that amount; a hard-quota plan refuses instead, queues nothing and accrues nothing.
 */
class OverageBillingIT {

    static final int QUOTA = 3;
    static final String METER_EVENTS = "/v1/billing/meter_events";

    static WireMockServer stripe;
    static TestStack stack;
    static UsageKit kit;
    static String queue;

    @BeforeAll
    static void start() throws IOException {
        stripe = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        stripe.start();
        stripe.stubFor(post(urlPathEqualTo(METER_EVENTS)).willReturn(meterEvent()));
        stack = TestStack.start("usage-overage-it", Map.of(
                "PLAN_PROFESSIONAL_QUERY_QUOTA", String.valueOf(QUOTA),
                "PLAN_STARTER_QUERY_QUOTA", String.valueOf(QUOTA),
                // a price per question that needs no rounding, so N x price is exact to compare
                "COST_PER_QUERY", "0.25",
                "USE_REAL_STRIPE", "true",
                "STRIPE_SECRET_KEY", "sk_test_overage_it",
                "STRIPE_API_BASE", stripe.baseUrl(),
                "STRIPE_MAX_NETWORK_RETRIES", "0"));
        // OVERAGE_REPORT_QUEUE_URL is the template's, pointed at this stack's OverageReportQueue
        queue = stack.aws().queueUrl("OverageReportQueue");
        assertThat(stack.variable("OVERAGE_REPORT_QUEUE_URL")).isEqualTo(queue);
        kit = new UsageKit(stack, OverageReporter.NONE);
    }

    @AfterAll
    static void stop() {
        stack.close();
        stripe.stop();
    }

    @Test
    void answers_past_the_quota_are_queued_by_chat_and_each_becomes_one_meter_event_and_the_invoice_line_equals_cost_accrued() {
        String tenant = subscriber("overage_co", "professional", "cus_OverageCustomer1");
        int past = 4;

        for (int i = 1; i <= QUOTA + past; i++) {
            assertThat(chat(tenant, "ask-" + i).status()).isEqualTo(200);
        }
        // the same request again (a client retry): counted once, queued once
        assertThat(chat(tenant, "ask-" + (QUOTA + past)).status()).isEqualTo(200);

        assertThat(meterEvents("cus_OverageCustomer1")).as("Stripe calls made by chat").isEmpty();
        List<Message> queued = takeAll();
        List<String> expectedIds = new ArrayList<>();
        for (int i = QUOTA + 1; i <= QUOTA + past; i++) {
            expectedIds.add(kit.usageEventId(tenant, "ask-" + i));
        }
        assertThat(queued).extracting(m -> Json.tree(m.body()).path("usage_event_id").asString())
                .containsExactlyInAnyOrderElementsOf(expectedIds);
        assertThat(queued).allSatisfy(m -> {
            JsonNode report = Json.tree(m.body());
            assertThat(report.path("tenant_id").asString()).isEqualTo(tenant);
            assertThat(Instant.parse(report.path("answered_at").asString())).isBetween(
                    Instant.now().minus(Duration.ofMinutes(5)), Instant.now());
        });

        assertThat(failures(report(queued))).isEmpty();

        List<LoggedRequest> events = meterEvents("cus_OverageCustomer1");
        assertThat(events).hasSize(past);
        assertThat(events).allSatisfy(event -> {
            assertThat(event.formParameters().get("event_name").firstValue()).isEqualTo("sme_plug_overage_queries");
            assertThat(event.formParameters().get("payload[value]").firstValue()).isEqualTo("1");
        });
        assertThat(events).extracting(e -> e.formParameters().get("identifier").firstValue())
                .containsExactlyInAnyOrderElementsOf(expectedIds)
                .doesNotContain(kit.usageEventId(tenant, "ask-" + QUOTA))
                .allSatisfy(id -> assertThat(id).startsWith("usage_").hasSizeLessThanOrEqualTo(100));

        // a message delivered again is sent with the same identifier, which Stripe counts once
        String again = Json.tree(queued.get(0).body()).path("usage_event_id").asString();
        assertThat(failures(report(queued.subList(0, 1)))).isEmpty();
        List<String> sent = meterEvents("cus_OverageCustomer1").stream()
                .map(e -> e.formParameters().get("identifier").firstValue()).toList();
        assertThat(sent).hasSize(past + 1).filteredOn(again::equals).hasSize(2);
        // under the same idempotency key each time, so Stripe replays its first answer instead of counting it again
        assertThat(meterEvents("cus_OverageCustomer1")).allSatisfy(event -> assertThat(event.getHeader("Idempotency-Key"))
                .isEqualTo("meter_" + event.formParameters().get("identifier").firstValue()));
        assertThat(sent.stream().distinct()).containsExactlyInAnyOrderElementsOf(expectedIds);

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
    void a_report_stripe_fails_stays_on_the_queue_alone_and_a_later_delivery_bills_it() {
        String tenant = subscriber("outage_co", "professional", "cus_OutageCustomer1");
        for (int i = 1; i <= QUOTA + 2; i++) {
            assertThat(chat(tenant, "ask-" + i).status()).isEqualTo(200);
        }
        // Stripe answers this customer's first meter event with a 500, then is back
        stripe.stubFor(post(urlPathEqualTo(METER_EVENTS)).withRequestBody(containing("cus_OutageCustomer1"))
                .inScenario("outage").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(500).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":{\"type\":\"api_error\",\"message\":\"An unknown error occurred\"}}"))
                .willSetStateTo("back"));
        stripe.stubFor(post(urlPathEqualTo(METER_EVENTS)).withRequestBody(containing("cus_OutageCustomer1"))
                .inScenario("outage").whenScenarioStateIs("back").willReturn(meterEvent()));

        List<JsonNode> responses = new ArrayList<>();
        List<String> batches = new ArrayList<>();
        try (SqsEventSource source = new SqsEventSource(stack.aws().sqs(), queue, SqsEventSource.queueArn(stack.aws().sqs(), queue),
                SqsEventSource.MAX_BATCH_SIZE, 1, event -> {
                    batches.add(event);
                    String response = stack.invokeRaw("billingOverageReport", event);
                    responses.add(Json.tree(response));
                    return response;
                })) {
            SqsEventSource.Poll first = source.pollOnce(2);
            assertThat(first.received()).isEqualTo(2);
            List<String> failed = failures(responses.get(0));
            assertThat(failed).as("only the message Stripe failed is left for redelivery").hasSize(1);
            assertThat(first.deleted()).isEqualTo(1);
            String failedId = failed.get(0);

            SqsEventSource.Poll later = source.pollOnce(5);
            assertThat(later.received()).as("the failed message, redelivered").isEqualTo(1);
            assertThat(batches.get(1)).contains(failedId);
            assertThat(failures(responses.get(1))).isEmpty();
            assertThat(source.pollOnce(2).received()).as("nothing left on the queue").isZero();
        }

        List<String> billed = meterEvents("cus_OutageCustomer1").stream()
                .map(e -> e.formParameters().get("identifier").firstValue()).toList();
        assertThat(billed).as("attempts: one failed, then each report once").hasSize(3);
        assertThat(billed.stream().distinct()).as("nothing lost").containsExactlyInAnyOrder(
                kit.usageEventId(tenant, "ask-" + (QUOTA + 1)), kit.usageEventId(tenant, "ask-" + (QUOTA + 2)));
    }

    @Test
    void a_report_the_queue_did_not_take_is_sent_by_the_reconciler_once_and_one_it_took_is_not_sent_again() throws Exception {
        String tenant = subscriber("queue_outage_co", "professional", "cus_QueueOutage1");
        for (int i = 1; i <= QUOTA; i++) {
            assertThat(chat(tenant, "ask-" + i).status()).isEqualTo(200);
        }
        // SQS refuses chat's report (the queue is gone for a moment): the answer is still given and counted
        var sqs = stack.aws().sqs();
        Map<QueueAttributeName, String> attributes = new HashMap<>(
                sqs.getQueueAttributes(b -> b.queueUrl(queue).attributeNames(
                        QueueAttributeName.VISIBILITY_TIMEOUT,
                        QueueAttributeName.MESSAGE_RETENTION_PERIOD,
                        QueueAttributeName.REDRIVE_POLICY)).attributes());
        String queueName = queue.substring(queue.lastIndexOf('/') + 1);
        sqs.deleteQueue(b -> b.queueUrl(queue));
        try {
            assertThat(chat(tenant, "ask-" + (QUOTA + 1)).status()).isEqualTo(200);
        }
        finally {
            assertThat(sqs.createQueue(b -> b.queueName(queueName).attributes(attributes)).queueUrl()).isEqualTo(queue);
        }
        assertThat(takeAll()).as("reports the queue took").isEmpty();
        // the next one the queue takes
        assertThat(chat(tenant, "ask-" + (QUOTA + 2)).status()).isEqualTo(200);
        assertThat(takeAll()).extracting(m -> Json.tree(m.body()).path("usage_event_id").asString())
                .containsExactly(kit.usageEventId(tenant, "ask-" + (QUOTA + 2)));

        // the reconciler sends what the queue did not take, once the answers are older than a reservation can be
        String before = System.getProperty("USAGE_RESERVATION_TIMEOUT_SECONDS");
        stack.set("USAGE_RESERVATION_TIMEOUT_SECONDS", "1");
        try {
            Thread.sleep(1_500);
            String run = "{\"tenant_id\":\"" + tenant + "\",\"month\":\"" + kit.month() + "\"}";
            JsonNode first = stack.invokeJson("usageReconcile", run).path("results").get(0);
            assertThat(first.path("repairs").toString()).contains("sent 1 overage report(s) billing had not taken");
            assertThat(first.path("error").isNull() || first.path("error").isMissingNode()).as(first.toString()).isTrue();
            List<Message> resent = takeAll();
            assertThat(resent).extracting(m -> Json.tree(m.body()).path("usage_event_id").asString())
                    .containsExactly(kit.usageEventId(tenant, "ask-" + (QUOTA + 1)));

            JsonNode second = stack.invokeJson("usageReconcile", run).path("results").get(0);
            assertThat(second.path("repairs").toString()).doesNotContain("overage");
            assertThat(takeAll()).as("reports sent again by a second run").isEmpty();

            assertThat(failures(report(resent))).isEmpty();
            assertThat(meterEvents("cus_QueueOutage1")).extracting(e -> e.formParameters().get("identifier").firstValue())
                    .containsExactly(kit.usageEventId(tenant, "ask-" + (QUOTA + 1)));
        }
        finally {
            stack.set("USAGE_RESERVATION_TIMEOUT_SECONDS", before == null ? "120" : before);
        }
    }

    @Test
    void a_hard_quota_plan_refuses_past_its_quota_queues_nothing_and_accrues_nothing() {
        String tenant = subscriber("starter_co", "starter", "cus_StarterCustomer1");
        for (int i = 1; i <= QUOTA; i++) {
            assertThat(chat(tenant, "ask-" + i).status()).isEqualTo(200);
        }

        HttpResult refused = chat(tenant, "ask-past");

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.errorCode()).isEqualTo("quota_exceeded");
        assertThat(kit.usage(tenant).json().path("cost_accrued").decimalValue()).isEqualByComparingTo("0");
        assertThat(takeAll()).extracting(Message::body).noneMatch(body -> body.contains(tenant));
        assertThat(meterEvents("cus_StarterCustomer1")).isEmpty();
    }

    @Test
    void real_stripe_mode_without_the_queue_url_fails_at_start_up_naming_it_and_sample_mode_needs_no_queue() {
        String url = System.getProperty("OVERAGE_REPORT_QUEUE_URL");
        System.clearProperty("OVERAGE_REPORT_QUEUE_URL");
        try {
            assertThatThrownBy(() -> new FunctionInvoker("chat").handleRequest(chatEvent("lawfirm_alpha", "start-up"),
                    new ByteArrayOutputStream(), null)).rootCause().hasMessageContaining("OVERAGE_REPORT_QUEUE_URL");

            System.setProperty("USE_REAL_STRIPE", "false");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            new FunctionInvoker("chat").handleRequest(chatEvent("lawfirm_alpha", "sample-start-up"), out, null);
            assertThat(HttpResult.parse(out.toString(StandardCharsets.UTF_8)).status()).as("sample mode").isEqualTo(200);
        }
        catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        finally {
            System.setProperty("OVERAGE_REPORT_QUEUE_URL", url);
            System.setProperty("USE_REAL_STRIPE", "true");
        }
    }

    private static HttpResult chat(String tenant, String idempotencyKey) {
        return stack.invoke("chat", chatRequest(tenant, idempotencyKey));
    }

    private static ApiEvent chatRequest(String tenant, String idempotencyKey) {
        return ApiEvent.post("/chat", "{\"message\": \"What must a GDPR data breach notification contain?\", \"active_plug\": \"legal\"}")
                .bearer(stack.token(tenant)).header("Idempotency-Key", idempotencyKey);
    }

    /** The event a chat request becomes once API Gateway's JWT authorizer has verified its token. */
    private static InputStream chatEvent(String tenant, String idempotencyKey) {
        ApiEvent event = chatRequest(tenant, idempotencyKey);
        assertThat(stack.aws().authorizer().authorize(event)).isTrue();
        return new ByteArrayInputStream(event.toJson().getBytes(StandardCharsets.UTF_8));
    }

    /** Everything on the overage report queue, taken off it. */
    private static List<Message> takeAll() {
        List<Message> messages = new ArrayList<>();
        for (List<Message> batch = receive(); !batch.isEmpty(); batch = receive()) {
            messages.addAll(batch);
            batch.forEach(m -> stack.aws().sqs().deleteMessage(b -> b.queueUrl(queue).receiptHandle(m.receiptHandle())));
        }
        return messages;
    }

    private static List<Message> receive() {
        return stack.aws().sqs().receiveMessage(b -> b.queueUrl(queue).maxNumberOfMessages(10).waitTimeSeconds(1)
                .visibilityTimeout(30)).messages();
    }

    /** Feeds {@code messages} to billingOverageReport as Lambda's event source mapping would. */
    private static JsonNode report(List<Message> messages) {
        return stack.invokeJson("billingOverageReport", SqsEventSource.event(messages,
                SqsEventSource.queueArn(stack.aws().sqs(), queue), LocalAws.REGION));
    }

    private static List<String> failures(JsonNode response) {
        List<String> ids = new ArrayList<>();
        response.path("batchItemFailures").forEach(f -> ids.add(f.path("itemIdentifier").asString()));
        return ids;
    }

    private static List<LoggedRequest> meterEvents(String customer) {
        return stripe.findAll(postRequestedFor(urlPathEqualTo(METER_EVENTS))).stream()
                .filter(e -> customer.equals(e.formParameters().get("payload[stripe_customer_id]").firstValue())).toList();
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder meterEvent() {
        try (InputStream fixture = OverageBillingIT.class.getClassLoader().getResourceAsStream("billing/stripe/meter_event.json")) {
            return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                    .withBody(new String(fixture.readAllBytes(), StandardCharsets.UTF_8));
        }
        catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
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
