package com.smeplug.usage;

import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.Map;

import com.smeplug.platform.http.ApiException;

/**
 * {@code 429 quota_exceeded}: the month's query quota is used up (or the tenant has no active subscription, whose
 * quota is 0). The error object carries {@code limit} and, when waiting helps, {@code resets_at}, which
 * {@code Retry-After} also gives in seconds (RFC 9110), for clients that read the header rather than the body.
 */
final class QuotaExceededException extends ApiException {

    private QuotaExceededException(String message, Map<String, Object> details) {
        super(429, "quota_exceeded", message, details);
    }

    static QuotaExceededException usedUp(long limit, YearMonth month, Instant now) {
        Map<String, Object> details = new LinkedHashMap<>();
        Instant resetsAt = UsageMonths.resetsAt(month);
        details.put("limit", limit);
        details.put("resets_at", resetsAt.toString());
        QuotaExceededException usedUp = new QuotaExceededException("the monthly query quota of " + limit + " for "
                + month + " is used up; it resets on " + UsageMonths.firstDayAfter(month) + " (UTC)", details);
        if (limit > 0) { // a plan with no quota at all gets none next month either: waiting does not help
            usedUp.retryAfter(Duration.between(now, resetsAt).toSeconds());
        }
        return usedUp;
    }

    static QuotaExceededException noSubscription() {
        return new QuotaExceededException("no active subscription: the monthly query quota is 0 until the tenant "
                + "subscribes to a plan", Map.of("limit", 0L));
    }
}
