package com.smeplug.platform.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import com.smeplug.local.aws.ApiEvent;
import com.smeplug.testing.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/**
 * SnapStart priming through the Lambda handler, in the deployed (gateway) auth mode: each function answers its
 * priming requests many times, the routes that allow it run their endpoint for the probe tenant, nothing is
 * written, and the probe tenant is refused again as soon as priming is over.
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
            "chat, POST, /chat, 402",              // refused before any usage is reserved: no subscription
            "billingPlan, GET, /billing/plan, 403" // not primed through its endpoint: stops at the tenant check
    })
    void priming_answers_through_the_handler_writes_nothing_and_admits_the_probe_only_while_priming(
            String function, String method, String path, int primedStatus) {
        long itemsBefore = itemCount();

        Map<Integer, Integer> statuses = stack.invoker(function).prime(PASSES);


        assertThat(statuses.get(primedStatus)).as("answers with %s: %s", primedStatus, statuses)
                .isGreaterThanOrEqualTo(PASSES);
        assertThat(itemCount()).as("items in the table").isEqualTo(itemsBefore);
        ApiEvent probe = method.equals("GET") ? ApiEvent.get(path) : ApiEvent.post(path, "{\"message\":\"hello\"}");
        var afterwards = stack.invoke(function, probe.verifiedClaims(Map.of("tenant_id", "priming-probe")));
        assertThat(afterwards.status()).isEqualTo(403);
        assertThat(afterwards.errorCode()).isEqualTo("unknown_tenant");
    }

    private static long itemCount() {
        return stack.table().client().scan(ScanRequest.builder().tableName(stack.table().name()).build()).count();
    }
}
