package dev.xlake.submit;

import dev.xlake.submit.ClaimStore.StoredClaim;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Submits a step at most once per claim id, however often it is asked to (docs/submit.md).
 *
 * <p>S3 delivers events at least once, Lambda retries failed async invocations and schedules may
 * fire twice, while EMR's {@code AddJobFlowSteps} has no idempotency token. So each step is claimed
 * first, with a create-if-absent write; only the claim's owner submits, then records the step id in
 * the claim. If submitting fails the owner deletes its claim so a retry can claim again, unless the
 * submitter cannot tell whether the step was added ({@link StepOutcomeUnknownException}). A claim
 * without a step id older than {@code staleAfter} is presumed abandoned (its owner crashed) and
 * may be taken over by a compare-and-set on its version, after a look for the step by name.
 *
 * <p>One protocol for the convert steps ({@link ManifestSubmitService}) and the scheduled jobs
 * ({@link ClaimedJobs}).
 */
final class ClaimProtocol {

    /**
     * One step to submit under a claim.
     *
     * @param claimId names the claim, e.g. a tick id or {@code maintain-2026-12-05}
     * @param name what is claimed, for messages: e.g. {@code tick <id>} or {@code job <id>}
     * @param step the step, for messages: e.g. {@code the convert step for tick <id>}
     * @param submitter adds the step before a deadline and returns its id
     * @param earlierStep the id of a step already added for this claim, found by its name
     */
    record Claimable(
            String claimId,
            String name,
            String step,
            Function<Instant, String> submitter,
            Supplier<Optional<String>> earlierStep) {}

    private static final Logger LOG = LoggerFactory.getLogger(ClaimProtocol.class);
    /** Each extra attempt follows a claim that changed under us; three cover create/release races. */
    private static final int MAX_CLAIM_ATTEMPTS = 3;

    private final ClaimStore claims;
    private final Duration staleAfter;
    private final InstantSource clock;
    private final Supplier<String> claimTokens;

    ClaimProtocol(ClaimStore claims, Duration staleAfter, InstantSource clock, Supplier<String> claimTokens) {
        this.claims = claims;
        this.staleAfter = staleAfter;
        this.clock = clock;
        this.claimTokens = claimTokens;
    }

    /** The protocol as deployed: the system clock, a random UUID for each claim's token. */
    static ClaimProtocol withRandomTokens(ClaimStore claims, Duration staleAfter) {
        return new ClaimProtocol(
                claims,
                staleAfter,
                InstantSource.system(),
                () -> UUID.randomUUID().toString());
    }

    /**
     * Claims and submits, unless an earlier call did.
     *
     * @param what what the claim records as its source (a manifest or tick URI, or the job)
     * @param deadline passed to the submitter's retries; the claim bookkeeping needs the time after it
     * @throws StepSubmissionException if the step could not be submitted (the claim is then released,
     *     or kept when the submitter cannot tell whether the step was added)
     */
    SubmitOutcome submit(Claimable step, String what, Instant deadline) {
        for (int attempt = 1; attempt <= MAX_CLAIM_ATTEMPTS; attempt++) {
            ClaimRecord mine = ClaimRecord.newClaim(step.claimId(), what, claimTokens.get(), clock.instant());
            Optional<String> created = claims.createIfAbsent(mine);
            if (created.isPresent()) {
                return submitClaimed(step, mine, created.get(), deadline);
            }
            Optional<StoredClaim> existing = claims.read(step.claimId());
            if (existing.isEmpty()) {
                continue; // released between our write and our read: claim again
            }
            ClaimRecord other = existing.get().claim();
            if (other.isSubmitted()) {
                return SubmitOutcome.alreadySubmitted(other);
            }
            if (!other.claimedAt().plus(staleAfter).isBefore(clock.instant())) {
                return SubmitOutcome.inProgress(other);
            }
            Optional<SubmitOutcome> outcome = takeOver(step, mine.takingOver(other), existing.get(), deadline);
            if (outcome.isPresent()) {
                return outcome.get();
            }
        }
        throw new StepSubmissionException(
                "Cannot claim " + step.name() + ": its claim " + claims.location(step.claimId()) + " changed under us "
                        + MAX_CLAIM_ATTEMPTS + " times",
                null);
    }

    /** Empty when the stale claim changed before we could replace it: the caller re-evaluates. */
    private Optional<SubmitOutcome> takeOver(Claimable step, ClaimRecord mine, StoredClaim stale, Instant deadline) {
        Optional<String> earlierStep = step.earlierStep().get();
        ClaimRecord replacement =
                earlierStep.map(id -> mine.withStep(id, clock.instant())).orElse(mine);
        Optional<String> version = claims.replaceIfMatch(replacement, stale.version());
        if (version.isEmpty()) {
            return Optional.empty();
        }
        LOG.info(
                "Took over stale claim of {} (claimed at {}); earlier step found: {}",
                step.name(),
                stale.claim().claimedAt(),
                earlierStep.orElse("none"));
        if (earlierStep.isPresent()) {
            return Optional.of(SubmitOutcome.alreadySubmitted(replacement));
        }
        return Optional.of(submitClaimed(step, replacement, version.get(), deadline));
    }

    private SubmitOutcome submitClaimed(Claimable step, ClaimRecord claim, String version, Instant deadline) {
        String stepId;
        try {
            stepId = step.submitter().apply(deadline);
        } catch (StepOutcomeUnknownException e) {
            // Releasing could let a retry add a second step; the stale take-over looks it up first.
            throw new StepSubmissionException(
                    "Cannot submit " + step.step()
                            + " (claim kept: the step may exist; a retry after the stale limit of " + staleAfter
                            + " looks it up before submitting): " + e.getMessage(),
                    e);
        } catch (RuntimeException e) {
            throw releaseAfter(step, version, e);
        }
        try {
            if (claims.replaceIfMatch(claim.withStep(stepId, clock.instant()), version)
                    .isEmpty()) {
                LOG.error(
                        "Submitted step {} for {} but cannot record it: the claim {} was changed meanwhile",
                        stepId,
                        step.name(),
                        claims.location(step.claimId()));
            }
        } catch (RuntimeException e) {
            // Not rethrown: the step runs, and a retry would find the unrecorded claim in progress
            // rather than submit again. Only a stale take-over could duplicate it, and that looks
            // for the step by name first.
            LOG.error(
                    "Submitted step {} for {} but cannot record it in {}: {}",
                    stepId,
                    step.name(),
                    claims.location(step.claimId()),
                    e.toString());
        }
        LOG.info("Submitted step {}: {}", stepId, step.step());
        return SubmitOutcome.submitted(step.claimId(), stepId);
    }

    private StepSubmissionException releaseAfter(Claimable step, String version, RuntimeException failure) {
        String released;
        try {
            released = claims.deleteIfMatch(step.claimId(), version)
                    ? "claim released, a retry may submit"
                    : "claim changed meanwhile and was left alone";
        } catch (RuntimeException releaseFailure) {
            failure.addSuppressed(releaseFailure);
            released = "claim NOT released (" + releaseFailure.getClass().getSimpleName()
                    + "): a retry can take it over once stale";
        }
        return new StepSubmissionException(
                "Cannot submit " + step.step() + " (" + released + "): " + failure.getMessage(), failure);
    }
}
