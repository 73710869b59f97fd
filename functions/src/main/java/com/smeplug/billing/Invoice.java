package com.smeplug.billing;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * One invoice (SPEC §2): a Stripe invoice in real mode, a sample-ledger period in sample mode. {@code amount} in the
 * currency's major unit (dollars); {@code month} is the month its billing period starts in; {@code lines} what it
 * is made of (the plan, proration of a plan change), as Stripe's invoice lines are.
 */
record Invoice(String invoiceId, String month, BigDecimal amount, String currency, String status,
        Instant createdAt, String hostedInvoiceUrl, Instant periodStart, Instant periodEnd, String plan,
        Integer plugCount, List<Line> lines) {

    public Invoice {
        lines = lines == null ? List.of() : List.copyOf(lines);
    }

    /** One line: {@code proration} true for the credit/charge of a change made within the period. */
    public record Line(String description, BigDecimal amount, boolean proration) {
    }
}
