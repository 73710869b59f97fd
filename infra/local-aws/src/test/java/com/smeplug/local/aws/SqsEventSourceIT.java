package com.smeplug.local.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class SqsEventSourceIT {

    static final JsonMapper MAPPER = JsonMapper.builder().build();
    static ElasticMqServer elasticMq;
    static SqsClient sqs;
    static final AtomicInteger QUEUES = new AtomicInteger();

    String queueUrl;
    String queueArn;
    String deadLetterUrl;

    @BeforeAll
    static void startServer() {
        elasticMq = ElasticMqServer.start();
        sqs = LocalAws.sqsClient(elasticMq.endpoint());
    }

    @AfterAll
    static void stopServer() {
        sqs.close();
        elasticMq.close();
    }

    /** A fresh queue per test, redriving to its own dead-letter queue after 2 receives. */
    @BeforeEach
    void createQueues() {
        int n = QUEUES.incrementAndGet();
        deadLetterUrl = sqs.createQueue(b -> b.queueName("dlq-" + n)).queueUrl();
        String dlqArn = SqsEventSource.queueArn(sqs, deadLetterUrl);
        queueUrl = sqs.createQueue(b -> b.queueName("steps-" + n).attributes(Map.of(
                QueueAttributeName.VISIBILITY_TIMEOUT, "180",
                QueueAttributeName.REDRIVE_POLICY, "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"2\"}"))).queueUrl();
        queueArn = SqsEventSource.queueArn(sqs, queueUrl);
    }

    @Test
    void hands_the_function_the_sqs_event_json_lambda_builds_and_deletes_the_message_on_success() throws Exception {
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody("{\"job_id\":\"j1\"}").messageAttributes(Map.of(
                "step", MessageAttributeValue.builder().dataType("String").stringValue("validate").build())));
        List<String> events = new CopyOnWriteArrayList<>();
        SqsEventSource source = new SqsEventSource(sqs, queueUrl, queueArn, 10, 1, event -> {
            events.add(event);
            return "{\"batchItemFailures\":[]}";
        });

        SqsEventSource.Poll poll = source.pollOnce(2);

        assertThat(poll).isEqualTo(new SqsEventSource.Poll(1, 1, 0));
        JsonNode record = MAPPER.readTree(events.get(0)).path("Records").get(0);
        assertThat(record.propertyNames()).containsExactly("messageId", "receiptHandle", "body", "attributes",
                "messageAttributes", "md5OfBody", "md5OfMessageAttributes", "eventSource", "eventSourceARN", "awsRegion");
        assertThat(record.path("body").asString()).isEqualTo("{\"job_id\":\"j1\"}");
        assertThat(record.path("md5OfBody").asString()).isEqualTo(md5("{\"job_id\":\"j1\"}"));
        assertThat(record.path("eventSource").asString()).isEqualTo("aws:sqs");
        assertThat(record.path("eventSourceARN").asString()).isEqualTo(queueArn).startsWith("arn:aws:sqs:");
        assertThat(record.path("awsRegion").asString()).isEqualTo("us-east-1");
        JsonNode attributes = record.path("attributes");
        assertThat(attributes.path("ApproximateReceiveCount").asString()).isEqualTo("1");
        assertThat(attributes.path("SentTimestamp").asString()).matches("\\d{13}");
        assertThat(attributes.path("ApproximateFirstReceiveTimestamp").asString()).matches("\\d{13}");
        assertThat(attributes.path("SenderId").asString()).isNotBlank();
        JsonNode step = record.path("messageAttributes").path("step");
        assertThat(step.path("stringValue").asString()).isEqualTo("validate");
        assertThat(step.path("dataType").asString()).isEqualTo("String");
        assertThat(step.path("stringListValues").isArray()).isTrue();
        assertThat(step.path("binaryListValues").isArray()).isTrue();
        assertThat(visibleAndInFlight(queueUrl)).isZero();
    }

    @Test
    void leaves_only_the_reported_batch_item_failures_for_redelivery() {
        for (String body : List.of("a", "b", "c")) {
            sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(body));
        }
        List<JsonNode> batches = new CopyOnWriteArrayList<>();
        SqsEventSource source = new SqsEventSource(sqs, queueUrl, queueArn, 10, 1, event -> {
            JsonNode records = MAPPER.readTree(event).path("Records");
            batches.add(records);
            List<String> failures = new ArrayList<>();
            records.forEach(r -> {
                if (r.path("body").asString().equals("b")) {
                    failures.add("{\"itemIdentifier\":\"" + r.path("messageId").asString() + "\"}");
                }
            });
            return "{\"batchItemFailures\":[" + String.join(",", failures) + "]}";
        });

        int received = 0;
        while (received < 3) {
            received += source.pollOnce(1).received();
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> source.pollOnce(1).received() > 0);

        JsonNode redelivery = batches.get(batches.size() - 1);
        assertThat(redelivery).hasSize(1);
        assertThat(redelivery.get(0).path("body").asString()).isEqualTo("b");
        assertThat(redelivery.get(0).path("attributes").path("ApproximateReceiveCount").asString()).isEqualTo("2");
    }

    @Test
    void an_invocation_that_throws_leaves_the_whole_batch_for_redelivery() {
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody("x"));
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody("y"));
        SqsEventSource failing = new SqsEventSource(sqs, queueUrl, queueArn, 10, 1, event -> {
            throw new IllegalStateException("function crashed");
        });

        int failed = 0;
        while (failed < 2) {
            SqsEventSource.Poll poll = failing.pollOnce(1);
            assertThat(poll.deleted()).isZero();
            failed += poll.failed();
        }

        assertThat(visibleAndInFlight(queueUrl)).isEqualTo(2);
    }

    @Test
    void a_response_naming_a_message_outside_the_batch_fails_the_whole_batch_as_lambda_does() {
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody("x"));
        SqsEventSource source = new SqsEventSource(sqs, queueUrl, queueArn, 10, 1,
                event -> "{\"batchItemFailures\":[{\"itemIdentifier\":\"not-in-this-batch\"}]}");

        SqsEventSource.Poll poll = source.pollOnce(2);

        assertThat(poll).isEqualTo(new SqsEventSource.Poll(1, 0, 1));
        assertThat(visibleAndInFlight(queueUrl)).isEqualTo(1);
    }

    @Test
    void a_message_that_fails_every_delivery_moves_to_the_dead_letter_queue_after_max_receive_count() {
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody("poison"));
        SqsEventSource source = new SqsEventSource(sqs, queueUrl, queueArn, 10, 1, event -> {
            String id = MAPPER.readTree(event).path("Records").get(0).path("messageId").asString();
            return "{\"batchItemFailures\":[{\"itemIdentifier\":\"" + id + "\"}]}";
        });

        await().atMost(Duration.ofSeconds(20)).until(() -> {
            source.pollOnce(1);
            return visibleAndInFlight(deadLetterUrl) == 1;
        });

        assertThat(sqs.receiveMessage(b -> b.queueUrl(deadLetterUrl)).messages().get(0).body()).isEqualTo("poison");
    }

    @Test
    void polls_in_the_background_until_closed_and_then_consumes_nothing() {
        List<String> bodies = new CopyOnWriteArrayList<>();
        SqsEventSource source = new SqsEventSource(sqs, queueUrl, queueArn, 10, 1, event -> {
            MAPPER.readTree(event).path("Records").forEach(r -> bodies.add(r.path("body").asString()));
            return "{}";
        }).start();
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody("first"));
        await().atMost(Duration.ofSeconds(15)).until(() -> bodies.contains("first"));

        source.close(Duration.ofSeconds(5));

        assertThat(source.isRunning()).isFalse();
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody("after-close"));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> !bodies.contains("after-close"));
        assertThat(visibleAndInFlight(queueUrl)).isEqualTo(1);
    }

    private static int visibleAndInFlight(String url) {
        Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                .attributes();
        return Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    private static String md5(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
