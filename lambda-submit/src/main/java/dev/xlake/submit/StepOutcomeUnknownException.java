package dev.xlake.submit;

/**
 * The submission failed in a way that may hide a step the platform did create (a 5xx or an I/O
 * error on {@code AddJobFlowSteps}), and it could not be checked. Releasing the claim now could
 * let a retried delivery submit a second step, so {@link ManifestSubmitService} keeps the claim:
 * a delivery after the stale limit looks the step up before submitting.
 */
public class StepOutcomeUnknownException extends StepSubmissionException {

    public StepOutcomeUnknownException(String message, Throwable cause) {
        super(message, cause);
    }
}
