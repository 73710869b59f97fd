package com.smeplug.finetune;

import java.util.Map;

import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * Sends step messages to the step queue with a delay. Attributes are plain {@code String}s (no custom data types:
 * ElasticMQ does not take them); they are for people reading the queue, the worker reads only the body.
 */
final class StepQueue {

    /** SQS's largest per-message delay. */
    static final int MAX_DELAY_SECONDS = 900;

    private final SqsClient sqs;
    private final String queueUrl;

    public StepQueue(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    void send(StepMessage message, int delaySeconds) {
        sqs.sendMessage(SendMessageRequest.builder()
                .queueUrl(queueUrl)
                .messageBody(message.toJson())
                .delaySeconds(Math.max(0, Math.min(MAX_DELAY_SECONDS, delaySeconds)))
                .messageAttributes(Map.of(
                        "job_id", string(message.jobId()),
                        "step", string(message.step())))
                .build());
    }

    private static MessageAttributeValue string(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }
}
