package com.smeplug.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import com.smeplug.testing.HttpResult;
import com.smeplug.testing.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** POST /chat past the plan's monthly quota (starter set to 2 queries here): 429, and nothing answered or counted. */
class ChatQuotaIT {

    static TestStack stack;
    static ChatRequests client;

    @BeforeAll
    static void start() {
        stack = TestStack.start("chat-quota-it", Map.of("PLAN_STARTER_QUERY_QUOTA", "2"));
        client = new ChatRequests(stack);
    }

    @AfterAll
    static void stop() {
        stack.close();
        // TestStack.close() restores a variable that was unset before to this class's value when an invoker was
        // created after start (previous.putIfAbsent over a null entry): clear ours so later classes get the default.
        System.clearProperty("PLAN_STARTER_QUERY_QUOTA");
    }

    @Test
    void refused_requests_use_no_quota_and_past_the_quota_a_chat_is_429_and_not_counted() {
        assertThat(client.chat("buildco_gamma", "GDPR", null, "legal").status()).isEqualTo(403);
        assertThat(client.raw("buildco_gamma", "{\"message\":\"\"}").status()).isEqualTo(400);
        assertThat(client.chat("buildco_gamma", "What does W18x35 mean?").status()).isEqualTo(200);
        assertThat(client.chat("buildco_gamma", "How deep can a trench be without protection?").status()).isEqualTo(200);

        HttpResult third = client.chat("buildco_gamma", "At what height is fall protection required?");

        assertThat(third.status()).isEqualTo(429);
        assertThat(third.errorCode()).isEqualTo("quota_exceeded");
        // the header says when the quota resets, as the body's resets_at does (give or take this test's second)
        long untilReset = java.time.Duration.between(java.time.Instant.now(),
                java.time.Instant.parse(third.json().path("error").path("resets_at").asString())).toSeconds();
        assertThat(Long.parseLong(third.header("Retry-After"))).isBetween(untilReset - 5, untilReset + 5);
        HttpResult usage = client.usage("buildco_gamma");
        assertThat(usage.json().path("queries_this_month").asLong()).isEqualTo(2);
        assertThat(usage.json().path("queries_limit").asLong()).isEqualTo(2);
    }
}
