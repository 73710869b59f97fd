package com.smeplug.billing;

import java.time.Instant;

/**
 * Where an answered question past the quota of an overage plan is reported for billing: Stripe Billing Meters in real
 * mode ({@link StripeMeterEvents}); nothing in sample mode, whose ledger counts the overage units itself.
 * {@code usageEventId} identifies the answer, so a report sent twice is counted once.
 */
public interface OverageReporter {

    void report(String tenantId, String usageEventId, Instant answeredAt);

    OverageReporter NONE = (tenantId, usageEventId, answeredAt) -> {
    };
}
