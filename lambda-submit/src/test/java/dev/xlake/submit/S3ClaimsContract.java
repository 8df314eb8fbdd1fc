package dev.xlake.submit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.xlake.core.layout.ManifestRef;
import dev.xlake.core.layout.RawKeys;
import dev.xlake.s3.ObjectStore;
import dev.xlake.s3.StoredObject;
import dev.xlake.submit.ClaimStore.StoredClaim;
import dev.xlake.submit.SubmitOutcome.Status;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The claim rules of {@link S3ClaimStore} on each {@link ObjectStore} back end: subclasses supply
 * the store (in memory, embedded S3, LocalStack). Each test uses its own run id, so one bucket
 * serves the whole class.
 */
abstract class S3ClaimsContract {

    static final String BUCKET = "xlake-claims";
    static final Duration STALE_AFTER = Duration.ofMinutes(20);

    private final Supplier<ObjectStore> stores;
    final FakeStepSubmitter submitter = new FakeStepSubmitter();
    ObjectStore objects;
    ManifestRef manifest;
    S3ClaimStore claims;

    /** @param stores called before each test; may answer the same store every time */
    S3ClaimsContract(Supplier<ObjectStore> stores) {
        this.stores = stores;
    }

    @BeforeEach
    void newRun() {
        String runId = "20261125T201500Z-"
                + HexFormat.of()
                        .toHexDigits(ThreadLocalRandom.current().nextInt())
                        .substring(2);
        objects = stores.get();
        manifest = RawKeys.parseManifest(
                        objects.bucket(),
                        "raw/x/recent-search/query=kpop/dt=2026-11-25/run=" + runId + "/_manifest.json")
                .orElseThrow();
        claims = new S3ClaimStore(objects);
    }

    SubmitOutcome deliver() {
        return new ManifestSubmitService(
                        claims,
                        submitter,
                        "s3://" + objects.bucket() + "/curated",
                        "s3://" + objects.bucket() + "/quarantine",
                        STALE_AFTER)
                .submit(manifest, Instant.now().plusSeconds(60));
    }

    ClaimRecord claim(String token) {
        return ClaimRecord.newClaim(manifest, token, Instant.parse("2026-11-25T20:15:05.123Z"));
    }

    @Test
    void shouldCreateAClaimOnlyOnce() {
        Optional<String> first = claims.createIfAbsent(claim("first"));
        Optional<String> second = claims.createIfAbsent(claim("second"));

        assertThat(first).isPresent();
        assertThat(second).isEmpty();
        assertThat(claims.read(manifest.runId())).contains(new StoredClaim(claim("first"), first.get()));
    }

    @Test
    void shouldStoreTheClaimAsDocumentedJson() {
        claims.createIfAbsent(claim("first"));

        StoredObject object =
                objects.get("state/submit/run=" + manifest.runId() + ".json").orElseThrow();
        assertThat(new String(object.content(), StandardCharsets.UTF_8))
                .isEqualTo("{\"claim_version\":1,\"run_id\":\"" + manifest.runId()
                        + "\",\"manifest\":\"" + manifest.uri() + "\",\"claim_token\":\"first\","
                        + "\"claimed_at\":\"2026-11-25T20:15:05.123Z\",\"step_id\":null,\"submitted_at\":null,"
                        + "\"taken_over_from\":null}");
        assertThat(object.contentType()).isEqualTo("application/json");
    }

    @Test
    void shouldReplaceAClaimOnlyAtTheVersionRead() {
        String v1 = claims.createIfAbsent(claim("first")).orElseThrow();
        ClaimRecord submitted = claim("first").withStep("s-1", Instant.parse("2026-11-25T20:15:06Z"));

        Optional<String> v2 = claims.replaceIfMatch(submitted, v1);
        Optional<String> stale = claims.replaceIfMatch(claim("intruder"), v1);

        assertThat(v2).isPresent().get().isNotEqualTo(v1);
        assertThat(stale).isEmpty();
        assertThat(claims.read(manifest.runId()).orElseThrow().claim()).isEqualTo(submitted);
    }

    @Test
    void shouldDeleteAClaimAtItsVersion() {
        String v1 = claims.createIfAbsent(claim("first")).orElseThrow();

        assertThat(claims.deleteIfMatch(manifest.runId(), v1)).isTrue();
        assertThat(claims.read(manifest.runId())).isEmpty();
        assertThat(claims.createIfAbsent(claim("second"))).isPresent();
    }

    @Test
    void shouldSubmitOneStepWhenTheSameManifestIsDeliveredThreeTimes() {
        List<SubmitOutcome> outcomes = List.of(deliver(), deliver(), deliver());

        assertThat(submitter.submitted()).hasSize(1);
        assertThat(outcomes)
                .extracting(SubmitOutcome::status)
                .containsExactly(Status.SUBMITTED, Status.ALREADY_SUBMITTED, Status.ALREADY_SUBMITTED);
        assertThat(claims.read(manifest.runId()).orElseThrow().claim().stepId())
                .isEqualTo(submitter.submitted().get(0).stepId());
    }

    @Test
    void shouldSubmitOneStepWhenDeliveriesArriveConcurrently() throws Exception {
        // When eight deliveries arrive while the first is still submitting
        List<SubmitOutcome> outcomes = ConcurrentDeliveries.deliverAtOnce(8, submitter, this::deliver);

        // Then
        assertThat(submitter.submitted()).hasSize(1);
        assertThat(outcomes)
                .extracting(SubmitOutcome::status)
                .containsOnlyOnce(Status.SUBMITTED)
                .filteredOn(status -> status != Status.SUBMITTED)
                .hasSize(7)
                .containsOnly(Status.IN_PROGRESS);
        assertThat(deliver().status()).isEqualTo(Status.ALREADY_SUBMITTED);
    }

    @Test
    void shouldReleaseTheClaimWhenSubmissionFailsSoThatARetrySubmits() {
        // Given
        submitter.failNext(1);

        // When
        assertThatThrownBy(this::deliver)
                .isInstanceOf(StepSubmissionException.class)
                .hasMessageContaining("run " + manifest.runId())
                .hasMessageContaining("claim released")
                .hasMessageContaining("fake EMR refused call 1");

        // Then
        assertThat(claims.read(manifest.runId())).isEmpty();
        assertThat(deliver().status()).isEqualTo(Status.SUBMITTED);
        assertThat(submitter.submitted()).hasSize(1);
        assertThat(submitter.calls()).isEqualTo(2);
    }

    @Test
    void shouldNotDeleteAClaimChangedSinceItWasRead() {
        String v1 = claims.createIfAbsent(claim("first")).orElseThrow();
        claims.replaceIfMatch(claim("first").withStep("s-1", Instant.parse("2026-11-25T20:15:06Z")), v1)
                .orElseThrow();

        assertThat(claims.deleteIfMatch(manifest.runId(), v1)).isFalse();
        assertThat(claims.read(manifest.runId())).isPresent();
    }

    @Test
    void shouldTakeOverAStaleClaim() {
        claims.createIfAbsent(ClaimRecord.newClaim(
                manifest,
                UUID.randomUUID().toString(),
                Instant.now().minus(STALE_AFTER).minusSeconds(5)));

        SubmitOutcome outcome = deliver();

        assertThat(outcome.status()).isEqualTo(Status.SUBMITTED);
        assertThat(claims.read(manifest.runId()).orElseThrow().claim().takenOverFrom())
                .isNotNull();
    }
}
