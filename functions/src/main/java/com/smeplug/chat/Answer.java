package com.smeplug.chat;

import java.util.List;

import com.smeplug.usage.UsageMeter.TokenUsage;

/** What a responder produced for one question. {@code tokens} are the model's real counts (zero when none ran). */
public record Answer(String reply, List<Citation> citations, String model, boolean mockMode, TokenUsage tokens) {
}
