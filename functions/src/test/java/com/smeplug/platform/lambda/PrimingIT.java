package com.smeplug.platform.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.smeplug.local.aws.ApiEvent;
import com.smeplug.platform.auth.Probe;
import com.smeplug.platform.http.Json;
import com.smeplug.platform.http.Route;
import com.smeplug.testing.CapturedOutput;
import com.smeplug.testing.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import tools.jackson.databind.JsonNode;

/**
 * SnapStart priming through the Lambda handler, in the deployed (gateway) auth mode: each function answers its
 * probe requests many times, the routes that declare a probe take their success path for the probe tenant (its
 * membership, subscription and usage found through the SDK as the stores declared them, see ProbeItems), nothing is
 * written to the table or any queue, and no token can act as the probe.
 */
class PrimingIT {

    /** Behaviour, not warmth: a few passes show what the full priming does on each. */
    private static final int PASSES = 5;

    static TestStack stack;

    @BeforeAll
    static void start() {
        stack = TestStack.start("priming", Map.of("AUTH_MODE", "gateway"));
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @ParameterizedTest
    @CsvSource({
            "plugs, GET, /plugs, 200",             // reads only: the endpoint answers for the probe
            "usage, GET, /billing/usage, 200",     // reads only
            "chat, POST, /chat, 200",              // answered from the packs; no usage, no turn stored
            "billingPlan, GET, /billing/plan, 403" // declares no probe: a user of no tenant stops at the tenant check
    })
    void priming_answers_through_the_handler_writes_nothing_and_no_token_can_act_as_the_probe(
            String function, String method, String path, int primedStatus) {
        List<Map<String, AttributeValue>> itemsBefore = items();

        Map<Integer, Integer> statuses = stack.invoker(function).prime(PASSES);

        // (every function context of this test JVM registers its routes: the others' probes answer 405 here)
        assertThat(statuses.get(primedStatus)).as("answers by status: %s", statuses).isGreaterThanOrEqualTo(PASSES);
        assertThat(statuses.keySet()).as("answers by status").allMatch(status -> status < 500);
        assertThat(items()).as("the table").containsExactlyInAnyOrderElementsOf(itemsBefore);
        assertThat(messagesInQueues()).as("messages in the stack's queues").isZero();
        for (String probeUser : List.of(Probe.MEMBER, Probe.STRANGER)) {
            ApiEvent asProbe = method.equals("GET") ? ApiEvent.get(path) : ApiEvent.post(path, "{\"message\":\"hello\"}");
            var refused = stack.invoke(function, asProbe.bearer(stack.userToken(probeUser, null)));
            assertThat(refused.status()).as("a token whose sub is %s", probeUser).isEqualTo(401);
        }
    }

    @Test
    void priming_prints_no_request_log_line_though_a_real_request_prints_one() {
        String printed;
        try (CapturedOutput output = CapturedOutput.start()) {
            stack.invoker("plugs").prime(PASSES);
            stack.invoke("plugs", ApiEvent.get("/plugs").bearer(stack.token("lawfirm_alpha")));
            printed = output.text();
        }

        assertThat(printed).as("what was printed").contains("\"route\"").contains("lawfirm_alpha")
                .doesNotContain(Probe.MEMBER).doesNotContain(Probe.TENANT);
    }

    @Test
    void priming_starts_no_pass_once_its_time_budget_is_spent() {
        PrimingFunctionInvoker chat = stack.invoker("chat");

        assertThat(chat.prime(1_000, Duration.ZERO)).as("answers by status with no time left").isEmpty();
        long started = System.nanoTime();
        Map<Integer, Integer> statuses = chat.prime(1_000_000, Duration.ofMillis(300));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
        assertThat(statuses.get(200)).as("answers by status: %s", statuses).isPositive();
    }

    @Test
    void the_probe_reaches_the_success_path_of_plugs_usage_and_chat() {
        JsonNode plugs = probe("plugs", Route.get(), "");
        assertThat(plugs.path("statusCode").asInt()).isEqualTo(200);
        JsonNode plugsBody = Json.tree(plugs.path("body").asString());
        assertThat(plugsBody.path("tenant_id").asString()).isEqualTo(Probe.TENANT);
        assertThat(plugsBody.path("subscription_status").asString()).isEqualTo("active");
        assertThat(plugsBody.path("subscribed_plug_ids").toString()).contains("healthcare", "legal", "engineering");

        JsonNode usage = Json.tree(probe("usage", Route.get(), "").path("body").asString());
        assertThat(usage.path("plan").asString()).isEqualTo("professional");
        assertThat(usage.path("queries_this_month").asLong()).isEqualTo(1);

        JsonNode chat = probe("chat", Route.post(), "{\"message\":\"What are the HIPAA technical safeguards?\"}");
        assertThat(chat.path("statusCode").asInt()).isEqualTo(200);
        JsonNode reply = Json.tree(chat.path("body").asString());
        assertThat(reply.path("active_plug").asString()).isEqualTo("healthcare");
        assertThat(reply.path("citations").size()).isPositive();
    }

    private static JsonNode probe(String function, Route route, String body) {
        long itemsBefore = items().size();
        JsonNode response = stack.invokeJson(function, new String(ProbeEvents.event(route, Probe.MEMBER, body),
                StandardCharsets.UTF_8));
        assertThat(items()).as("items after the probe of %s", function).hasSize((int) itemsBefore);
        return response;
    }

    private static List<Map<String, AttributeValue>> items() {
        return stack.table().client().scanPaginator(ScanRequest.builder().tableName(stack.table().name()).build())
                .items().stream().toList();
    }

    private static long messagesInQueues() {
        var sqs = stack.aws().sqs();
        return sqs.listQueues().queueUrls().stream()
                .map(url -> sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes())
                .flatMap(attributes -> attributes.values().stream())
                .mapToLong(Long::parseLong).sum();
    }
}
