package com.smeplug.chat;

import java.util.List;

import com.smeplug.usage.UsageMeter.TokenUsage;

/**
 * What a responder produced for one question. {@code tokens} are the model's real counts (zero when none ran).
 * {@code answerSource} is what wrote the reply: {@code knowledge_pack} or {@code specialisation} (offline, extracted)
 * or the model id;
 * {@code source} is the system that answered in SPEC §1's sense: {@code sample} when the offline fallback answered or
 * the reply rests on any sample data, else the real system.
 */
record Answer(String reply, List<Citation> citations, String model, boolean mockMode, TokenUsage tokens,
        String answerSource, String source) {

    public static final String SAMPLE = "sample";
}
