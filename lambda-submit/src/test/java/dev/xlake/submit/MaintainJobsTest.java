package dev.xlake.submit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.xlake.core.time.FakeTime;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The daily maintenance step through the submit function: once per scheduled day, whatever the deliveries. */
class MaintainJobsTest {

    static final String SCHEDULED = "2026-12-05T03:00:00Z";

    final FakeTime clock = new FakeTime(Instant.parse("2026-12-05T03:00:02Z"));
    final InMemoryClaimStore claims = new InMemoryClaimStore();
    final RecordingJobs emr = new RecordingJobs();
    final AtomicInteger tokens = new AtomicInteger();
    final SubmitHandler handler = new SubmitHandler(
            null,
            null,
            Optional.empty(),
            new ScheduledJobs(
                    Optional.of(new MaintainJobs(
                            new ClaimedJobs(
                                    claims, emr, Duration.ofMinutes(20), clock, () -> "t" + tokens.incrementAndGet()),
                            "s3://lake/curated")),
                    clock),
            clock);

    /** The fake EMR: records every step it accepted; a step is found by name as ListSteps would. */
    static final class RecordingJobs implements JobStepSubmitter {
        final List<JobStep> submitted = new ArrayList<>();
        RuntimeException nextFailure;

        @Override
        public synchronized String submit(JobStep step, Instant deadline) {
            if (nextFailure != null) {
                RuntimeException failure = nextFailure;
                nextFailure = null;
                throw failure;
            }
            submitted.add(step);
            return "s-" + submitted.size();
        }

        @Override
        public synchronized Optional<String> findSubmitted(JobStep step) {
            for (int i = 0; i < submitted.size(); i++) {
                if (submitted.get(i).name().equals(step.name())) {
                    return Optional.of("s-" + (i + 1));
                }
            }
            return Optional.empty();
        }
    }

    JsonNode invoke(String event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(
                new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)),
                out,
                new FakeLambdaContext(Duration.ofSeconds(60)));
        return new ObjectMapper().readTree(out.toByteArray());
    }

    static String scheduled(String time) {
        return "{\"job\":\"maintain\",\"scheduled_time\":\"" + time + "\"}";
    }

    @Test
    void shouldSubmitOneMaintainStepPerScheduledDayUnderDuplicateInvocations() throws IOException {
        // Given the schedule's event delivered three times, the last after midnight (a late retry)
        JsonNode first = invoke(scheduled(SCHEDULED));
        JsonNode second = invoke(scheduled(SCHEDULED));
        clock.advance(Duration.ofHours(22));
        JsonNode third = invoke(scheduled(SCHEDULED));

        // Then one step, for the scheduled day, with the maintain job's arguments
        assertThat(emr.submitted).hasSize(1);
        JobStep step = emr.submitted.get(0);
        assertThat(step.jobId()).isEqualTo("maintain-2026-12-05");
        assertThat(step.name()).isEqualTo("xlake-maintain day=2026-12-05");
        assertThat(step.mainClass()).isEqualTo("dev.xlake.convert.MaintainJob");
        assertThat(step.jobArgs())
                .containsExactly("--output", "s3://lake/curated", "--catalog", "glue", "--older-than-days", "7");
        assertThat(first.path("status").asText()).isEqualTo("SUBMITTED");
        assertThat(second.path("status").asText()).isEqualTo("ALREADY_SUBMITTED");
        assertThat(third.path("step_id").asText()).isEqualTo("s-1");
        assertThat(claims.read("maintain-2026-12-05").orElseThrow().claim().manifestUri())
                .isEqualTo("schedule:maintain/2026-12-05");

        // When the next day's schedule fires
        invoke(scheduled("2026-12-06T03:00:00Z"));

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
        assertThatThrownBy(() -> invoke(scheduled(SCHEDULED)))
                .isInstanceOf(StepSubmissionException.class)
                .hasMessageContaining("maintain-2026-12-05 (claim released");
        JsonNode retry = invoke(scheduled(SCHEDULED));

        // Then the retry submits the one step
        assertThat(retry.path("status").asText()).isEqualTo("SUBMITTED");
        assertThat(emr.submitted).hasSize(1);
    }

    @Test
    void shouldKeepTheClaimWhenTheOutcomeIsUnknownAndFindTheStepWhenTakingItOver() throws IOException {
        // Given EMR added the step but the answer was lost
        emr.submitted.add(new MaintainJobs(null, "s3://lake/curated").stepFor(java.time.LocalDate.parse("2026-12-05")));
        emr.nextFailure = new StepOutcomeUnknownException("Cannot tell: 503 and ListSteps failed", null);
        assertThatThrownBy(() -> invoke(scheduled(SCHEDULED))).hasMessageContaining("claim kept");

        // When a retry comes while the claim is fresh, then after it went stale
        assertThatThrownBy(() -> invoke(scheduled(SCHEDULED))).hasMessageContaining("has not recorded a step id");
        clock.advance(Duration.ofMinutes(21));
        JsonNode late = invoke(scheduled(SCHEDULED));

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
}
