package com.smeplug.finetune;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class JobTest {

    static final Instant T0 = Instant.parse("2027-01-01T00:00:00Z");
    static final FinetuneMethod PLAN = new PromptSpecialisationMethod(null, null, null, null);

    @Test
    void a_new_job_is_queued_at_zero_with_every_planned_step_pending() {
        Job job = newJob();

        assertThat(job.status()).isEqualTo(Job.QUEUED);
        assertThat(job.progress()).isZero();
        assertThat(job.steps()).extracting(JobStep::name).containsExactly("validate", "split", "select", "evaluate", "publish", "complete");
        assertThat(job.steps()).extracting(JobStep::status).containsOnly(JobStep.PENDING);
    }

    @Test
    void progress_reaches_100_only_when_the_last_step_completes() {
        Job job = newJob();
        for (int i = 0; i < 5; i++) {
            job.stepStarted(T0);
            job.stepDone("done", Map.of(), FinetuneMethod.progressThrough(PLAN.plan(), i), T0);
            assertThat(job.progress()).isLessThan(100);
        }
        job.stepStarted(T0);
        job.completed("current", "spec-legal-t-v1", Map.of(), T0);

        assertThat(job.progress()).isEqualTo(100);
        assertThat(job.status()).isEqualTo(Job.COMPLETE);
        assertThat(job.seq()).isEqualTo(6);
    }

    @Test
    void a_cancelled_job_marks_its_current_step_cancelled_and_skips_the_rest() {
        Job job = newJob();
        job.stepStarted(T0);
        job.stepDone("ok", Map.of(), 10, T0);

        job.cancelled("cancelled by the tenant", T0);

        assertThat(job.steps()).extracting(JobStep::status).containsExactly(JobStep.COMPLETE, JobStep.CANCELLED,
                JobStep.SKIPPED, JobStep.SKIPPED, JobStep.SKIPPED, JobStep.SKIPPED);
        assertThat(job.progress()).isEqualTo(10);
        assertThat(job.terminal()).isTrue();
    }

    /** Any mix of done steps and repeated polls with any reported progress never lowers the job's progress. */
    @Property(tries = 200)
    void progress_never_decreases(@ForAll @Size(max = 20) List<@IntRange(min = 0, max = 100) Integer> reported) {
        Job job = newJob();
        int last = 0;
        for (int value : reported) {
            job.stepStarted(T0);
            if (value % 2 == 0 || job.stepIndex() >= 4) {
                job.stepRepeats("poll", Map.of(), value);
            }
            else {
                job.stepDone("done", Map.of(), value, T0);
            }
            assertThat(job.progress()).isGreaterThanOrEqualTo(last).isLessThan(100);
            last = job.progress();
        }
    }

    private static Job newJob() {
        return Job.queued("lawfirm_alpha", "ft-1798761600000-0a1b2c3d", "legal", PLAN, T0, 50, 1, "0".repeat(64));
    }
}
