package com.smeplug.chat.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.smeplug.chat.ChatLatencyBench;
import com.smeplug.chat.knowledge.KnowledgePacks;
import com.smeplug.local.aws.ApiEvent;
import com.smeplug.platform.http.Json;
import com.smeplug.testing.HttpResult;
import com.smeplug.testing.TestStack;

/**
 * Offline POST /chat end to end through FunctionInvoker (the Lambda entry point) on the local stack: input, plug
 * routing, session read and write, quota reservation and metering, all against dynalite (a Node process speaking
 * the DynamoDB protocol, so storage times are dynalite's, not DynamoDB's). Real packs, as deployed.
 *
 * <pre>java ... com.smeplug.chat.bench.ChatInvokerBench [requests=500]</pre>
 */
public final class ChatInvokerBench {

    private ChatInvokerBench() {
    }

    public static void main(String[] args) {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        List<String> questions = ChatLatencyBench.questions(KnowledgePacks.load(ChatLatencyBench.ALL_PLUGS), requests);
        try (TestStack stack = TestStack.start("chat-bench", Map.of("AUTH_MODE", "gateway",
                "logging.level.com.smeplug", "WARN"))) {
            for (int i = 0; i < Math.min(100, requests); i++) { // warm-up: JIT, connections
                call(stack, questions.get(i));
            }
            long[] nanos = new long[requests];
            for (int i = 0; i < requests; i++) {
                long t0 = System.nanoTime();
                call(stack, questions.get(i));
                nanos[i] = System.nanoTime() - t0;
            }
            Arrays.sort(nanos);
            System.out.printf(Locale.ROOT, "FunctionInvoker POST /chat (offline, dynalite) n=%d p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f%n",
                    requests, ChatLatencyBench.ms(ChatLatencyBench.percentile(nanos, 50)),
                    ChatLatencyBench.ms(ChatLatencyBench.percentile(nanos, 90)),
                    ChatLatencyBench.ms(ChatLatencyBench.percentile(nanos, 99)), ChatLatencyBench.ms(nanos[nanos.length - 1]));
        }
    }

    private static void call(TestStack stack, String question) {
        HttpResult result = stack.invoke("chat", ApiEvent.post("/chat", Json.write(Map.of("message", question)))
                .verifiedClaims(Map.of("sub", "sample-hospital_beta-admin")));
        if (result.status() != 200) {
            throw new IllegalStateException("chat answered " + result.status() + ": " + result.body());
        }
    }
}
