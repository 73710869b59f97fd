package com.smeplug.chat;

import java.util.regex.Pattern;

import com.smeplug.platform.http.ApiException;
import com.smeplug.platform.http.ApiRequest;

/**
 * Validates what a client sends to {@code POST /chat}: the body (message 1-8,000 characters, optional session id and
 * plug) and the optional {@code Idempotency-Key} header. Everything here is checked before any quota is reserved.
 */
final class ChatInput {

    static final int MAX_MESSAGE_CHARS = 8_000;
    static final int MAX_IDEMPOTENCY_KEY_CHARS = 128;
    /** Session ids are ours (22 URL-safe characters); accept a little more, but never a key separator or space. */
    private static final Pattern SESSION_ID = Pattern.compile("[A-Za-z0-9_-]{16,64}");
    /** Visible ASCII only: the key ends up in logs and storage keys. */
    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7E]{1," + MAX_IDEMPOTENCY_KEY_CHARS + "}");

    private ChatInput() {
    }

    static ChatRequest parse(ApiRequest request) {
        ChatRequest body = request.bodyAs(ChatRequest.class);
        String message = body.message();
        if (message == null) {
            throw ApiException.invalid("message is required");
        }
        if (message.isBlank()) {
            throw ApiException.invalid("message must not be empty");
        }
        if (message.codePointCount(0, message.length()) > MAX_MESSAGE_CHARS) {
            throw ApiException.tooLarge("message is longer than " + MAX_MESSAGE_CHARS + " characters");
        }
        if (body.sessionId() != null && !SESSION_ID.matcher(body.sessionId()).matches()) {
            throw ApiException.invalid("session_id is not a valid session id");
        }
        if (body.activePlug() != null && body.activePlug().isBlank()) {
            throw ApiException.invalid("active_plug must not be empty");
        }
        return body;
    }

    /**
     * The id this request is metered under: the client's {@code Idempotency-Key} when sent (so a retried request is
     * counted once), otherwise API Gateway's request id.
     */
    static String requestId(ApiRequest request) {
        var key = request.header("Idempotency-Key");
        if (key.isEmpty()) {
            return request.requestId();
        }
        if (!IDEMPOTENCY_KEY.matcher(key.get()).matches()) {
            throw ApiException.invalid("Idempotency-Key must be 1-" + MAX_IDEMPOTENCY_KEY_CHARS
                    + " visible ASCII characters");
        }
        return key.get();
    }
}
