package com.smeplug.chat;

import java.util.List;

/**
 * ChatResponse of the spec. {@code model} names what produced the reply ({@code offline-extractive} or the Claude
 * model that answered) and {@code answer_source} what the reply was written from ({@code knowledge_pack} or
 * {@code specialisation} offline, or the model id); {@code mock_mode} is true when no model ran and {@code source}
 * is {@code sample} when the offline fallback answered or any cited item is sample data, else the real system
 * (SPEC §1). {@code routing} says how the
 * plug was chosen: {@code requested}, {@code best_match}, {@code only_subscribed} or {@code default} (no pack answers).
 */
record ChatResponse(String reply, String sessionId, String activePlug, List<Citation> citations, String model,
        String answerSource, boolean mockMode, String source, TokenCounts usage, String routing) {

    public record TokenCounts(long inputTokens, long outputTokens) {
    }
}
