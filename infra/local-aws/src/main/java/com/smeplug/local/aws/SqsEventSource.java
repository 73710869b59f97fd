package com.smeplug.local.aws;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What Lambda's SQS event source mapping does, for a local queue (ElasticMQ never triggers a function): receive a
 * batch, hand it to the function as the SQS event JSON Lambda builds, then delete the messages that succeeded. With
 * {@code ReportBatchItemFailures}, the ids in the response's {@code batchItemFailures} are left on the queue and
 * come back after the visibility timeout (and move to the dead-letter queue after the queue's
 * {@code maxReceiveCount}); an invocation that throws, or a response Lambda would reject (invalid JSON, an
 * {@code itemIdentifier} that is empty or not in the batch), leaves the whole batch.
 * <p>
 * {@link #pollOnce} runs one receive/invoke/delete cycle (tests); {@link #start} runs cycles on one background
 * thread with long polling until {@link #close}. Lambda runs several pollers and functions concurrently; this runs one
 * batch at a time, which is enough locally and keeps the order of events easy to follow.
 */
public final class SqsEventSource implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SqsEventSource.class);
    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    /** Lambda's largest batch that one ReceiveMessage can return. */
    public static final int MAX_BATCH_SIZE = 10;
    private static final List<String> PASSED_ATTRIBUTES = List.of("ApproximateReceiveCount", "SentTimestamp", "SenderId",
            "ApproximateFirstReceiveTimestamp", "SequenceNumber", "MessageGroupId", "MessageDeduplicationId",
            "AWSTraceHeader", "DeadLetterQueueSourceArn");

    /** What one cycle did: messages received, deleted (succeeded) and left for redelivery (failed). */
    public record Poll(int received, int deleted, int failed) {
    }

    private final SqsClient sqs;
    private final String queueUrl;
    private final String queueArn;
    private final String region;
    private final int batchSize;
    private final int visibilityTimeoutSeconds;
    private final int waitTimeSeconds;
    private final Function<String, String> invoker;
    private volatile boolean running;
    private Thread thread;

    /**
     * @param invoker SQS event JSON in, the function's response JSON out (e.g. through the Lambda entry point)
     * @param visibilityTimeoutSeconds how long a received message stays hidden (tests use 1–2 s; the template's
     *                                 queue says 180)
     */
    public SqsEventSource(SqsClient sqs, String queueUrl, String queueArn, int batchSize, int visibilityTimeoutSeconds,
            Function<String, String> invoker) {
        this(sqs, queueUrl, queueArn, LocalAws.REGION, batchSize, visibilityTimeoutSeconds, 1, invoker);
    }

    public SqsEventSource(SqsClient sqs, String queueUrl, String queueArn, String region, int batchSize,
            int visibilityTimeoutSeconds, int waitTimeSeconds, Function<String, String> invoker) {
        if (batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
            throw new IllegalArgumentException("batch size must be 1 to " + MAX_BATCH_SIZE + ", was " + batchSize);
        }
        if (visibilityTimeoutSeconds < 0 || visibilityTimeoutSeconds > 43_200) {
            throw new IllegalArgumentException("visibility timeout must be 0 to 43200 seconds, was " + visibilityTimeoutSeconds);
        }
        if (waitTimeSeconds < 0 || waitTimeSeconds > 20) {
            throw new IllegalArgumentException("wait time must be 0 to 20 seconds, was " + waitTimeSeconds);
        }
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.queueArn = queueArn;
        this.region = region;
        this.batchSize = batchSize;
        this.visibilityTimeoutSeconds = visibilityTimeoutSeconds;
        this.waitTimeSeconds = waitTimeSeconds;
        this.invoker = invoker;
    }

    /** The queue's ARN, as the event's {@code eventSourceARN}. */
    public static String queueArn(SqsClient sqs, String queueUrl) {
        return sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
    }

    /** One cycle without waiting for messages to arrive. */
    public Poll pollOnce() {
        return pollOnce(0);
    }

    /** One cycle: receive (waiting up to {@code waitSeconds} for a first message), invoke, delete the successes. */
    public Poll pollOnce(int waitSeconds) {
        List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(queueUrl)
                .maxNumberOfMessages(batchSize)
                .visibilityTimeout(visibilityTimeoutSeconds)
                .waitTimeSeconds(waitSeconds)
                .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                .messageAttributeNames("All")).messages();
        if (messages.isEmpty()) {
            return new Poll(0, 0, 0);
        }
        Set<String> failed = invoke(messages);
        List<DeleteMessageBatchRequestEntry> deletes = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            Message message = messages.get(i);
            if (!failed.contains(message.messageId())) {
                deletes.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(i))
                        .receiptHandle(message.receiptHandle()).build());
            }
        }
        if (!deletes.isEmpty()) {
            var response = sqs.deleteMessageBatch(b -> b.queueUrl(queueUrl).entries(deletes));
            response.failed().forEach(f -> log.warn("could not delete message {} from {}: {}", f.id(), queueUrl, f.message()));
        }
        return new Poll(messages.size(), deletes.size(), messages.size() - deletes.size());
    }

    /** The ids to leave on the queue: those the function reported, or all of them if the invocation failed. */
    private Set<String> invoke(List<Message> messages) {
        Set<String> all = new HashSet<>();
        messages.forEach(m -> all.add(m.messageId()));
        String response;
        try {
            response = invoker.apply(event(messages, queueArn, region));
        }
        catch (RuntimeException e) {
            log.warn("function failed on a batch of {} from {}; every message will be redelivered: {}", messages.size(),
                    queueUrl, e.toString());
            return all;
        }
        if (response == null || response.isBlank()) {
            return Set.of();
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(response);
        }
        catch (JacksonException e) {
            log.warn("function response is not JSON; the whole batch will be redelivered");
            return all;
        }
        JsonNode failures = root.path("batchItemFailures");
        if (!failures.isArray()) {
            return Set.of();
        }
        Set<String> failed = new HashSet<>();
        for (JsonNode failure : failures) {
            JsonNode id = failure.get("itemIdentifier");
            if (id == null || !id.isString() || id.asString().isEmpty() || !all.contains(id.asString())) {
                log.warn("batchItemFailures has an invalid itemIdentifier {}; the whole batch will be redelivered", id);
                return all;
            }
            failed.add(id.asString());
        }
        return failed;
    }

    /** The SQS event JSON Lambda passes to a function for these messages. */
    public static String event(List<Message> messages, String queueArn, String region) {
        List<Map<String, Object>> records = new ArrayList<>();
        for (Message message : messages) {
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("messageId", message.messageId());
            record.put("receiptHandle", message.receiptHandle());
            record.put("body", message.body());
            Map<String, String> attributes = new LinkedHashMap<>();
            Map<String, String> system = message.attributesAsStrings();
            for (String name : PASSED_ATTRIBUTES) {
                if (system.get(name) != null) {
                    attributes.put(name, system.get(name));
                }
            }
            attributes.putIfAbsent("ApproximateReceiveCount", "1");
            attributes.putIfAbsent("SentTimestamp", Long.toString(System.currentTimeMillis()));
            attributes.putIfAbsent("SenderId", "local");
            attributes.putIfAbsent("ApproximateFirstReceiveTimestamp", attributes.get("SentTimestamp"));
            record.put("attributes", attributes);
            Map<String, Object> messageAttributes = new LinkedHashMap<>();
            message.messageAttributes().forEach((name, value) -> messageAttributes.put(name, attribute(value)));
            record.put("messageAttributes", messageAttributes);
            record.put("md5OfBody", message.md5OfBody());
            if (!message.messageAttributes().isEmpty() && message.md5OfMessageAttributes() != null) {
                record.put("md5OfMessageAttributes", message.md5OfMessageAttributes());
            }
            record.put("eventSource", "aws:sqs");
            record.put("eventSourceARN", queueArn);
            record.put("awsRegion", region);
            records.add(record);
        }
        return MAPPER.writeValueAsString(Map.of("Records", records));
    }

    private static Map<String, Object> attribute(MessageAttributeValue value) {
        Map<String, Object> attribute = new LinkedHashMap<>();
        if (value.stringValue() != null) {
            attribute.put("stringValue", value.stringValue());
        }
        if (value.binaryValue() != null) {
            attribute.put("binaryValue", Base64.getEncoder().encodeToString(value.binaryValue().asByteArray()));
        }
        attribute.put("stringListValues", value.stringListValues());
        attribute.put("binaryListValues", value.binaryListValues().stream()
                .map(b -> Base64.getEncoder().encodeToString(b.asByteArray())).toList());
        attribute.put("dataType", value.dataType());
        return attribute;
    }

    /** Polls on a background daemon thread until {@link #close}; failures of a cycle back off up to 5 s. */
    public synchronized SqsEventSource start() {
        if (thread != null) {
            throw new IllegalStateException("already started");
        }
        running = true;
        thread = new Thread(this::loop, "sqs-event-source-" + queueUrl.substring(queueUrl.lastIndexOf('/') + 1));
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    private void loop() {
        long backoffMillis = 100;
        while (running) {
            try {
                pollOnce(waitTimeSeconds);
                backoffMillis = 100;
            }
            catch (RuntimeException e) {
                if (!running) {
                    break;
                }
                log.warn("polling {} failed, retrying in {} ms: {}", queueUrl, backoffMillis, e.toString());
                try {
                    Thread.sleep(backoffMillis);
                }
                catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    break;
                }
                backoffMillis = Math.min(5_000, backoffMillis * 2);
            }
        }
    }

    /**
     * Stops polling: lets the current cycle finish (the long poll returns within the wait time), interrupting it only
     * if it has not finished within that plus {@code grace}.
     */
    public void close(Duration grace) {
        Thread current;
        synchronized (this) {
            running = false;
            current = thread;
            thread = null;
        }
        if (current == null) {
            return;
        }
        try {
            current.join(waitTimeSeconds * 1000L + grace.toMillis());
            if (current.isAlive()) {
                current.interrupt();
                current.join(2_000);
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }

    public boolean isRunning() {
        Thread current = thread;
        return running && current != null && current.isAlive();
    }
}
