package com.smeplug.billing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import com.smeplug.billing.BillingPeriods.Period;

/**
 * Stripe's {@code proration_behavior=create_prorations} for a change made within a period: a credit for the unused
 * time of what was billed, and a charge for the remaining time of what replaces it, each the period amount times
 * (period end - change time) / (period end - period start), in seconds, rounded to the cent. The only place the
 * sample ledger prorates.
 */
final class Proration {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    private Proration() {
    }

    static List<Invoice.Line> lines(Plan from, int fromPlugs, Plan to, int toPlugs, Period period, Instant at) {
        if (at.isBefore(period.start()) || !at.isBefore(period.end())) {
            throw new IllegalArgumentException("a change at " + at + " is not within the period " + period);
        }
        String after = " after " + DAY.format(at);
        return List.of(
                new Invoice.Line("Unused time on " + fromPlugs + " × " + from.name() + after,
                        share(from.periodAmount(fromPlugs), period, at).negate(), true),
                new Invoice.Line("Remaining time on " + toPlugs + " × " + to.name() + after,
                        share(to.periodAmount(toPlugs), period, at), true));
    }

    private static BigDecimal share(BigDecimal periodAmount, Period period, Instant at) {
        long length = Duration.between(period.start(), period.end()).toSeconds();
        long remaining = Duration.between(at, period.end()).toSeconds();
        return periodAmount.multiply(BigDecimal.valueOf(remaining))
                .divide(BigDecimal.valueOf(length), 2, RoundingMode.HALF_UP);
    }
}
