package com.smeplug.platform.lambda;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.smeplug.platform.http.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * An SQS batch, one message at a time: a message whose handler throws is reported in {@code batchItemFailures}
 * (needs {@code FunctionResponseTypes: [ReportBatchItemFailures]}) and redelivered, ending in the dead-letter queue
 * after the queue's receive count; the others are acknowledged.
 *
 * <p>The consumers take the event as it arrives ({@code Function<InputStream, SQSBatchResponse>}) and {@link #read}
 * it with the JSON mapper every function has: typed as {@code SQSEvent}, the AWS adapter would convert it with
 * aws-lambda-java-serialization, a second JSON stack (3.8 MB) in the zip every function deploys.
 */
public final class SqsBatches {

    /** One record of Lambda's SQS event, as much of it as the consumers read. */
    public record Message(String messageId, String body) {
    }

    /** Lambda's SQS event: {@code {"Records": [{"messageId": ..., "body": ..., ...}]}}. */
    record Event(@JsonProperty("Records") List<Message> records) {
    }

    /**
     * What becomes of a message the handler cannot read (it throws {@link IllegalArgumentException}): redelivered, so
     * it ends in the dead-letter queue where it can be inspected, or dropped where that queue is the last stop.
     */
    public enum Unreadable {
        REDELIVER, DROP
    }

    private static final Logger log = LoggerFactory.getLogger(SqsBatches.class);

    private SqsBatches() {
    }

    /** The records of an SQS event (none for an event without {@code Records}). */
    public static List<Message> read(InputStream event) {
        Event parsed = Json.EVENTS.readValue(event, Event.class);
        return parsed == null || parsed.records() == null ? List.of() : parsed.records();
    }

    public static SQSBatchResponse consume(InputStream event, String function, Consumer<String> handler) {
        return consume(event, function, handler, Unreadable.REDELIVER);
    }

    public static SQSBatchResponse consume(InputStream event, String function, Consumer<String> handler, Unreadable unreadable) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (Message record : read(event)) {
            long started = System.nanoTime();
            MDC.put("message_id", String.valueOf(record.messageId()));
            try {
                handler.accept(record.body());
                log.info("{} message_id={} duration_ms={}", function, record.messageId(), (System.nanoTime() - started) / 1_000_000);
            }
            catch (IllegalArgumentException malformed) {
                log.error("{} message_id={} cannot be read ({}): {}", function, record.messageId(),
                        unreadable == Unreadable.REDELIVER ? "left for the dead-letter queue" : "dropped", describe(malformed));
                if (unreadable == Unreadable.REDELIVER) {
                    failures.add(new SQSBatchResponse.BatchItemFailure(record.messageId()));
                }
            }
            catch (RuntimeException failure) {
                log.warn("{} message_id={} failed, will be redelivered: {}", function, record.messageId(), describe(failure));
                failures.add(new SQSBatchResponse.BatchItemFailure(record.messageId()));
            }
            finally {
                MDC.remove("message_id");
            }
        }
        return new SQSBatchResponse(failures);
    }

    /** A failure in one line of at most 500 characters. */
    private static String describe(Throwable e) {
        String text = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        return text.length() > 500 ? text.substring(0, 500) + "…" : text;
    }
}
