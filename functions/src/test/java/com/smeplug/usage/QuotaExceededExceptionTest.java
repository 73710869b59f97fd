package com.smeplug.usage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.YearMonth;

import org.junit.jupiter.api.Test;

/** {@code Retry-After} on a used-up quota says when waiting helps, and only then. */
class QuotaExceededExceptionTest {

    private static final Instant NOW = Instant.parse("2026-12-30T23:00:00Z");

    @Test
    void a_used_up_quota_says_to_retry_when_the_month_resets() {
        QuotaExceededException usedUp = QuotaExceededException.usedUp(1_000, YearMonth.of(2026, 12), NOW);

        assertThat(usedUp.retryAfterSeconds()).isEqualTo(25 * 3600L);
        assertThat(usedUp.details()).containsEntry("resets_at", "2027-01-01T00:00:00Z");
    }

    @Test
    void a_plan_without_any_quota_gets_no_retry_after_because_next_month_it_has_none_either() {
        assertThat(QuotaExceededException.usedUp(0, YearMonth.of(2026, 12), NOW).retryAfterSeconds()).isNull();
    }
}
