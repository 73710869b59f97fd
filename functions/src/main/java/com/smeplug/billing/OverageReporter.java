package com.smeplug.billing;

import java.time.Instant;

/**
 * Where an answered question past the quota of an overage plan is reported for billing. In real mode chat queues it
 * ({@link OverageReportQueue}) and {@code billingOverageReport} sends it on to Stripe Billing Meters
 * ({@link StripeMeterEvents}); in sample mode nothing, as the ledger counts the overage units itself.
 * {@code usageEventId} identifies the answer, so a report sent twice is counted once.
 */
public interface OverageReporter {

    void report(String tenantId, String usageEventId, Instant answeredAt);

    OverageReporter NONE = (tenantId, usageEventId, answeredAt) -> {
    };
}
