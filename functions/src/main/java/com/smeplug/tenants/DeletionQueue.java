package com.smeplug.tenants;

import java.util.Map;

import com.smeplug.platform.config.Settings;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/** The tenant deletion queue ({@code TENANT_DELETION_QUEUE_URL}): each step sends the next with a delay. */
final class DeletionQueue {

    private final SqsClient sqs;
    private final String queueUrl;
    private final int delaySeconds;

    DeletionQueue(SqsClient sqs, String queueUrl, int delaySeconds) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.delaySeconds = delaySeconds;
    }

    void send(DeletionStep step) {
        sqs.sendMessage(SendMessageRequest.builder().queueUrl(queueUrl).messageBody(step.toJson())
                .delaySeconds(Math.max(0, Math.min(900, delaySeconds)))
                .messageAttributes(Map.of("deletion_id", MessageAttributeValue.builder().dataType("String")
                        .stringValue(step.deletionId()).build()))
                .build());
    }

    static DeletionQueue queue(SqsClient sqs, Settings settings) {
        return new DeletionQueue(sqs, settings.required("TENANT_DELETION_QUEUE_URL", "tenant deletion"),
                settings.integer("DELETION_STEP_DELAY_SECONDS", 2));
    }
}
