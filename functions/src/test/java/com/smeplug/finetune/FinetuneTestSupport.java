package com.smeplug.finetune;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import com.smeplug.local.aws.ApiEvent;
import com.smeplug.local.aws.LocalAws;
import com.smeplug.local.aws.SqsEventSource;
import com.smeplug.platform.http.Json;
import com.smeplug.testing.HttpResult;
import com.smeplug.testing.TestStack;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import tools.jackson.databind.JsonNode;

/** Driving the finetune functions of one {@link TestStack}: the HTTP routes, and step messages by hand or by poller. */
final class FinetuneTestSupport {

    private final TestStack stack;

    FinetuneTestSupport(TestStack stack) {
        this.stack = stack;
    }

    static String startBody(String plugId, List<Example> examples) {
        return Json.write(Map.of("plug_id", plugId, "examples", examples));
    }

    HttpResult start(String tenant, String plugId, List<Example> examples) {
        return stack.invoke("finetuneStart", ApiEvent.post("/finetune", startBody(plugId, examples)).bearer(stack.token(tenant)));
    }

    /** Starts a job and returns its id, failing the test if it was not accepted. */
    String startJob(String tenant, String plugId, List<Example> examples) {
        HttpResult result = start(tenant, plugId, examples);
        assertThat(result.status()).as(result.body()).isEqualTo(202);
        return result.json().path("job_id").asString();
    }

    HttpResult status(String tenant, String jobId) {
        return stack.invoke("finetuneStatus", ApiEvent.get("/finetune/status/" + jobId)
                .routeKey("GET /finetune/status/{job_id}").pathParameter("job_id", jobId).bearer(stack.token(tenant)));
    }

    JsonNode job(String tenant, String jobId) {
        HttpResult result = status(tenant, jobId);
        assertThat(result.status()).as(result.body()).isEqualTo(200);
        return result.json();
    }

    HttpResult cancel(String tenant, String jobId) {
        return stack.invoke("finetuneCancel", ApiEvent.of("POST", "/finetune/" + jobId + "/cancel")
                .routeKey("POST /finetune/{job_id}/cancel").pathParameter("job_id", jobId).bearer(stack.token(tenant)));
    }

    HttpResult jobs(String tenant, String query) {
        return stack.invoke("finetuneJobs", ApiEvent.get("/finetune/jobs").query(query).bearer(stack.token(tenant)));
    }

    // --- queues ------------------------------------------------------------------------------------------------

    String queueUrl(String logicalId) {
        return stack.aws().queueUrl(logicalId);
    }

    String queueArn(String logicalId) {
        return SqsEventSource.queueArn(stack.aws().sqs(), queueUrl(logicalId));
    }

    /** A poller invoking {@code definition} for {@code queue}, like the deployed event source mapping. */
    SqsEventSource eventSource(String definition, String queue, int visibilityTimeoutSeconds, Consumer<String> eventSeen) {
        return new SqsEventSource(stack.aws().sqs(), queueUrl(queue), queueArn(queue), 10, visibilityTimeoutSeconds, event -> {
            eventSeen.accept(event);
            return stack.invokeRaw(definition, event);
        });
    }

    /**
     * Takes the one step message waiting on the step queue off it (waiting up to a few seconds for it), and checks that
     * it is the only one: no step ever enqueues its successor twice.
     */
    Message takeOnlyStepMessage() {
        String url = queueUrl("StepQueue");
        List<Message> messages = new ArrayList<>();
        for (int i = 0; i < 10 && messages.isEmpty(); i++) {
            messages.addAll(stack.aws().sqs().receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1)
                    .visibilityTimeout(30).messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                    .messageAttributeNames("All")).messages());
        }
        assertThat(messages).as("step messages waiting").hasSize(1);
        Message message = messages.get(0);
        stack.aws().sqs().deleteMessage(b -> b.queueUrl(url).receiptHandle(message.receiptHandle()));
        assertThat(messagesOn("StepQueue")).as("further step messages").isZero();
        return message;
    }

    /** Removes every message on a queue (waiting for delayed ones to become visible). */
    void drain(String queue) {
        String url = queueUrl(queue);
        while (messagesOn(queue) > 0) {
            stack.aws().sqs().receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1)).messages()
                    .forEach(m -> stack.aws().sqs().deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle())));
        }
    }

    /** Visible, in flight and delayed messages on a queue. */
    int messagesOn(String queue) {
        Map<QueueAttributeName, String> attributes = stack.aws().sqs().getQueueAttributes(b -> b.queueUrl(queueUrl(queue))
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
        return attributes.values().stream().mapToInt(Integer::parseInt).sum();
    }

    /** Feeds these messages as one SQS event to a queue consumer; returns its response. */
    JsonNode deliver(String definition, List<Message> messages) {
        String queue = definition.equals("finetuneDeadLetter") ? "StepDeadLetterQueue" : "StepQueue";
        return stack.invokeJson(definition, SqsEventSource.event(messages, queueArn(queue), LocalAws.REGION));
    }

    /** A message with another body (a forged, malformed or future step message), keeping the rest of {@code like}. */
    static Message withBody(Message like, String id, String body) {
        return like.toBuilder().messageId(id).receiptHandle("forged-" + id).body(body).md5OfBody(null).build();
    }

    static List<String> failures(JsonNode response) {
        List<String> ids = new ArrayList<>();
        response.path("batchItemFailures").forEach(f -> ids.add(f.path("itemIdentifier").asString()));
        return ids;
    }
}
