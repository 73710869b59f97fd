package com.smeplug.finetune.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import com.smeplug.local.aws.ApiEvent;
import com.smeplug.local.aws.SqsEventSource;
import com.smeplug.platform.http.Json;
import com.smeplug.testing.HttpResult;
import com.smeplug.testing.TestStack;
import tools.jackson.databind.JsonNode;

/**
 * Benchmark (issue 7, acceptance 4): a 1,000-example prompt-specialisation job end to end on the local stack
 * (dynalite + ElasticMQ), step delay 0, steps driven by the local SQS event source through the Lambda entry point.
 * <p>
 * For each measured run it prints the end-to-end time (POST accepted until the status read says complete), and per
 * step the work time (the worker's started_at to completed_at: reading the examples and computing) and the overhead
 * before it (previous step's completed_at, or the job's created_at, to this step's started_at: recording the outcome,
 * sending the message, the poller receiving it, invoking the function, reading the job and recording the start).
 * The first job is a warm-up (JVM and function start-up) and is reported separately.
 * <p>
 * Run: {@code infra/bench/finetune/run [runs] [examples]} (defaults 3 and 1000).
 */
public final class FinetuneBench {

    private FinetuneBench() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int size = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        List<Map<String, String>> examples = examples(size, 7);
        String body = Json.write(Map.of("plug_id", "legal", "examples", examples));
        System.out.printf(Locale.ROOT, "finetune bench: %d synthetic examples (%d bytes of request body), %d measured runs, step delay 0%n",
                size, body.length(), runs);

        TestStack stack = TestStack.start("finetune-bench", Map.of("STEP_DELAY_SECONDS", "0", "AWS_CALL_TIMEOUT_MS", "20000",
                "AWS_ATTEMPT_TIMEOUT_MS", "15000"));
        String url = stack.aws().queueUrl("StepQueue");
        SqsEventSource steps = new SqsEventSource(stack.aws().sqs(), url, SqsEventSource.queueArn(stack.aws().sqs(), url),
                10, 120, event -> stack.invokeRaw("finetuneStep", event)).start();
        try {
            report("warm-up (cold JVM, functions starting)", run(stack, body));
            for (int i = 1; i <= runs; i++) {
                report("run " + i, run(stack, body));
            }
        }
        finally {
            steps.close();
            stack.close();
        }
    }

    record Result(long endToEndMillis, JsonNode job) {
    }

    private static Result run(TestStack stack, String body) throws InterruptedException {
        String token = stack.token("lawfirm_alpha");
        long started = System.nanoTime();
        HttpResult accepted = stack.invoke("finetuneStart", ApiEvent.post("/finetune", body).bearer(token));
        if (accepted.status() != 202) {
            throw new IllegalStateException("start failed: " + accepted.body());
        }
        String jobId = accepted.json().path("job_id").asString();
        JsonNode job;
        while (true) {
            job = stack.invoke("finetuneStatus", ApiEvent.get("/finetune/status/" + jobId).pathParameter("job_id", jobId)
                    .bearer(token)).json();
            if (job.path("status").asString().matches("complete|failed|cancelled")) {
                break;
            }
            Thread.sleep(20);
        }
        return new Result((System.nanoTime() - started) / 1_000_000, job);
    }

    private static void report(String label, Result result) {
        JsonNode job = result.job();
        System.out.printf(Locale.ROOT, "%n%s: status %s, model %s, end to end %d ms (created_at..completed_at %d ms)%n",
                label, job.path("status").asString(), job.path("model_id").asString(), result.endToEndMillis(),
                millis(job.path("created_at"), job.path("completed_at")));
        System.out.printf(Locale.ROOT, "  %-9s %9s %12s   %s%n", "step", "work ms", "overhead ms", "detail");
        JsonNode previous = job.path("created_at");
        long work = 0;
        long overhead = 0;
        for (JsonNode step : job.path("steps")) {
            long stepWork = millis(step.path("started_at"), step.path("completed_at"));
            long stepOverhead = millis(previous, step.path("started_at"));
            work += stepWork;
            overhead += stepOverhead;
            String detail = step.path("detail").asString("");
            System.out.printf(Locale.ROOT, "  %-9s %9d %12d   %s%n", step.path("name").asString(), stepWork, stepOverhead,
                    detail.length() > 110 ? detail.substring(0, 110) + "…" : detail);
            previous = step.path("completed_at");
        }
        int n = job.path("steps").size();
        System.out.printf(Locale.ROOT, "  total work %d ms, total overhead %d ms, mean overhead per step %.1f ms%n", work,
                overhead, (double) overhead / n);
    }

    private static long millis(JsonNode from, JsonNode to) {
        if (from.isMissingNode() || from.isNull() || to.isMissingNode() || to.isNull()) {
            return -1;
        }
        return Duration.between(Instant.parse(from.asString()), Instant.parse(to.asString())).toMillis();
    }

    /**
     * Synthetic legal questions: {@code size / 20} topics, each asked 20 ways, each answered with the topic's own
     * sentences. Deterministic for a seed. Benchmark input only: nothing here reaches a product response.
     */
    static List<Map<String, String>> examples(int size, long seed) {
        String[] subjects = {"lease", "contract", "patent", "trademark", "employment", "privacy", "merger", "liability",
                "arbitration", "insurance", "tax", "licence", "warranty", "franchise", "copyright", "pension", "tender",
                "loan", "partnership", "shareholder", "debt", "planning", "customs", "sanctions", "competition"};
        String[] aspects = {"notice", "termination", "damages", "deadline", "consent", "renewal", "assignment", "breach",
                "disclosure", "audit", "fees", "jurisdiction", "indemnity", "registration", "appeal", "evidence", "duty",
                "exemption", "transfer", "records"};
        String[] openers = {"How does", "What governs", "Who decides", "When does", "Can we change", "What happens to",
                "How long is", "Which rules cover", "Is there a limit on", "What evidence supports"};
        String[] closers = {"under our agreement", "for a small company", "in a cross-border deal", "after a dispute",
                "before signing", "for an existing client", "during the review", "in the first year"};
        Random random = new Random(seed);
        Map<String, String> answers = new LinkedHashMap<>();
        List<Map<String, String>> examples = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            int topic = i % Math.max(1, size / 20);
            String subject = subjects[topic % subjects.length];
            String aspect = aspects[(topic / subjects.length + topic) % aspects.length];
            String key = subject + " " + aspect;
            String answer = answers.computeIfAbsent(key, k -> "For the " + subject + " " + aspect + " question, the "
                    + aspect + " provisions of the " + subject + " apply: check the " + subject + " terms on " + aspect
                    + ", the statutory " + aspect + " rules and any " + subject + " specific exceptions; record the "
                    + aspect + " decision in the " + subject + " file. Topic reference " + topic + ".");
            String prompt = openers[random.nextInt(openers.length)] + " the " + aspect + " of a " + subject + " "
                    + closers[random.nextInt(closers.length)] + " (case " + i + ")?";
            examples.add(Map.of("prompt", prompt, "completion", answer));
        }
        return examples;
    }
}
