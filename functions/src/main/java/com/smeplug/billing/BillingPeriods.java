package com.smeplug.billing;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Monthly billing periods anchored on the day a subscription started (UTC), as Stripe anchors them: period k runs
 * from anchor + k months to anchor + k+1 months (a 31st anchor falls on the last day of shorter months).
 */
final class BillingPeriods {

    /** A longer history than this is not listed (ten years of monthly periods). */
    static final int MAX_PERIODS = 120;

    public record Period(int index, Instant start, Instant end) {

        public String month() {
            return start.toString().substring(0, 7);
        }
    }

    private BillingPeriods() {
    }

    public static Period period(Instant anchor, int index) {
        ZonedDateTime start = anchor.atZone(ZoneOffset.UTC);
        return new Period(index, start.plusMonths(index).toInstant(), start.plusMonths(index + 1L).toInstant());
    }

    /** The period that contains {@code now} (the first one if {@code now} is before the anchor). */
    public static Period current(Instant anchor, Instant now) {
        ZonedDateTime start = anchor.atZone(ZoneOffset.UTC);
        ZonedDateTime at = now.atZone(ZoneOffset.UTC);
        int index = (int) Math.max(0, java.time.temporal.ChronoUnit.MONTHS.between(start, at));
        // MONTHS.between counts whole months; step to the period that really contains now.
        while (index > 0 && period(anchor, index).start().isAfter(now)) {
            index--;
        }
        while (!period(anchor, index).end().isAfter(now)) {
            index++;
        }
        return period(anchor, index);
    }

    /** The periods that have ended by {@code until}, oldest first (at most {@link #MAX_PERIODS}, the newest kept). */
    public static List<Period> ended(Instant anchor, Instant until) {
        int current = current(anchor, until).index();
        List<Period> periods = new ArrayList<>();
        for (int index = Math.max(0, current - MAX_PERIODS); index < current; index++) {
            periods.add(period(anchor, index));
        }
        return periods;
    }
}
