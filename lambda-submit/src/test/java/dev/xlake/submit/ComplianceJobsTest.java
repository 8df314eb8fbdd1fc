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
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The compliance pass's two EMR steps through the submit function: once per day and once per pass. */
class ComplianceJobsTest {

    final FakeTime clock = new FakeTime(Instant.parse("2026-12-05T04:00:02Z"));
    final InMemoryClaimStore claims = new InMemoryClaimStore();
    final MaintainJobsTest.RecordingJobs emr = new MaintainJobsTest.RecordingJobs();
    final ClaimedJobs claimed = new ClaimedJobs(claims, emr, Duration.ofMinutes(20), clock, () -> "t");
    final SubmitHandler handler = new SubmitHandler(
            null,
            null,
            Optional.empty(),
            new ScheduledJobs(
                    Optional.of(new MaintainJobs(claimed, "s3://lake/curated")),
                    Optional.of(new ComplianceJobs(claimed, "s3://lake/curated")),
                    clock),
            clock);

    JsonNode invoke(String event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(
                new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)),
                out,
                new FakeLambdaContext(Duration.ofSeconds(60)));
        return new ObjectMapper().readTree(out.toByteArray());
    }

    @Test
    void shouldSubmitOneIdsStepPerScheduledDayForThatDaysPass() throws IOException {
        String event = "{\"job\":\"compliance-ids\",\"scheduled_time\":\"2026-12-05T04:00:00Z\"}";

        JsonNode first = invoke(event);
        JsonNode retry = invoke(event);

        assertThat(emr.submitted).hasSize(1);
        JobStep step = emr.submitted.get(0);
        assertThat(step.jobId()).isEqualTo("compliance-ids-2026-12-05");
        assertThat(step.name()).isEqualTo("xlake-compliance-ids pass=20261205T000000Z-000000");
        assertThat(step.mainClass()).isEqualTo("dev.xlake.convert.ComplianceIdsJob");
        assertThat(step.jobArgs())
                .containsExactly(
                        "--output", "s3://lake/curated", "--catalog", "glue", "--pass", "20261205T000000Z-000000");
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
