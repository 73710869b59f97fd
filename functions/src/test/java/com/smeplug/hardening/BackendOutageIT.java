package com.smeplug.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.smeplug.hardening.RouteMatrix.Case;
import com.smeplug.local.aws.ApiEvent;
import com.smeplug.testing.HttpResult;
import com.smeplug.testing.TestStack;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Acceptance 3 of the hardening issue, AWS side: the SQS server (ElasticMQ) stopped, then the DynamoDB server
 * (dynalite) stopped, mid-run on one warm stack. Neither can be restarted on its port with its state, so the order is
 * fixed: queue first (the table still answers, so what was written can be checked), storage last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BackendOutageIT {

    /** SDK timeouts kept short so an outage answers quickly; the bound allows for the SDK's retries on top. */
    static final Duration BOUND = Duration.ofSeconds(10);

    static TestStack stack;

    @BeforeAll
    static void start() {
        stack = TestStack.start("hardening-outage-it", Map.of(
                "AWS_CONNECT_TIMEOUT_MS", "500",
                "AWS_ATTEMPT_TIMEOUT_MS", "1000",
                "AWS_CALL_TIMEOUT_MS", "3000",
                "STRIPE_WEBHOOK_SECRET", "whsec_hardening_outage"));
        // warm every route (and the tenants' existence cache) while everything is up
        for (Case c : RouteMatrix.withGuard(RouteMatrix.Guard.TOKEN)) {
            HttpResult warm = stack.invoke(c.definition(), c.request().get().bearer(stack.token("lawfirm_alpha")));
            assertThat(warm.status()).as(c.key() + " " + warm.body()).isLessThan(500);
        }
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    @Order(1)
    void with_sqs_down_starting_a_job_is_503_and_the_job_is_recorded_failed_not_left_queued() {
        List<String> jobsBefore = jobIds("hospital_beta");
        stack.aws().elasticMq().close();

        long started = System.nanoTime();
        HttpResult result = stack.invoke("finetuneStart", ApiEvent.post("/finetune",
                RouteMatrix.resource("hardening/finetune-start.json")).bearer(stack.token("hospital_beta")));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(result.status()).as(result.body()).isEqualTo(503);
        assertThat(result.errorCode()).isEqualTo("service_unavailable");
        Leaks.assertErrorShape("finetuneStart with SQS down", result);
        assertThat(took).isLessThan(BOUND);
        // the job row was written before the send failed: it must say failed (resubmit), never stay queued/running
        List<String> jobsAfter = jobIds("hospital_beta");
        assertThat(jobsAfter).hasSize(jobsBefore.size() + 1);
        String jobId = jobsAfter.stream().filter(id -> !jobsBefore.contains(id)).findFirst().orElseThrow();
        HttpResult status = stack.invoke("finetuneStatus", RouteMatrix.jobStatus(jobId).bearer(stack.token("hospital_beta")));
        assertThat(status.json().path("status").asString()).isEqualTo("failed");
        assertThat(status.json().path("error").asString()).contains("submit the job again");
        // and the other routes, which need no queue, still answer
        assertThat(stack.invoke("plugs", ApiEvent.get("/plugs").bearer(stack.token("hospital_beta"))).status()).isEqualTo(200);
    }

    @Test
    @Order(2)
    void with_dynamodb_down_every_route_is_503_with_the_error_shape_in_time_and_the_console_still_loads() {
        stack.aws().dynalite().close();

        SoftAssertions soft = new SoftAssertions();
        for (Case c : RouteMatrix.cases().values()) {
            ApiEvent event = c.request().get();
            if (c.guard() == RouteMatrix.Guard.TOKEN) {
                event.bearer(stack.token("lawfirm_alpha"));
            }
            if (c.guard() == RouteMatrix.Guard.STRIPE_SIGNATURE) {
                String payload = RouteMatrix.resource("hardening/stripe-subscription-deleted.json");
                event = ApiEvent.post("/billing/webhook", payload).header("stripe-signature",
                        StripeSignatures.sign(payload, "whsec_hardening_outage", System.currentTimeMillis() / 1000));
            }
            long started = System.nanoTime();
            HttpResult result = stack.invoke(c.definition(), event);
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            if (c.guard() == RouteMatrix.Guard.PUBLIC) {
                // the console's static files need no table: they are still served
                soft.assertThat(result.status()).as(c.key() + ": " + Leaks.cut(result.body())).isEqualTo(200);
                continue;
            }
            if ("real_connections_disabled".equals(result.errorCode())) {
                // connecting is switched off in this stack: the answer needs no table, so the outage does not change it
                soft.assertThat(result.status()).as(c.key()).isEqualTo(409);
                soft.check(() -> Leaks.assertErrorShape(c.key(), result));
                continue;
            }
            soft.assertThat(result.status()).as(c.key() + ": " + result.body()).isEqualTo(503);
            soft.assertThat(result.errorCode()).as(c.key()).isEqualTo("service_unavailable");
            soft.check(() -> Leaks.assertErrorShape(c.key(), result));
            soft.assertThat(took).as(c.key()).isLessThan(BOUND);
        }
        soft.assertAll();
    }

    static List<String> jobIds(String tenant) {
        HttpResult jobs = stack.invoke("finetuneJobs", ApiEvent.get("/finetune/jobs").bearer(stack.token(tenant)));
        assertThat(jobs.status()).as(jobs.body()).isEqualTo(200);
        return jobs.json().path("jobs").findValuesAsString("job_id");
    }
}
