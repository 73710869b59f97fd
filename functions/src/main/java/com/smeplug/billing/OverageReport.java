package com.smeplug.billing;

import java.time.Instant;

import com.smeplug.platform.http.Json;

/**
 * One answer past an overage plan's quota, as a message on the overage report queue: the tenant, our usage event id
 * (the Stripe meter event's identifier, so a message delivered twice is counted once) and when it was answered.
 */
record OverageReport(String tenantId, String usageEventId, Instant answeredAt) {

    String toJson() {
        return Json.write(this);
    }

    /** A message without its tenant, event id or time cannot be billed: it goes to the dead-letter queue. */
    static OverageReport parse(String body) {
        OverageReport report = Json.MAPPER.readValue(body, OverageReport.class);
        if (report == null || report.tenantId() == null || report.usageEventId() == null || report.answeredAt() == null) {
            throw new IllegalArgumentException("an overage report needs tenant_id, usage_event_id and answered_at");
        }
        return report;
    }

    void sendTo(OverageReporter reporter) {
        reporter.report(tenantId, usageEventId, answeredAt);
    }
}
