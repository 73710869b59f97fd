package com.smeplug.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class BillingPeriodsTest {

    static final Instant JAN_31 = Instant.parse("2026-01-31T09:30:00Z");

    @Test
    void periods_keep_the_anchor_day_and_fall_on_the_last_day_of_shorter_months() {
        assertThat(BillingPeriods.period(JAN_31, 0).end()).isEqualTo(Instant.parse("2026-02-28T09:30:00Z"));
        assertThat(BillingPeriods.period(JAN_31, 1).end()).isEqualTo(Instant.parse("2026-03-31T09:30:00Z"));
        assertThat(BillingPeriods.period(JAN_31, 2).start()).isEqualTo(Instant.parse("2026-03-31T09:30:00Z"));
    }

    @Test
    void the_current_period_contains_now_and_ends_where_the_next_starts() {
        var current = BillingPeriods.current(JAN_31, Instant.parse("2026-03-31T09:29:59Z"));

        assertThat(current.index()).isEqualTo(1);
        assertThat(current.month()).isEqualTo("2026-02");
        assertThat(BillingPeriods.current(JAN_31, Instant.parse("2026-03-31T09:30:00Z")).index()).isEqualTo(2);
        assertThat(BillingPeriods.current(JAN_31, JAN_31).index()).isZero();
    }

    @Test
    void only_periods_that_have_ended_are_listed() {
        assertThat(BillingPeriods.ended(JAN_31, JAN_31)).isEmpty();
        assertThat(BillingPeriods.ended(JAN_31, Instant.parse("2026-02-28T09:29:59Z"))).isEmpty();
        assertThat(BillingPeriods.ended(JAN_31, Instant.parse("2026-05-01T00:00:00Z")))
                .extracting(BillingPeriods.Period::month).containsExactly("2026-01", "2026-02", "2026-03");
        assertThat(BillingPeriods.ended(JAN_31, Instant.parse("2025-12-01T00:00:00Z"))).isEmpty();
    }

    @Test
    void a_period_costs_plugs_times_price_in_dollars_and_cents() {
        Plan starter = new Plan("starter", new BigDecimal("49"), 1, 1000);

        assertThat(starter.periodAmount(3)).isEqualTo(new BigDecimal("147.00"));
        assertThat(starter.periodAmount(0)).isEqualTo(new BigDecimal("0.00"));
    }
}
