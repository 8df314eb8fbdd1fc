package dev.xlake.submit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.xlake.core.layout.ManifestRef;
import dev.xlake.core.layout.RawKeys;
import dev.xlake.submit.ClaimStore.StoredClaim;
import dev.xlake.submit.SubmitOutcome.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * The claim rules on a real S3 API: subclasses supply the server (embedded S3, LocalStack).
 * Each test uses its own run id, so one bucket serves the whole class.
 */
abstract class S3ClaimsContract {

    static final Duration STALE_AFTER = Duration.ofMinutes(20);

    final FakeStepSubmitter submitter = new FakeStepSubmitter();
    ManifestRef manifest;
    S3ClaimStore claims;

    /** The client to test with; the subclass owns and closes it. */
    abstract S3Client s3();

    abstract String bucket();

    @BeforeEach
    void newRun() {
        String runId = "20261125T201500Z-"
                + HexFormat.of()
                        .toHexDigits(ThreadLocalRandom.current().nextInt())
                        .substring(2);
        manifest = RawKeys.parseManifest(
                        bucket(), "raw/x/recent-search/query=kpop/dt=2026-11-25/run=" + runId + "/_manifest.json")
                .orElseThrow();
        claims = new S3ClaimStore(s3(), bucket());
    }

    SubmitOutcome deliver() {
        return new ManifestSubmitService(
                        claims,
                        submitter,
                        "s3://" + bucket() + "/curated",
                        "s3://" + bucket() + "/quarantine",
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

        ResponseBytes<GetObjectResponse> object =
                s3().getObjectAsBytes(b -> b.bucket(bucket()).key("state/submit/run=" + manifest.runId() + ".json"));
        assertThat(object.asUtf8String())
                .isEqualTo("{\"claim_version\":1,\"run_id\":\"" + manifest.runId()
                        + "\",\"manifest\":\"" + manifest.uri() + "\",\"claim_token\":\"first\","
                        + "\"claimed_at\":\"2026-11-25T20:15:05.123Z\",\"step_id\":null,\"submitted_at\":null,"
                        + "\"taken_over_from\":null}");
        assertThat(object.response().contentType()).isEqualTo("application/json");
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
        List<SubmitOutcome> outcomes = ConcurrentDeliveries.deliverAtOnce(6, submitter, this::deliver);

        assertThat(submitter.submitted()).hasSize(1);
        assertThat(outcomes)
                .extracting(SubmitOutcome::status)
                .containsOnlyOnce(Status.SUBMITTED)
                .filteredOn(status -> status != Status.SUBMITTED)
                .hasSize(5)
                .containsOnly(Status.IN_PROGRESS);
        assertThat(deliver().status()).isEqualTo(Status.ALREADY_SUBMITTED);
    }

    @Test
    void shouldReleaseTheClaimWhenSubmissionFailsSoThatARetrySubmits() {
        submitter.failNext(1);

        assertThatThrownBy(this::deliver)
                .isInstanceOf(StepSubmissionException.class)
                .hasMessageContaining("claim released");
        assertThat(claims.read(manifest.runId())).isEmpty();
        assertThat(deliver().status()).isEqualTo(Status.SUBMITTED);
        assertThat(submitter.submitted()).hasSize(1);
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
