package dev.xlake.submit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.xlake.core.layout.ManifestRef;
import dev.xlake.core.layout.RawKeys;
import dev.xlake.core.time.FakeTime;
import dev.xlake.submit.SubmitOutcome.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The service's decisions on the in-memory claim store. Concurrent deliveries and releasing a
 * claim after a failed submission are in {@link S3ClaimsContract}, on every claim store back end.
 */
class ManifestSubmitServiceTest {

    static final String BUCKET = "xlake-test";
    static final String RUN_ID = "20261125T201500Z-3f9a1c";
    static final String MANIFEST_KEY = "raw/x/recent-search/query=kpop/dt=2026-11-25/run=" + RUN_ID + "/_manifest.json";
    static final Duration STALE_AFTER = Duration.ofMinutes(20);

    final FakeTime clock = new FakeTime(Instant.parse("2026-11-25T20:15:05Z"));
    final AtomicInteger tokens = new AtomicInteger();
    final InMemoryClaimStore claims = new InMemoryClaimStore();
    final FakeStepSubmitter submitter = new FakeStepSubmitter();
    final ManifestRef manifest = RawKeys.parseManifest(BUCKET, MANIFEST_KEY).orElseThrow();

    ManifestSubmitService service(ClaimStore store, StepSubmitter stepSubmitter) {
        return new ManifestSubmitService(
                new ClaimProtocol(store, STALE_AFTER, clock, () -> "token-" + tokens.incrementAndGet()),
                stepSubmitter,
                "s3://" + BUCKET + "/curated",
                "s3://" + BUCKET + "/quarantine/convert");
    }

    SubmitOutcome deliver() {
        return service(claims, submitter).submit(manifest, clock.instant().plusSeconds(60));
    }

    @Test
    void shouldSubmitOneStepWhenTheSameManifestIsDeliveredThreeTimes() {
        // When
        SubmitOutcome first = deliver();
        SubmitOutcome second = deliver();
        SubmitOutcome third = deliver();

        // Then
        assertThat(submitter.submitted()).hasSize(1);
        String stepId = submitter.submitted().get(0).stepId();
        assertThat(first.status()).isEqualTo(Status.SUBMITTED);
        assertThat(List.of(second, third)).allSatisfy(outcome -> {
            assertThat(outcome.status()).isEqualTo(Status.ALREADY_SUBMITTED);
            assertThat(outcome.describe()).isEqualTo("already submitted: step " + stepId);
        });
        assertThat(claims.read(RUN_ID).orElseThrow().claim().stepId()).isEqualTo(stepId);
    }

    @Test
    void shouldPassTheManifestAndTargetsToTheSubmitter() {
        deliver();

        ConvertStep step = submitter.submitted().get(0).step();
        assertThat(step)
                .isEqualTo(new ConvertStep(
                        RUN_ID,
                        "xlake-convert run=" + RUN_ID + " query=kpop",
                        List.of("s3://" + BUCKET + "/" + MANIFEST_KEY),
                        "s3://" + BUCKET + "/curated",
                        "s3://" + BUCKET + "/quarantine/convert"));
        assertThat(step.name()).isEqualTo("xlake-convert run=" + RUN_ID + " query=kpop");
    }

    @Test
    void shouldKeepTheClaimWhenTheSubmitterCannotTellWhetherTheStepWasAdded() {
        // Given EMR added the step but the answer was lost and could not be checked
        submitter.addButFailWithUnknownOutcome(1).invisibleToFind();

        // When
        assertThatThrownBy(this::deliver)
                .isInstanceOf(StepSubmissionException.class)
                .hasMessageContaining("run " + RUN_ID)
                .hasMessageContaining("claim kept")
                .hasCauseInstanceOf(StepOutcomeUnknownException.class);
        SubmitOutcome retry = deliver();

        // Then the retry does not add a second step
        assertThat(claims.read(RUN_ID).orElseThrow().claim().stepId()).isNull();
        assertThat(retry.status()).isEqualTo(Status.IN_PROGRESS);
        assertThat(submitter.calls()).isEqualTo(1);
    }

    @Test
    void shouldRecordTheStepFoundOnceAClaimKeptForAnUnknownOutcomeIsStale() {
        // Given a submission whose outcome was unknown, and the stale limit passed
        submitter.addButFailWithUnknownOutcome(1);
        assertThatThrownBy(this::deliver).hasMessageContaining("claim kept");
        clock.advance(STALE_AFTER.plusSeconds(1));

        // When
        SubmitOutcome outcome = deliver();

        // Then the step EMR did add is found and recorded, not submitted again
        assertThat(outcome.status()).isEqualTo(Status.ALREADY_SUBMITTED);
        assertThat(outcome.stepId()).isEqualTo("s-FAKE1");
        assertThat(submitter.calls()).isEqualTo(1);
        assertThat(claims.read(RUN_ID).orElseThrow().claim().stepId()).isEqualTo("s-FAKE1");
    }

    @Test
    void shouldSaySoWhenTheClaimCannotBeReleased() {
        // Given a store that cannot delete
        submitter.failNext(1);
        ClaimStore cannotDelete = new InMemoryClaimStore() {
            @Override
            public synchronized boolean deleteIfMatch(String runId, String expectedVersion) {
                throw new IllegalStateException("S3 unavailable");
            }
        };

        // When / Then
        assertThatThrownBy(() -> service(cannotDelete, submitter)
                        .submit(manifest, clock.instant().plusSeconds(60)))
                .isInstanceOf(StepSubmissionException.class)
                .hasMessageContaining("claim NOT released")
                .satisfies(e -> assertThat(e.getCause().getSuppressed()).hasSize(1));
    }

    @Test
    void shouldReportInProgressForAFreshClaimWithoutStepId() {
        // Given a delivery that claimed the run a minute ago and is still submitting
        claims.createIfAbsent(
                ClaimRecord.newClaim(manifest, "other", clock.instant().minusSeconds(60)));

        // When
        SubmitOutcome outcome = deliver();

        // Then
        assertThat(outcome.status()).isEqualTo(Status.IN_PROGRESS);
        assertThat(outcome.describe()).startsWith("in progress: claimed at 2026-11-25T20:14:05Z");
        assertThat(submitter.calls()).isZero();
    }

    @Test
    void shouldTakeOverAStaleClaimAndSubmit() {
        // Given a claim whose owner crashed before submitting, older than the stale limit
        claims.createIfAbsent(ClaimRecord.newClaim(
                manifest, "crashed", clock.instant().minus(STALE_AFTER).minusSeconds(1)));

        // When
        SubmitOutcome outcome = deliver();

        // Then
        assertThat(outcome.status()).isEqualTo(Status.SUBMITTED);
        ClaimRecord claim = claims.read(RUN_ID).orElseThrow().claim();
        assertThat(claim.takenOverFrom()).isEqualTo("crashed");
        assertThat(claim.stepId()).isEqualTo(outcome.stepId());
        assertThat(claim.claimedAt()).isEqualTo(clock.instant());
    }

    @Test
    void shouldNotResubmitWhenTheStaleClaimsOwnerHadSubmittedBeforeCrashing() {
        // Given the owner submitted a step, then died before recording it in the claim
        ConvertStep step = service(claims, submitter).stepFor(manifest);
        String earlierStep = submitter.submit(step, clock.instant());
        claims.createIfAbsent(ClaimRecord.newClaim(manifest, "crashed", clock.instant()));
        clock.advance(STALE_AFTER.plusMinutes(1));

        // When
        SubmitOutcome outcome = deliver();

        // Then
        assertThat(outcome.status()).isEqualTo(Status.ALREADY_SUBMITTED);
        assertThat(outcome.stepId()).isEqualTo(earlierStep);
        assertThat(submitter.submitted()).hasSize(1);
        assertThat(claims.read(RUN_ID).orElseThrow().claim().stepId()).isEqualTo(earlierStep);
    }

    @Test
    void shouldLeaveAClaimChangedByAnotherDeliveryDuringTakeOver() {
        // Given a stale claim that another delivery takes over between our read and our write
        claims.createIfAbsent(ClaimRecord.newClaim(manifest, "crashed", clock.instant()));
        clock.advance(STALE_AFTER.plusMinutes(1));
        ClaimStore racing = new InMemoryClaimStore() {
            {
                createIfAbsent(claims.read(RUN_ID).orElseThrow().claim());
            }

            @Override
            public synchronized Optional<String> replaceIfMatch(ClaimRecord claim, String expectedVersion) {
                if ("crashed".equals(claim.takenOverFrom())) {
                    super.replaceIfMatch(ClaimRecord.newClaim(manifest, "winner", clock.instant()), expectedVersion);
                }
                return super.replaceIfMatch(claim, expectedVersion);
            }
        };

        // When
        SubmitOutcome outcome =
                service(racing, submitter).submit(manifest, clock.instant().plusSeconds(60));

        // Then
        assertThat(outcome.status()).isEqualTo(Status.IN_PROGRESS);
        assertThat(submitter.calls()).isZero();
        assertThat(racing.read(RUN_ID).orElseThrow().claim().claimToken()).isEqualTo("winner");
    }

    @Test
    void shouldReportTheSubmittedStepEvenIfRecordingItFails() {
        // Given a store whose replace fails after the step was submitted
        ClaimStore cannotReplace = new InMemoryClaimStore() {
            @Override
            public synchronized Optional<String> replaceIfMatch(ClaimRecord claim, String expectedVersion) {
                throw new IllegalStateException("S3 unavailable");
            }
        };
        ManifestSubmitService service = service(cannotReplace, submitter);

        // When
        SubmitOutcome first = service.submit(manifest, clock.instant().plusSeconds(60));
        SubmitOutcome retry = service.submit(manifest, clock.instant().plusSeconds(60));

        // Then the step runs once and a retry does not submit it again
        assertThat(first.status()).isEqualTo(Status.SUBMITTED);
        assertThat(retry.status()).isEqualTo(Status.IN_PROGRESS);
        assertThat(submitter.submitted()).hasSize(1);
    }
}
