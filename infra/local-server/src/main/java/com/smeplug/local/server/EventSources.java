package com.smeplug.local.server;

import java.util.ArrayList;
import java.util.List;

import com.smeplug.local.aws.LocalAws;
import com.smeplug.local.aws.SamTemplate;
import com.smeplug.local.aws.SqsEventSource;

/**
 * The template's SQS event sources, polled locally the way Lambda's event source mapping does: batches handed to the
 * function as SQS events, messages named in {@code batchItemFailures} left for redelivery (and, after the queue's
 * maxReceiveCount, the dead-letter queue). Locally a received message is hidden for
 * {@code SMEPLUG_LOCAL_VISIBILITY_TIMEOUT_SECONDS} (default 10) instead of the template's 180 s, so a retry is seen
 * while you watch.
 */
final class EventSources {

    private EventSources() {
    }

    static List<AutoCloseable> start(LocalAws aws, SamTemplate template, Functions functions) {
        int visibility = Integer.parseInt(System.getenv().getOrDefault("SMEPLUG_LOCAL_VISIBILITY_TIMEOUT_SECONDS", "10"));
        List<AutoCloseable> sources = new ArrayList<>();
        for (SamTemplate.FunctionSpec function : template.functions()) {
            for (String queue : function.sqsQueues()) {
                String url = aws.queueUrl(queue);
                String arn = SqsEventSource.queueArn(aws.sqs(), url);
                sources.add(new SqsEventSource(aws.sqs(), url, arn, SqsEventSource.MAX_BATCH_SIZE, visibility,
                        event -> functions.invoke(function.definition(), event)).start());
            }
        }
        return sources;
    }
}
