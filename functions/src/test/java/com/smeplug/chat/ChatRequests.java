package com.smeplug.chat;

import java.util.LinkedHashMap;
import java.util.Map;

import com.smeplug.local.aws.ApiEvent;
import com.smeplug.platform.http.Json;
import com.smeplug.testing.HttpResult;
import com.smeplug.testing.TestStack;

/** POST /chat through the Lambda entry point, as a tenant's client sends it. */
final class ChatRequests {

    private final TestStack stack;

    ChatRequests(TestStack stack) {
        this.stack = stack;
    }

    HttpResult chat(String tenant, String message) {
        return chat(tenant, message, null, null);
    }

    HttpResult chat(String tenant, String message, String sessionId, String activePlug) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("message", message);
        if (sessionId != null) {
            body.put("session_id", sessionId);
        }
        if (activePlug != null) {
            body.put("active_plug", activePlug);
        }
        return raw(tenant, Json.write(body));
    }

    HttpResult raw(String tenant, String body) {
        return stack.invoke("chat", ApiEvent.post("/chat", body).bearer(stack.token(tenant)));
    }

    HttpResult withKey(String tenant, String message, String idempotencyKey) {
        return stack.invoke("chat", ApiEvent.post("/chat", Json.write(Map.of("message", message)))
                .bearer(stack.token(tenant)).header("Idempotency-Key", idempotencyKey));
    }

    HttpResult usage(String tenant) {
        return stack.invoke("usage", ApiEvent.get("/billing/usage").bearer(stack.token(tenant)));
    }
}
