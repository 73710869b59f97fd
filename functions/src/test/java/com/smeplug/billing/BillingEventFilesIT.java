package com.smeplug.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.smeplug.local.aws.RepoRoot;
import com.smeplug.testing.HttpResult;
import com.smeplug.testing.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;

/**
 * The billing events under infra/events (for {@code sam local invoke -e}) through the Lambda entry point in
 * gateway auth mode, as deployed. The webhook event's signature is static, so it is older than the tolerance.
 */
class BillingEventFilesIT {

    static TestStack stack;

    @BeforeAll
    static void start() {
        stack = TestStack.start("billing-events-it", Map.of("AUTH_MODE", "gateway"));
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void the_plan_invoices_and_subscribe_events_are_answered_2xx() throws IOException {
        for (String function : new String[] {"billingPlan", "invoices", "subscribe"}) {
            HttpResult result = HttpResult.parse(stack.invokeRaw(function, eventFile(function)));
            var expect = com.smeplug.platform.http.Json.tree(Files.readString(
                    RepoRoot.find().resolve(Path.of("infra", "events", function + ".expect.json"))));
            assertThat(result.status()).as(function + ": " + result.body()).isEqualTo(expect.path("status").asInt());
            expect.path("body_has").forEach(field -> assertThat(result.json().has(field.asString())).as(field.asString()).isTrue());
            assertThat(result.json().path("mock_mode").asBoolean()).isTrue();
        }
    }

    @Test
    void the_webhook_event_is_refused_with_the_template_settings_because_its_signature_is_old() throws IOException {
        HttpResult result = HttpResult.parse(stack.invokeRaw("stripeWebhook", eventFile("stripeWebhook")));

        assertThat(result.status()).isEqualTo(400);
        assertThat(result.errorCode()).isEqualTo("invalid_signature");
    }

    @Test
    void the_webhook_event_verifies_with_the_documented_local_secret_when_the_timestamp_check_is_off() throws IOException {
        System.setProperty("STRIPE_WEBHOOK_SECRET", "whsec_local_test_secret_not_for_production");
        System.setProperty("STRIPE_WEBHOOK_TOLERANCE_SECONDS", "0");
        try {
            FunctionInvoker invoker = new FunctionInvoker("stripeWebhook");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            invoker.handleRequest(new ByteArrayInputStream(eventFile("stripeWebhook").getBytes(StandardCharsets.UTF_8)),
                    out, null);
            HttpResult result = HttpResult.parse(out.toString(StandardCharsets.UTF_8));

            assertThat(result.status()).as(result.body()).isEqualTo(200);
            assertThat(result.json().path("event_id").asString()).isEqualTo("evt_local_checkout_0001");
        }
        finally {
            System.clearProperty("STRIPE_WEBHOOK_SECRET");
            System.clearProperty("STRIPE_WEBHOOK_TOLERANCE_SECONDS");
            stack.applyVariables();
        }
    }

    private static String eventFile(String function) throws IOException {
        return Files.readString(RepoRoot.find().resolve(Path.of("infra", "events", function + ".json")));
    }
}
