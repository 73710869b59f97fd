package com.smeplug.usage;

/**
 * Usage's port for the chat function. A chat request first reserves one query of the tenant's monthly quota
 * (429 {@code quota_exceeded} when it is used up), then either records the answered request or releases the
 * reservation when no answer was given. Both are idempotent by request id: a retried or resent request is
 * counted once.
 */
public interface UsageMeter {

    Reservation reserve(String tenantId, String requestId);

    void record(Reservation reservation, String plugId, TokenUsage tokens);

    void release(Reservation reservation);

    /** {@code alreadyCounted}: this request id was answered and counted before; do not count it again. */
    record Reservation(String tenantId, String requestId, String month, boolean alreadyCounted) {
    }

    record TokenUsage(long inputTokens, long outputTokens) {

        public static final TokenUsage NONE = new TokenUsage(0, 0);
    }
}
