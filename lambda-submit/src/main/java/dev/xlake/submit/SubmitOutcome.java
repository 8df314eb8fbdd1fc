package dev.xlake.submit;

import java.time.Instant;

/**
 * What handling one manifest event did. Only {@link Status#SUBMITTED} started a step; the
 * others are the normal answers to duplicate deliveries.
 */
public record SubmitOutcome(Status status, String runId, String stepId, Instant claimedAt) {

    public enum Status {
        /** This call submitted the step. */
        SUBMITTED,
        /** An earlier delivery submitted the step; {@code stepId} is its id. */
        ALREADY_SUBMITTED,
        /** Another delivery holds a fresh claim and is submitting right now. */
        IN_PROGRESS
    }

    static SubmitOutcome submitted(String runId, String stepId) {
        return new SubmitOutcome(Status.SUBMITTED, runId, stepId, null);
    }

    static SubmitOutcome alreadySubmitted(ClaimRecord claim) {
        return new SubmitOutcome(Status.ALREADY_SUBMITTED, claim.runId(), claim.stepId(), claim.claimedAt());
    }

    static SubmitOutcome inProgress(ClaimRecord claim) {
        return new SubmitOutcome(Status.IN_PROGRESS, claim.runId(), null, claim.claimedAt());
    }

    /** A one-line description for logs and the handler's response. */
    public String describe() {
        return switch (status) {
            case SUBMITTED -> "submitted: step " + stepId;
            case ALREADY_SUBMITTED -> "already submitted: step " + stepId;
            case IN_PROGRESS -> "in progress: claimed at " + claimedAt + " by another delivery";
        };
    }
}
