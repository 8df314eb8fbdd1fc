package dev.xlake.submit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.xlake.core.config.EnvNames;
import dev.xlake.core.layout.RawKeys;
import dev.xlake.core.manifest.Tick;
import dev.xlake.core.time.FakeTime;
import dev.xlake.s3.InMemoryObjectStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.S3Exception;

class SubmitHandlerTest {

    static final String BUCKET = "xlake-data-123456789012";
    static final String TICK_ID = "20261125T201500Z-0a1b2c";
    static final String TICK_KEY = RawKeys.tick(TICK_ID);
    static final List<String> MANIFEST_KEYS = List.of(
            RawKeys.manifest("kpop", "20261125T201500Z-3f9a1c"),
            RawKeys.manifest("news", "20261125T201501Z-3f9a1d"),
            RawKeys.manifest("weather", "20261125T201502Z-3f9a1e"));

    final FakeTime clock = new FakeTime(Instant.parse("2026-11-25T20:15:05Z"));
    final InMemoryClaimStore claims = new InMemoryClaimStore();
    final InMemoryObjectStore lake = new InMemoryObjectStore(BUCKET);
    final List<Instant> deadlines = new ArrayList<>();
    final FakeStepSubmitter emr = new FakeStepSubmitter();
    final StepSubmitter recordingDeadlines = (step, deadline) -> {
        deadlines.add(deadline);
        return emr.submit(step, deadline);
    };
    final SubmitHandler handler = handlerWith(claims, recordingDeadlines);

    SubmitHandlerTest() {
        writeTick(TICK_ID);
    }

    void writeTick(String tickId) {
        lake.putIfAbsent(
                RawKeys.tick(tickId),
                new Tick(tickId, "2026-11-25T20:15:04Z", MANIFEST_KEYS).toJson(),
                "application/json",
                Map.of());
    }

    SubmitHandler handlerWith(ClaimStore claims, StepSubmitter emr) {
        return new SubmitHandler(
                new ManifestSubmitService(
                        new ClaimProtocol(claims, Duration.ofMinutes(20), clock, () -> "token"),
                        emr,
                        "s3://lake/curated",
                        "s3://lake/quarantine"),
                lake,
                Optional.empty(),
                clock);
    }

    JsonNode invoke(String eventResource) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(
                S3EventParserTest.resource(eventResource), out, new FakeLambdaContext(Duration.ofSeconds(60)));
        return new ObjectMapper().readTree(out.toByteArray());
    }

    @Test
    void shouldSubmitOneStepForAThreeQueryTickDeliveredThreeTimes() throws IOException {
        // When
        JsonNode first = invoke("s3-event-tick.json");
        JsonNode second = invoke("s3-event-tick.json");
        JsonNode third = invoke("s3-event-tick.json");

        // Then one step converts all three runs
        assertThat(emr.calls()).isEqualTo(1);
        ConvertStep step = emr.submitted().get(0).step();
        assertThat(step.manifestUris())
                .containsExactlyElementsOf(MANIFEST_KEYS.stream()
                        .map(k -> "s3://" + BUCKET + "/" + k)
                        .toList());
        assertThat(step.name()).isEqualTo("xlake-convert tick=" + TICK_ID + " runs=3");
        assertThat(first.at("/results/0/status").asText()).isEqualTo("SUBMITTED");
        assertThat(first.at("/results/0/tick_id").asText()).isEqualTo(TICK_ID);
        for (JsonNode again : List.of(second, third)) {
            assertThat(again.at("/results/0/status").asText()).isEqualTo("ALREADY_SUBMITTED");
            assertThat(again.at("/results/0/detail").asText())
                    .isEqualTo(
                            "already submitted: step " + emr.submitted().get(0).stepId());
        }
    }

    @Test
    void shouldIgnoreRunManifestEventsTheirTickConvertsThem() throws IOException {
        JsonNode response = invoke("s3-event-notification.json");

        assertThat(response.at("/results")).hasSize(2);
        response.at("/results")
                .forEach(result -> assertThat(result.path("status").asText()).isEqualTo("IGNORED"));
        assertThat(emr.calls()).isZero();
        assertThat(claims.size()).isZero();
    }

    @Test
    void shouldFailNamingTheTickWhenItsObjectIsGoneOrBroken() {
        String missing = "20261125T201600Z-00000f";
        String broken = "20261125T201700Z-0000ff";
        lake.putIfAbsent(RawKeys.tick(broken), "{}".getBytes(StandardCharsets.UTF_8), "application/json", Map.of());

        assertThatThrownBy(() -> invokeWith("{\"Records\":[" + createdRecord(missing) + "]}"))
                .isInstanceOf(StepSubmissionException.class)
                .hasMessage("Cannot submit tick s3://" + BUCKET + "/" + RawKeys.tick(missing) + ": the object is gone");
        assertThatThrownBy(() -> invokeWith("{\"Records\":[" + createdRecord(broken) + "]}"))
                .isInstanceOf(StepSubmissionException.class)
                .hasMessageContaining(
                        "Cannot read tick s3://" + BUCKET + "/" + RawKeys.tick(broken) + ": tick_version is 0, not 1");
        assertThat(emr.calls()).isZero();
    }

    @Test
    void shouldGiveTheSubmitterTheLambdaTimeMinusTheBookkeepingReserve() throws IOException {
        invoke("s3-event-tick.json");

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
        assertThatThrownBy(() -> invoke("s3-event-tick.json"))
                .isInstanceOf(StepSubmissionException.class)
                .hasMessageContaining(TICK_ID);
        assertThat(claims.size()).isZero();
        assertThat(invoke("s3-event-tick.json").at("/results/0/status").asText())
                .isEqualTo("SUBMITTED");
        assertThat(emr.submitted()).hasSize(1);
    }

    @Test
    void shouldFailTheInvocationWhileAnotherDeliveryHoldsTheClaimSoThatLambdaRetries() throws IOException {
        // Given another delivery claimed the tick a moment ago and has not recorded a step yet
        String version = claims.createIfAbsent(
                        ClaimRecord.newClaim(TICK_ID, "s3://" + BUCKET + "/" + TICK_KEY, "other", clock.instant()))
                .orElseThrow();

        // When / Then
        assertThatThrownBy(() -> invoke("s3-event-tick.json"))
                .isInstanceOf(StepSubmissionException.class)
                .hasMessage("Cannot confirm the convert step for tick " + TICK_ID + " yet: another delivery"
                        + " claimed it at 2026-11-25T20:15:05Z and has not recorded a step id; failing so that"
                        + " Lambda retries");
        assertThat(emr.calls()).isZero();

        // And when the other delivery has recorded its step, the retry succeeds
        claims.replaceIfMatch(claims.read(TICK_ID).orElseThrow().claim().withStep("s-OTHER", clock.instant()), version);
        assertThat(invoke("s3-event-tick.json").at("/results/0/detail").asText())
                .isEqualTo("already submitted: step s-OTHER");
    }

    @Test
    void shouldStillSubmitTheOtherTicksWhenTheClaimStoreFailsForOne() {
        // Given an event with two ticks, and S3 refusing the first tick's claim
        String failingTick = "20261125T201500Z-000001";
        String otherTick = "20261125T201500Z-000002";
        writeTick(failingTick);
        writeTick(otherTick);
        ClaimStore refusingOne = new InMemoryClaimStore() {
            @Override
            public synchronized Optional<String> createIfAbsent(ClaimRecord claim) {
                if (claim.runId().equals(failingTick)) {
                    throw S3Exception.builder()
                            .statusCode(403)
                            .message("Access Denied")
                            .build();
                }
                return super.createIfAbsent(claim);
            }
        };
        SubmitHandler twoTicks = handlerWith(refusingOne, emr);
        String event = "{\"Records\":[" + createdRecord(failingTick) + "," + createdRecord(otherTick) + "]}";

        // When / Then
        assertThatThrownBy(() -> twoTicks.handleRequest(
                        new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)),
                        new ByteArrayOutputStream(),
                        new FakeLambdaContext(Duration.ofSeconds(60))))
                .isInstanceOf(StepSubmissionException.class)
                .hasMessageStartingWith("Cannot submit tick " + failingTick + ": S3 failed on state/submit/tick="
                        + failingTick + ".json or " + RawKeys.tick(failingTick) + ": ")
                .hasMessageContaining("Access Denied");
        assertThat(emr.submitted())
                .extracting(submitted -> submitted.step().id())
                .containsExactly(otherTick);
    }

    void invokeWith(String event) throws IOException {
        handler.handleRequest(
                new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)),
                new ByteArrayOutputStream(),
                new FakeLambdaContext(Duration.ofSeconds(60)));
    }

    static String createdRecord(String tickId) {
        return "{\"eventName\":\"ObjectCreated:Put\",\"s3\":{\"bucket\":{\"name\":\"" + BUCKET
                + "\"},\"object\":{\"key\":\"" + RawKeys.tick(tickId).replace("=", "%3D") + "\"}}}";
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
