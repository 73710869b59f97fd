package com.smeplug.platform.lambda;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * An SQS batch, one message at a time: a message whose handler throws is reported in {@code batchItemFailures}
 * (needs {@code FunctionResponseTypes: [ReportBatchItemFailures]}) and redelivered, ending in the dead-letter queue
 * after the queue's receive count; the others are acknowledged.
 */
public final class SqsBatches {

    private static final Logger log = LoggerFactory.getLogger(SqsBatches.class);

    private SqsBatches() {
    }

    public static SQSBatchResponse consume(SQSEvent event, String function, Consumer<String> handler) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        List<SQSEvent.SQSMessage> records = event == null || event.getRecords() == null ? List.of() : event.getRecords();
        for (SQSEvent.SQSMessage record : records) {
            long started = System.nanoTime();
            MDC.put("message_id", String.valueOf(record.getMessageId()));
            try {
                handler.accept(record.getBody());
                log.info("{} message_id={} duration_ms={}", function, record.getMessageId(), (System.nanoTime() - started) / 1_000_000);
            }
            catch (RuntimeException failure) {
                log.warn("{} message_id={} failed, will be redelivered: {}", function, record.getMessageId(), failure.toString());
                failures.add(new SQSBatchResponse.BatchItemFailure(record.getMessageId()));
            }
            finally {
                MDC.remove("message_id");
            }
        }
        return new SQSBatchResponse(failures);
    }
}
