package com.smeplug.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;

import com.smeplug.billing.BillingPeriods.Period;
import org.junit.jupiter.api.Test;

class ProrationTest {

    static final Plan PROFESSIONAL = new Plan("professional", new BigDecimal("99.00"), 3, 10_000);
    static final Plan ENTERPRISE = new Plan("enterprise", new BigDecimal("199.00"), 10, 100_000);
    static final Period FEBRUARY = BillingPeriods.period(Instant.parse("2027-02-01T00:00:00Z"), 0);

    @Test
    void each_line_is_the_period_amount_times_the_remaining_seconds_rounded_to_the_cent() {
        // 28-day February, change at noon on the 10th: 18.5 days remain
        var lines = Proration.lines(PROFESSIONAL, 1, ENTERPRISE, 2, FEBRUARY, Instant.parse("2027-02-10T12:00:00Z"));

        // 99 * 18.5 / 28 = 65.4107..., 398 * 18.5 / 28 = 262.9642...
        assertThat(lines.get(0).amount()).isEqualByComparingTo("-65.41");
        assertThat(lines.get(1).amount()).isEqualByComparingTo("262.96");
        assertThat(lines).allSatisfy(line -> assertThat(line.proration()).isTrue());
    }

    @Test
    void a_change_outside_the_period_is_refused() {
        assertThatThrownBy(() -> Proration.lines(PROFESSIONAL, 1, ENTERPRISE, 1, FEBRUARY, FEBRUARY.end()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
