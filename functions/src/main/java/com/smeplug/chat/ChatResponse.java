package com.smeplug.chat;

import java.util.List;

/**
 * ChatResponse of the spec. {@code model} names what produced the reply ({@code offline-extractive} or the Claude
 * model that answered); {@code mock_mode} is true when no model ran. {@code routing} says how the plug was chosen:
 * {@code requested}, {@code best_match}, {@code only_subscribed} or {@code default}.
 */
public record ChatResponse(String reply, String sessionId, String activePlug, List<Citation> citations, String model,
        boolean mockMode, TokenCounts usage, String routing) {

    public record TokenCounts(long inputTokens, long outputTokens) {
    }
}
