package dev.xlake.submit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.xlake.core.time.FakeTime;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The scheduled jobs through the submit function: the daily maintenance and the compliance pass's
 * ids step once per scheduled day, the apply step once per pass, whatever the deliveries.
 */
class ScheduledJobsTest {

    static final String SCHEDULED = "2026-12-05T03:00:00Z";
    static final String CURATED = "s3://lake/curated";

    /** The maintenance step of the scheduled day, as EMR should receive it. */
    static final JobStep MAINTAIN_STEP = new JobStep(
            "maintain-2026-12-05",
            "xlake-maintain day=2026-12-05",
            "dev.xlake.convert.MaintainJob",
            List.of("--output", CURATED, "--catalog", "glue", "--older-than-days", "7"));

    /** The ids step of that day's pass, whose id is the day's. */
    static final JobStep IDS_STEP = new JobStep(
            "compliance-ids-2026-12-05",
            "xlake-compliance-ids pass=20261205T000000Z-000000",
            "dev.xlake.convert.ComplianceIdsJob",
            List.of("--output", CURATED, "--catalog", "glue", "--pass", "20261205T000000Z-000000"));

    final FakeTime clock = new FakeTime(Instant.parse("2026-12-05T03:00:02Z"));
    final InMemoryClaimStore claims = new InMemoryClaimStore();
    final ScheduledEvents.RecordingJobs emr = new ScheduledEvents.RecordingJobs();
    final AtomicInteger tokens = new AtomicInteger();
    final SubmitHandler handler =
            ScheduledEvents.handler(claims, emr, clock, () -> "t" + tokens.incrementAndGet(), CURATED);

    JsonNode invoke(String event) throws IOException {
        return ScheduledEvents.invoke(handler, event);
    }

    static String maintain(String time) {
        return "{\"job\":\"maintain\",\"scheduled_time\":\"" + time + "\"}";
    }

    @Test
    void shouldSubmitOneMaintainStepPerScheduledDayUnderDuplicateInvocations() throws IOException {
        // Given the schedule's event delivered three times, the last after midnight (a late retry)
        JsonNode first = invoke(maintain(SCHEDULED));
        JsonNode second = invoke(maintain(SCHEDULED));
        clock.advance(Duration.ofHours(22));
        JsonNode third = invoke(maintain(SCHEDULED));

        // Then one step, for the scheduled day, with the maintain job's arguments
        assertThat(emr.submitted).containsExactly(MAINTAIN_STEP);
        assertThat(first.path("status").asText()).isEqualTo("SUBMITTED");
        assertThat(second.path("status").asText()).isEqualTo("ALREADY_SUBMITTED");
        assertThat(third.path("step_id").asText()).isEqualTo("s-1");
        assertThat(claims.read("maintain-2026-12-05").orElseThrow().claim().manifestUri())
                .isEqualTo("schedule:maintain/2026-12-05");

        // When the next day's schedule fires
        invoke(maintain("2026-12-06T03:00:00Z"));

        // Then a second step, for that day
        assertThat(emr.submitted)
                .extracting(JobStep::jobId)
                .containsExactly("maintain-2026-12-05", "maintain-2026-12-06");
    }

    @Test
    void shouldReleaseTheClaimWhenEmrRefusesSoTheRetrySubmits() throws IOException {
        // Given EMR refusing the first attempt
        emr.nextFailure = new StepSubmissionException("Cannot submit: throttled until the deadline", null);

        // When the schedule's invocation fails and Lambda retries it
        assertThatThrownBy(() -> invoke(maintain(SCHEDULED)))
                .isInstanceOf(StepSubmissionException.class)
                .hasMessageContaining("maintain-2026-12-05 (claim released");
        JsonNode retry = invoke(maintain(SCHEDULED));

        // Then the retry submits the one step
        assertThat(retry.path("status").asText()).isEqualTo("SUBMITTED");
        assertThat(emr.submitted).hasSize(1);
    }

    @Test
    void shouldKeepTheClaimWhenTheOutcomeIsUnknownAndFindTheStepWhenTakingItOver() throws IOException {
        // Given EMR added the step but the answer was lost
        emr.submitted.add(MAINTAIN_STEP);
        emr.nextFailure = new StepOutcomeUnknownException("Cannot tell: 503 and ListSteps failed", null);
        assertThatThrownBy(() -> invoke(maintain(SCHEDULED))).hasMessageContaining("claim kept");

        // When a retry comes while the claim is fresh, then after it went stale
        assertThatThrownBy(() -> invoke(maintain(SCHEDULED))).hasMessageContaining("has not recorded a step id");
        clock.advance(Duration.ofMinutes(21));
        JsonNode late = invoke(maintain(SCHEDULED));

        // Then no second step: the take-over found the first by name
        assertThat(late.path("status").asText()).isEqualTo("ALREADY_SUBMITTED");
        assertThat(late.path("step_id").asText()).isEqualTo("s-1");
        assertThat(emr.submitted).hasSize(1);
    }

    @Test
    void shouldRefuseAnUnknownJobOrABadTime() {
        assertThatThrownBy(() -> invoke("{\"job\":\"vacuum\"}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "Cannot run scheduled job 'vacuum': unknown job (known: maintain, compliance-ids, compliance-apply)");
        assertThatThrownBy(() -> invoke("{\"job\":\"maintain\",\"scheduled_time\":\"yesterday\"}"))
                .hasMessageContaining("scheduled_time is not an ISO-8601 instant: yesterday");
        assertThat(emr.submitted).isEmpty();
    }

    @Test
    void shouldUseTheClockWhenInvokedByHand() throws IOException {
        JsonNode result = invoke("{\"job\":\"maintain\"}");

        assertThat(result.path("job_id").asText()).isEqualTo("maintain-2026-12-05");
    }

    @Test
    void shouldSubmitOneIdsStepPerScheduledDayForThatDaysPass() throws IOException {
        String event = "{\"job\":\"compliance-ids\",\"scheduled_time\":\"2026-12-05T04:00:00Z\"}";

        JsonNode first = invoke(event);
        JsonNode retry = invoke(event);

        assertThat(emr.submitted).containsExactly(IDS_STEP);
        assertThat(first.path("status").asText()).isEqualTo("SUBMITTED");
        assertThat(retry.path("status").asText()).isEqualTo("ALREADY_SUBMITTED");
        assertThat(retry.path("step_id").asText()).isEqualTo("s-1");
    }

    @Test
    void shouldSubmitOneApplyStepPerPassAnsweringRepeatedRequestsWithItsStepId() throws IOException {
        String event = "{\"job\":\"compliance-apply\",\"pass\":\"20261205T000000Z-000000\"}";

        invoke(event);
        JsonNode again = invoke(event);

        assertThat(emr.submitted).singleElement().satisfies(step -> {
            assertThat(step.jobId()).isEqualTo("compliance-apply-20261205T000000Z-000000");
            assertThat(step.mainClass()).isEqualTo("dev.xlake.convert.ComplianceApplyJob");
            assertThat(step.jobArgs()).contains("--pass", "20261205T000000Z-000000");
        });
        assertThat(again.path("step_id").asText()).isEqualTo("s-1");
        assertThat(claims.read("compliance-apply-20261205T000000Z-000000")
                        .orElseThrow()
                        .claim()
                        .manifestUri())
                .isEqualTo("compliance:compliance-apply/20261205T000000Z-000000");
    }

    @Test
    void shouldRefuseAnApplyRequestWithoutAValidPass() {
        assertThatThrownBy(() -> invoke("{\"job\":\"compliance-apply\",\"pass\":\"../../x\"}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot run scheduled job 'compliance-apply': pass ../../x is not a pass id"
                        + " (yyyyMMddTHHmmssZ-xxxxxx)");
        assertThat(emr.submitted).isEmpty();
    }
}
