package com.smeplug.finetune;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * A batch of step messages from SQS, one message at a time: a message whose handler threw is reported in
 * {@code batchItemFailures} and redelivered; a message that is no step message is logged and, with
 * {@code retryMalformed}, also left for redelivery (so it ends in the dead-letter queue, where it can be inspected).
 */
final class StepBatches {

    private static final Logger log = LoggerFactory.getLogger(StepBatches.class);

    private StepBatches() {
    }

    static SQSBatchResponse consume(SQSEvent event, String function, Function<String, StepWorker.Result> handler,
            boolean retryMalformed) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        List<SQSEvent.SQSMessage> records = event == null || event.getRecords() == null ? List.of() : event.getRecords();
        for (SQSEvent.SQSMessage record : records) {
            long started = System.nanoTime();
            MDC.put("message_id", String.valueOf(record.getMessageId()));
            try {
                StepWorker.Result result = handler.apply(record.getBody());
                log.info("{} message_id={} result={} duration_ms={}", function, record.getMessageId(), result,
                        (System.nanoTime() - started) / 1_000_000);
            }
            catch (IllegalArgumentException malformed) {
                log.error("{} message_id={} is not a step message: {}", function, record.getMessageId(), malformed.getMessage());
                if (retryMalformed) {
                    failures.add(new SQSBatchResponse.BatchItemFailure(record.getMessageId()));
                }
            }
            catch (RuntimeException failure) {
                log.warn("{} message_id={} failed, will be redelivered: {}", function, record.getMessageId(),
                        StepWorker.describe(failure));
                failures.add(new SQSBatchResponse.BatchItemFailure(record.getMessageId()));
            }
            finally {
                MDC.remove("message_id");
            }
        }
        return new SQSBatchResponse(failures);
    }
}
