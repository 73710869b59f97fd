package com.smeplug.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;

import com.smeplug.platform.http.ApiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UsageMonthsTest {

    @Test
    void a_month_is_read_as_written() {
        assertThat(UsageMonths.parse("2026-11")).isEqualTo(YearMonth.of(2026, 11));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "2026-13", "2026-00", "2026-1", "26-11", "2026/11", "2026-11-01", " 2026-11", "nov"})
    void anything_else_is_a_400_naming_month(String text) {
        assertThatThrownBy(() -> UsageMonths.parse(text))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.code()).isEqualTo("invalid_request");
                    assertThat(e.getMessage()).contains("month");
                });
    }

    @Test
    void the_month_is_the_utc_month_whatever_the_clock_zone() {
        Clock lateNewYearsEveInNewYork = Clock.fixed(Instant.parse("2027-01-01T02:30:00Z"), ZoneId.of("America/New_York"));

        assertThat(UsageMonths.current(lateNewYearsEveInNewYork)).isEqualTo(YearMonth.of(2027, 1));
    }

    @Test
    void the_quota_resets_at_the_first_instant_of_the_next_month() {
        assertThat(UsageMonths.resetsAt(YearMonth.of(2026, 12))).isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
        assertThat(UsageMonths.resetsAt(YearMonth.of(2028, 2))).isEqualTo(Instant.parse("2028-03-01T00:00:00Z"));
    }
}
