package com.smeplug.billing;

import java.time.Instant;
import java.util.function.Supplier;

import com.smeplug.platform.config.Settings;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * Real mode's overage reporter for chat: one message per answer past the quota on the overage report queue
 * ({@code OVERAGE_REPORT_QUEUE_URL}), which {@code billingOverageReport} reports to Stripe's meter. The answer waits
 * for SQS only, never for Stripe, and a report Stripe refuses is redelivered instead of lost.
 */
final class OverageReportQueue implements OverageReporter {

    private final SqsClient sqs;
    private final String queueUrl;

    OverageReportQueue(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    /** {@code OVERAGE_REPORT_QUEUE_URL} required: a missing one stops start-up, before any client is built. */
    static OverageReportQueue fromSettings(Settings settings, Supplier<SqsClient> sqs) {
        String queueUrl = settings.required("OVERAGE_REPORT_QUEUE_URL",
                "USE_REAL_STRIPE=true (chat queues each answer past an overage plan's quota there for Stripe's meter)");
        return new OverageReportQueue(sqs.get(), queueUrl);
    }

    @Override
    public void report(String tenantId, String usageEventId, Instant answeredAt) {
        sqs.sendMessage(SendMessageRequest.builder().queueUrl(queueUrl)
                .messageBody(new OverageReport(tenantId, usageEventId, answeredAt).toJson()).build());
    }
}
