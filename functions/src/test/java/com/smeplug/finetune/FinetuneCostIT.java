package com.smeplug.finetune;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.smeplug.testing.AwsCallCounter;
import com.smeplug.testing.OnDemandPrices;
import com.smeplug.testing.TestStack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * What one sample fine-tune job (50 examples, prompt specialisation) costs, counted like RequestCostIT counts a
 * request: POST /finetune, then every step message taken off the step queue and fed to finetuneStep as the event
 * source mapping would (one receive and one delete per message), with every DynamoDB and SQS call the functions make
 * counted and each invocation timed. Report: target/cost/finetune-cost.md.
 */
class FinetuneCostIT {

    static TestStack stack;
    static FinetuneTestSupport finetune;

    @BeforeAll
    static void start() {
        stack = TestStack.start("finetune-cost", Map.of("STEP_DELAY_SECONDS", "0"));
        finetune = new FinetuneTestSupport(stack);
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    record JobCost(int invocations, long sqsSends, double readUnits, double writeUnits, long dynamoCalls, double millis) {
    }

    private JobCost runJob(String tenant) {
        List<Example> examples = FinetuneFixtures.legalExamples();
        String url = finetune.queueUrl("StepQueue");
        try (AwsCallCounter.Recording calls = AwsCallCounter.record()) {
            long started = System.nanoTime();
            String jobId = finetune.startJob(tenant, "legal", examples);
            double millis = (System.nanoTime() - started) / 1e6;
            int invocations = 1;
            while (true) {
                List<Message> messages = List.of();
                for (int i = 0; i < 3 && messages.isEmpty(); i++) {
                    messages = stack.aws().sqs().receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
                }
                if (messages.isEmpty()) {
                    break;
                }
                for (Message message : messages) {
                    stack.aws().sqs().deleteMessage(b -> b.queueUrl(url).receiptHandle(message.receiptHandle()));
                }
                long step = System.nanoTime();
                assertThat(FinetuneTestSupport.failures(finetune.deliver("finetuneStep", messages))).isEmpty();
                millis += (System.nanoTime() - step) / 1e6;
                invocations++;
            }
            assertThat(finetune.job(tenant, jobId).path("status").asString()).isEqualTo("complete");
            long dynamoCalls = calls.operations().entrySet().stream().filter(e -> e.getKey().startsWith("dynamodb."))
                    .mapToLong(Map.Entry::getValue).sum();
            return new JobCost(invocations, calls.count("sqs.SendMessage"), calls.readUnits(), calls.writeUnits(),
                    dynamoCalls, millis);
        }
    }

    @Test
    void a_sample_job_enqueues_one_message_per_step_and_its_cost_is_counted() throws IOException {
        runJob("lawfirm_alpha"); // warm-up: classes loaded, JIT started
        JobCost job = runJob("hospital_beta");

        int steps = job.invocations() - 1;
        assertThat(job.sqsSends()).as("one message per step, each sent once").isEqualTo(steps);
        // the event source mapping's receive and delete per message, plus each send
        long sqsRequests = job.sqsSends() + 2L * steps;
        double lambdaGbSeconds = job.millis() / 1000 * 1.0;
        double usd = job.invocations() * OnDemandPrices.LAMBDA_PER_REQUEST + lambdaGbSeconds * OnDemandPrices.LAMBDA_ARM_PER_GB_SECOND
                + OnDemandPrices.HTTP_API_PER_REQUEST + job.readUnits() * OnDemandPrices.DYNAMODB_PER_READ_UNIT
                + job.writeUnits() * OnDemandPrices.DYNAMODB_PER_WRITE_UNIT + sqsRequests * OnDemandPrices.SQS_PER_REQUEST;
        String report = String.format(Locale.ROOT, "Sample fine-tune job, 50 examples: %d invocations (POST /finetune + %d steps), "
                + "%d DynamoDB calls (%.1f read units, %.1f write units), %d SQS requests (%d sends + receive and delete per "
                + "message), %.0f ms of Lambda at 1,024 MB (local, warm), %.5f USD per job%n",
                job.invocations(), steps, job.dynamoCalls(), job.readUnits(), job.writeUnits(), sqsRequests, job.sqsSends(),
                job.millis(), usd);
        Path file = Path.of("target", "cost", "finetune-cost.md");
        Files.createDirectories(file.getParent());
        Files.writeString(file, report);
        System.out.println(report);
    }
}
