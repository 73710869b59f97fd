package com.smeplug.usage;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

import com.smeplug.platform.http.ApiException;

/** Usage months are UTC calendar months, written {@code YYYY-MM}; a month's quota resets on the 1st of the next. */
final class UsageMonths {

    private static final Pattern SHAPE = Pattern.compile("\\d{4}-\\d{2}");

    private UsageMonths() {
    }

    static YearMonth current(Clock clock) {
        return YearMonth.now(clock.withZone(ZoneOffset.UTC));
    }

    static YearMonth of(Instant instant) {
        return YearMonth.from(instant.atZone(ZoneOffset.UTC));
    }

    /** Parses a client's {@code month}; anything but a real {@code YYYY-MM} is a 400 naming the field. */
    static YearMonth parse(String text) {
        if (text == null || !SHAPE.matcher(text).matches()) {
            throw ApiException.invalid("month must be a month written YYYY-MM, e.g. 2026-11");
        }
        try {
            return YearMonth.parse(text);
        }
        catch (DateTimeParseException e) {
            throw ApiException.invalid("month must be a month written YYYY-MM, e.g. 2026-11");
        }
    }

    /** The first instant of the month after {@code month}: when its quota starts over. */
    static Instant resetsAt(YearMonth month) {
        return firstDayAfter(month).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    static LocalDate firstDayAfter(YearMonth month) {
        return month.plusMonths(1).atDay(1);
    }
}
