package dev.xlake.submit;

import dev.xlake.core.layout.RawKeys;
import dev.xlake.submit.ClaimStore.StoredClaim;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Submits each scheduled {@link JobStep} at most once per job id, with the same claims as the
 * run manifests ({@link ManifestSubmitService}, docs/submit.md): a create-if-absent claim under
 * {@code state/submit/run=<jobId>.json}; only its owner submits and then records the step id; a
 * failed submission releases the claim unless the outcome is unknown; a claim without step id
 * older than {@code staleAfter} is taken over by compare-and-set, after a look for the step by name.
 *
 * <p>The claim's {@code manifest} field holds what the job is (e.g. {@code
 * schedule:maintain/2026-12-05}), since a scheduled job has no manifest.
 */
public final class ClaimedJobs {

    private static final Logger LOG = LoggerFactory.getLogger(ClaimedJobs.class);
    /** Each extra attempt follows a claim that changed under us; three cover create/release races. */
    private static final int MAX_CLAIM_ATTEMPTS = 3;

    private final ClaimStore claims;
    private final JobStepSubmitter submitter;
    private final Duration staleAfter;
    private final InstantSource clock;
    private final Supplier<String> claimTokens;

    public ClaimedJobs(
            ClaimStore claims,
            JobStepSubmitter submitter,
            Duration staleAfter,
            InstantSource clock,
            Supplier<String> claimTokens) {
        this.claims = claims;
        this.submitter = submitter;
        this.staleAfter = staleAfter;
        this.clock = clock;
        this.claimTokens = claimTokens;
    }

    /**
     * Claims the job and submits its step, unless an earlier invocation did.
     *
     * @param what     what the job is, recorded in the claim
     * @param deadline passed to the submitter's retries; the claim bookkeeping needs the time after it
     */
    public SubmitOutcome submit(JobStep step, String what, Instant deadline) {
        for (int attempt = 1; attempt <= MAX_CLAIM_ATTEMPTS; attempt++) {
            ClaimRecord mine =
                    new ClaimRecord(step.jobId(), what, claimTokens.get(), clock.instant(), null, null, null);
            Optional<String> version = claims.createIfAbsent(mine);
            if (version.isEmpty()) {
                Optional<StoredClaim> existing = claims.read(step.jobId());
                if (existing.isEmpty()) {
                    continue; // released between our write and our read
                }
                ClaimRecord held = existing.get().claim();
                if (held.isSubmitted()) {
                    return SubmitOutcome.alreadySubmitted(held);
                }
                if (!held.claimedAt().plus(staleAfter).isBefore(clock.instant())) {
                    return SubmitOutcome.inProgress(held);
                }
                Optional<String> earlier = submitter.findSubmitted(step);
                mine = earlier.map(id -> held.withStep(id, clock.instant())).orElse(mine.takingOver(held));
                version = claims.replaceIfMatch(mine, existing.get().version());
                if (version.isEmpty()) {
                    continue; // the stale claim changed meanwhile: look again
                }
                LOG.info("Took over the stale claim of job {}; earlier step: {}", step.jobId(), earlier.orElse("none"));
                if (earlier.isPresent()) {
                    return SubmitOutcome.alreadySubmitted(mine);
                }
            }
            return submitClaimed(step, mine, version.get(), deadline);
        }
        throw new StepSubmissionException(
                "Cannot claim job " + step.jobId() + ": its claim " + RawKeys.claim(step.jobId()) + " changed under us "
                        + MAX_CLAIM_ATTEMPTS + " times",
                null);
    }

    private SubmitOutcome submitClaimed(JobStep step, ClaimRecord claim, String version, Instant deadline) {
        String stepId;
        try {
            stepId = submitter.submit(step, deadline);
        } catch (StepOutcomeUnknownException e) {
            throw new StepSubmissionException(
                    "Cannot submit job " + step.jobId() + " (claim kept, the step may exist; after " + staleAfter
                            + " a retry looks for it by name): " + e.getMessage(),
                    e);
        } catch (RuntimeException e) {
            boolean released = release(step, version, e);
            throw new StepSubmissionException(
                    "Cannot submit job " + step.jobId() + " (" + (released ? "claim released" : "claim left") + "): "
                            + e.getMessage(),
                    e);
        }
        try {
            if (claims.replaceIfMatch(claim.withStep(stepId, clock.instant()), version)
                    .isEmpty()) {
                LOG.error("Submitted step {} for job {} but its claim changed meanwhile", stepId, step.jobId());
            }
        } catch (RuntimeException e) {
            // The step runs; a retry finds the claim in progress, and a stale take-over looks the step up.
            LOG.error("Submitted step {} for job {} but cannot record it: {}", stepId, step.jobId(), e.toString());
        }
        LOG.info("Submitted step {} for job {}", stepId, step.jobId());
        return SubmitOutcome.submitted(step.jobId(), stepId);
    }

    private boolean release(JobStep step, String version, RuntimeException failure) {
        try {
            return claims.deleteIfMatch(step.jobId(), version);
        } catch (RuntimeException releaseFailure) {
            failure.addSuppressed(releaseFailure);
            return false;
        }
    }
}
