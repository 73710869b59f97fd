package com.smeplug.usage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;

import com.smeplug.local.aws.RepoRoot;
import com.smeplug.testing.HttpResult;
import com.smeplug.testing.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The {@code sam local invoke -e} fixtures of usage, fed as is through the Lambda entry point in gateway auth mode. */
class UsageEventFilesIT {

    static TestStack stack;

    @BeforeAll
    static void start() {
        stack = TestStack.start("usage-events-it", Map.of("AUTH_MODE", "gateway"));
    }

    @AfterAll
    static void stop() {
        stack.close();
        System.setProperty("AUTH_MODE", "gateway"); // what every TestStack runs with
    }

    @Test
    void the_usage_event_file_answers_200_for_its_tenant() throws IOException {
        String event = Files.readString(RepoRoot.find().resolve("infra/events/usage.json"));

        HttpResult result = HttpResult.parse(stack.invokeRaw("usage", event));

        assertThat(result.status()).isEqualTo(200);
        assertThat(result.json().path("tenant_id").asString()).isEqualTo("hospital_beta");
        assertThat(result.headers()).doesNotContainKey("authorization");
    }

    @Test
    void the_scheduled_event_file_runs_a_reconciliation_and_returns_its_summary() throws IOException {
        String event = Files.readString(RepoRoot.find().resolve("infra/events/usageReconcile.json"));

        JsonNode summary = stack.invokeJson("usageReconcile", event);

        assertThat(summary.path("trigger").asString()).isEqualTo("schedule");
        assertThat(summary.path("months").toString()).isEqualTo("[\"2026-11\"]");
        assertThat(summary.path("failed").asInt()).isZero();
    }
}
