package com.smeplug.platform.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.smeplug.platform.http.Json;
import org.junit.jupiter.api.Test;

/**
 * Lambda's SQS event (the documented shape, {@code sqs-event.json}) read with our own JSON mapper: every record's id
 * and body reach the handler, and a record whose handler throws — only that one — comes back in
 * {@code batchItemFailures}, which Lambda redelivers.
 */
class SqsBatchesTest {

    private static InputStream event() {
        return SqsBatchesTest.class.getResourceAsStream("/platform/lambda/sqs-event.json");
    }

    @Test
    void every_record_of_the_event_reaches_the_handler_in_order() {
        assertThat(SqsBatches.read(event())).containsExactly(
                new SqsBatches.Message("059f36b4-87a3-44ab-83d2-661975830a7d", "first"),
                new SqsBatches.Message("2e1424d4-f796-459a-8184-9c92662be6da", "second"));
    }

    @Test
    void only_the_record_whose_handler_threw_is_reported_for_redelivery() {
        List<String> handled = new ArrayList<>();
        SQSBatchResponse response = SqsBatches.consume(event(), "test", body -> {
            handled.add(body);
            if (body.equals("second")) {
                throw new IllegalStateException("step failed");
            }
        });

        assertThat(handled).containsExactly("first", "second");
        assertThat(Json.EVENTS.writeValueAsString(response))
                .isEqualTo("{\"batchItemFailures\":[{\"itemIdentifier\":\"2e1424d4-f796-459a-8184-9c92662be6da\"}]}");
    }

    @Test
    void an_event_without_records_is_an_empty_batch() {
        List<String> handled = new ArrayList<>();
        SQSBatchResponse response = SqsBatches.consume(new ByteArrayInputStream("{}".getBytes(StandardCharsets.UTF_8)),
                "test", handled::add);

        assertThat(handled).isEmpty();
        assertThat(response.getBatchItemFailures()).isEmpty();
    }
}
