package com.smeplug.billing;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One invoice (SPEC §2): a Stripe invoice in real mode, a sample-ledger period in sample mode. {@code amount} in the
 * currency's major unit (dollars); {@code month} is the month its billing period starts in.
 */
public record Invoice(String invoiceId, String month, BigDecimal amount, String currency, String status,
        Instant createdAt, String hostedInvoiceUrl, Instant periodStart, Instant periodEnd, String plan,
        Integer plugCount) {
}
