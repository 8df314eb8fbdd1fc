package dev.xlake.submit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.xlake.core.config.EnvNames;
import dev.xlake.core.layout.ManifestRef;
import dev.xlake.core.layout.RawKeys;
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
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.S3Exception;

class SubmitHandlerTest {

    static final String MANIFEST_KEY =
            "raw/x/recent-search/query=kpop/dt=2026-11-25/run=20261125T201500Z-3f9a1c/_manifest.json";

    final FakeTime clock = new FakeTime(Instant.parse("2026-11-25T20:15:05Z"));
    final InMemoryClaimStore claims = new InMemoryClaimStore();
    final List<Instant> deadlines = new ArrayList<>();
    final FakeStepSubmitter emr = new FakeStepSubmitter();
    final StepSubmitter recordingDeadlines = (step, deadline) -> {
        deadlines.add(deadline);
        return emr.submit(step, deadline);
    };
    final SubmitHandler handler = handlerWith(claims, recordingDeadlines);

    SubmitHandler handlerWith(ClaimStore claims, StepSubmitter emr) {
        return new SubmitHandler(
                new ManifestSubmitService(
                        claims,
                        emr,
                        "s3://lake/curated",
                        "s3://lake/quarantine",
                        Duration.ofMinutes(20),
                        clock,
                        () -> "token"),
                clock);
    }

    JsonNode invoke(String eventResource) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(
                S3EventParserTest.resource(eventResource), out, new FakeLambdaContext(Duration.ofSeconds(60)));
        return new ObjectMapper().readTree(out.toByteArray());
    }

    @Test
    void shouldSubmitTheManifestOfADocumentedS3NotificationOnceAcrossThreeDeliveries() throws IOException {
        // When
        JsonNode first = invoke("s3-event-notification.json");
        JsonNode second = invoke("s3-event-notification.json");
        JsonNode third = invoke("s3-event-notification.json");

        // Then
        assertThat(emr.submitted()).hasSize(1);
        assertThat(emr.submitted().get(0).step().manifestUri())
                .isEqualTo("s3://xlake-data-123456789012/" + MANIFEST_KEY);
        assertThat(first.at("/results/0/status").asText()).isEqualTo("SUBMITTED");
        assertThat(first.at("/results/0/run_id").asText()).isEqualTo("20261125T201500Z-3f9a1c");
        assertThat(first.at("/results/1/status").asText()).isEqualTo("IGNORED");
        assertThat(first.at("/results")).hasSize(2);
        for (JsonNode again : List.of(second, third)) {
            assertThat(again.at("/results/0/status").asText()).isEqualTo("ALREADY_SUBMITTED");
            assertThat(again.at("/results/0/detail").asText())
                    .isEqualTo(
                            "already submitted: step " + emr.submitted().get(0).stepId());
        }
    }

    @Test
    void shouldGiveTheSubmitterTheLambdaTimeMinusTheBookkeepingReserve() throws IOException {
        invoke("s3-event-notification.json");

        assertThat(deadlines).containsExactly(clock.instant().plusSeconds(60).minus(SubmitHandler.BOOKKEEPING_RESERVE));
    }

    @Test
    void shouldDoNothingForTheS3TestEvent() throws IOException {
        JsonNode response = invoke("s3-test-event.json");

        assertThat(response.at("/results")).isEmpty();
        assertThat(emr.calls()).isZero();
        assertThat(claims.size()).isZero();
    }

    @Test
    void shouldFailTheInvocationWhenSubmissionFailsAndSubmitOnTheRetry() throws IOException {
        // Given
        emr.failNext(1);

        // When / Then
        assertThatThrownBy(() -> invoke("s3-event-notification.json"))
                .isInstanceOf(StepSubmissionException.class)
                .hasMessageContaining("20261125T201500Z-3f9a1c");
        assertThat(claims.size()).isZero();
        assertThat(invoke("s3-event-notification.json").at("/results/0/status").asText())
                .isEqualTo("SUBMITTED");
        assertThat(emr.submitted()).hasSize(1);
    }

    @Test
    void shouldFailTheInvocationWhileAnotherDeliveryHoldsTheClaimSoThatLambdaRetries() throws IOException {
        // Given another delivery claimed the run a moment ago and has not recorded a step yet
        ManifestRef manifest =
                RawKeys.parseManifest("xlake-data-123456789012", MANIFEST_KEY).orElseThrow();
        String version = claims.createIfAbsent(ClaimRecord.newClaim(manifest, "other", clock.instant()))
                .orElseThrow();

        // When / Then
        assertThatThrownBy(() -> invoke("s3-event-notification.json"))
                .isInstanceOf(StepSubmissionException.class)
                .hasMessage("Cannot confirm the convert step for run 20261125T201500Z-3f9a1c yet: another delivery"
                        + " claimed it at 2026-11-25T20:15:05Z and has not recorded a step id; failing so that"
                        + " Lambda retries");
        assertThat(emr.calls()).isZero();

        // And when the other delivery has recorded its step, the retry succeeds
        claims.replaceIfMatch(
                claims.read(manifest.runId()).orElseThrow().claim().withStep("s-OTHER", clock.instant()), version);
        assertThat(invoke("s3-event-notification.json").at("/results/0/detail").asText())
                .isEqualTo("already submitted: step s-OTHER");
    }

    @Test
    void shouldStillSubmitTheOtherManifestsWhenTheClaimStoreFailsForOne() {
        // Given an event with two manifests, and S3 refusing the first run's claim
        String failingRun = "20261125T201500Z-000001";
        String otherRun = "20261125T201500Z-000002";
        ClaimStore refusingOne = new InMemoryClaimStore() {
            @Override
            public synchronized Optional<String> createIfAbsent(ClaimRecord claim) {
                if (claim.runId().equals(failingRun)) {
                    throw S3Exception.builder()
                            .statusCode(403)
                            .message("Access Denied")
                            .build();
                }
                return super.createIfAbsent(claim);
            }
        };
        SubmitHandler twoManifests = handlerWith(refusingOne, emr);
        String event = "{\"Records\":[" + createdRecord(failingRun) + "," + createdRecord(otherRun) + "]}";

        // When / Then
        assertThatThrownBy(() -> twoManifests.handleRequest(
                        new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)),
                        new ByteArrayOutputStream(),
                        new FakeLambdaContext(Duration.ofSeconds(60))))
                .isInstanceOf(StepSubmissionException.class)
                .hasMessageStartingWith(
                        "Cannot claim run " + failingRun + " in state/submit/run=" + failingRun + ".json: ")
                .hasMessageContaining("Access Denied");
        assertThat(emr.submitted())
                .extracting(submitted -> submitted.step().runId())
                .containsExactly(otherRun);
    }

    static String createdRecord(String runId) {
        return "{\"eventName\":\"ObjectCreated:Put\",\"s3\":{\"bucket\":{\"name\":\"lake\"},\"object\":{\"key\":"
                + "\"raw/x/recent-search/query%3Dkpop/dt%3D2026-11-25/run%3D" + runId + "/_manifest.json\"}}}";
    }

    @Test
    void shouldNameTheMissingVariablesWhenBuiltByLambdaWithoutConfiguration() {
        assumeTrue(System.getenv(EnvNames.BUCKET) == null);

        assertThatThrownBy(SubmitHandler::new)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("XLAKE_BUCKET: required but not set")
                .hasMessageContaining("XLAKE_EMR_CLUSTER_ID: required but not set");
    }
}
