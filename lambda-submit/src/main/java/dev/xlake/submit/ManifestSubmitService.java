package dev.xlake.submit;

import dev.xlake.core.layout.ManifestRef;
import dev.xlake.core.manifest.Tick;
import dev.xlake.submit.ClaimStore.StoredClaim;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts exactly one convert step per tick (AWS) or per run manifest ({@code xlake local}), however
 * often its event is delivered.
 *
 * <p>S3 delivers events at least once and Lambda retries failed async invocations, while EMR's
 * {@code AddJobFlowSteps} has no idempotency token. So each run is claimed first, with a
 * create-if-absent write; only the claim's owner submits, then records the step id in the claim.
 * If submitting fails the owner deletes its claim so a retry can claim the run again, unless the
 * submitter cannot tell whether the step was added ({@link StepOutcomeUnknownException}). A claim
 * without a step id older than {@code claimStaleAfter} is presumed abandoned (its owner crashed)
 * and may be taken over by a compare-and-set on its version. docs/submit.md explains the cases.
 *
 * <p>Used by the S3-event Lambda with {@link EmrStepSubmitter} and by {@code xlake local} with a
 * local Spark submitter.
 */
public final class ManifestSubmitService {

    private static final Logger LOG = LoggerFactory.getLogger(ManifestSubmitService.class);
    /** Each extra attempt follows a claim that changed under us; three cover create/release races. */
    private static final int MAX_CLAIM_ATTEMPTS = 3;

    private final ClaimStore claims;
    private final StepSubmitter submitter;
    private final String curatedUri;
    private final String quarantineUri;
    private final Duration claimStaleAfter;
    private final InstantSource clock;
    private final Supplier<String> claimTokens;

    /**
     * @param curatedUri the converter's {@code --output}, e.g. {@code s3://<bucket>/curated}
     * @param quarantineUri the converter's {@code --quarantine}, e.g. {@code s3://<bucket>/quarantine/convert}
     *        (the converter adds {@code run=<runId>/} itself)
     * @param claimStaleAfter age after which a claim without step id may be taken over
     */
    public ManifestSubmitService(
            ClaimStore claims,
            StepSubmitter submitter,
            String curatedUri,
            String quarantineUri,
            Duration claimStaleAfter,
            InstantSource clock,
            Supplier<String> claimTokens) {
        this.claims = claims;
        this.submitter = submitter;
        this.curatedUri = curatedUri;
        this.quarantineUri = quarantineUri;
        this.claimStaleAfter = claimStaleAfter;
        this.clock = clock;
        this.claimTokens = claimTokens;
    }

    public ManifestSubmitService(
            ClaimStore claims,
            StepSubmitter submitter,
            String curatedUri,
            String quarantineUri,
            Duration claimStaleAfter) {
        this(
                claims,
                submitter,
                curatedUri,
                quarantineUri,
                claimStaleAfter,
                InstantSource.system(),
                () -> UUID.randomUUID().toString());
    }

    public ConvertStep stepFor(ManifestRef manifest) {
        return ConvertStep.ofRun(manifest, curatedUri, quarantineUri);
    }

    /**
     * Claims the manifest's run and submits its convert step, unless a delivery before did.
     *
     * @param deadline passed to the submitter's retries; the claim bookkeeping needs the time after it
     * @throws StepSubmissionException if the step could not be submitted (the claim is then released,
     *         or kept when the submitter cannot tell whether the step was added)
     */
    public SubmitOutcome submit(ManifestRef manifest, Instant deadline) {
        return submit(stepFor(manifest), manifest.uri(), deadline);
    }

    /**
     * Claims the tick and submits one convert step for all its manifests, unless a delivery before
     * did. The claim store must key claims by tick ({@link S3ClaimStore#forTicks}).
     *
     * @param tickUri {@code s3://<bucket>/<tick key>}, recorded in the claim
     */
    public SubmitOutcome submit(Tick tick, String bucket, String tickUri, Instant deadline) {
        List<String> manifests = tick.manifests().stream()
                .map(key -> "s3://" + bucket + "/" + key)
                .toList();
        return submit(ConvertStep.ofTick(tick.tickId(), manifests, curatedUri, quarantineUri), tickUri, deadline);
    }

    private SubmitOutcome submit(ConvertStep step, String sourceUri, Instant deadline) {
        for (int attempt = 1; attempt <= MAX_CLAIM_ATTEMPTS; attempt++) {
            ClaimRecord mine = ClaimRecord.newClaim(step.id(), sourceUri, claimTokens.get(), clock.instant());
            Optional<String> created = claims.createIfAbsent(mine);
            if (created.isPresent()) {
                return submitClaimed(step, mine, created.get(), deadline);
            }
            Optional<StoredClaim> existing = claims.read(step.id());
            if (existing.isEmpty()) {
                continue; // released between our write and our read: claim again
            }
            ClaimRecord other = existing.get().claim();
            if (other.isSubmitted()) {
                return SubmitOutcome.alreadySubmitted(other);
            }
            if (!isStale(other)) {
                return SubmitOutcome.inProgress(other);
            }
            Optional<SubmitOutcome> outcome = takeOver(step, mine.takingOver(other), existing.get(), deadline);
            if (outcome.isPresent()) {
                return outcome.get();
            }
        }
        throw new StepSubmissionException(
                "Cannot claim " + step.subject() + ": its claim " + claims.location(step.id()) + " changed under us "
                        + MAX_CLAIM_ATTEMPTS + " times",
                null);
    }

    /** Empty when the stale claim changed before we could replace it: the caller re-evaluates. */
    private Optional<SubmitOutcome> takeOver(ConvertStep step, ClaimRecord mine, StoredClaim stale, Instant deadline) {
        Optional<String> earlierStep = submitter.findSubmitted(step);
        ClaimRecord replacement =
                earlierStep.map(id -> mine.withStep(id, clock.instant())).orElse(mine);
        Optional<String> version = claims.replaceIfMatch(replacement, stale.version());
        if (version.isEmpty()) {
            return Optional.empty();
        }
        LOG.info(
                "Took over stale claim of {} (claimed at {}); earlier step found: {}",
                step.subject(),
                stale.claim().claimedAt(),
                earlierStep.orElse("none"));
        if (earlierStep.isPresent()) {
            return Optional.of(SubmitOutcome.alreadySubmitted(replacement));
        }
        return Optional.of(submitClaimed(step, replacement, version.get(), deadline));
    }

    private SubmitOutcome submitClaimed(ConvertStep step, ClaimRecord claim, String version, Instant deadline) {
        String stepId;
        try {
            stepId = submitter.submit(step, deadline);
        } catch (StepOutcomeUnknownException e) {
            // Releasing could let a retry add a second step; the stale take-over looks it up first.
            throw new StepSubmissionException(
                    "Cannot submit the convert step for " + step.subject()
                            + " (claim kept: the step may exist; a delivery after the stale limit of " + claimStaleAfter
                            + " looks it up before submitting): " + e.getMessage(),
                    e);
        } catch (RuntimeException e) {
            throw releaseAfter(step, claim, version, e);
        }
        ClaimRecord done = claim.withStep(stepId, clock.instant());
        try {
            if (claims.replaceIfMatch(done, version).isEmpty()) {
                LOG.error(
                        "Submitted step {} for {} but cannot record it: the claim {} was changed by another"
                                + " delivery",
                        stepId,
                        step.subject(),
                        claims.location(step.id()));
            }
        } catch (RuntimeException e) {
            // Not rethrown: the step runs, and a retried delivery would find the unrecorded claim
            // in progress rather than submit again. Only a stale take-over could duplicate it, and
            // that looks for the step by name first.
            LOG.error(
                    "Submitted step {} for {} but cannot record it in {}: {}",
                    stepId,
                    step.subject(),
                    claims.location(step.id()),
                    e.toString());
        }
        LOG.info(
                "Submitted step {} for {} ({} manifests)",
                stepId,
                step.subject(),
                step.manifestUris().size());
        return SubmitOutcome.submitted(step.id(), stepId);
    }

    private StepSubmissionException releaseAfter(
            ConvertStep step, ClaimRecord claim, String version, RuntimeException failure) {
        String released;
        try {
            released = claims.deleteIfMatch(claim.runId(), version)
                    ? "claim released, a retry may submit"
                    : "claim changed meanwhile and was left alone";
        } catch (RuntimeException releaseFailure) {
            failure.addSuppressed(releaseFailure);
            released = "claim NOT released (" + releaseFailure.getClass().getSimpleName()
                    + "): a retry can take it over once stale";
        }
        return new StepSubmissionException(
                "Cannot submit the convert step for " + step.subject() + " (" + released + "): " + failure.getMessage(),
                failure);
    }

    private boolean isStale(ClaimRecord claim) {
        return claim.claimedAt().plus(claimStaleAfter).isBefore(clock.instant());
    }
}
