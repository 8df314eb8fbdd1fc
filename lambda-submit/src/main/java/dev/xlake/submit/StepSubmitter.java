package dev.xlake.submit;

import java.time.Instant;
import java.util.Optional;

/**
 * Starts the converter for one run: an EMR step in AWS, a local Spark job in {@code xlake local}.
 *
 * <p>{@link ManifestSubmitService} guarantees that it calls {@link #submit} at most once at a time
 * per run and never again after a successful submission; implementations need no deduplication
 * of their own.
 */
public interface StepSubmitter {

    /**
     * Submits the step and returns its id.
     *
     * @param deadline when to give up retrying: the caller still needs the time after it to
     *        record or release its claim
     * @throws StepOutcomeUnknownException when the step may or may not have been added (the caller
     *         then keeps its claim rather than let a retry submit a second step)
     * @throws StepSubmissionException when the step was not submitted
     */
    String submit(ConvertStep step, Instant deadline);

    /**
     * The id of a step already submitted for this run, if the platform can tell. Used before
     * taking over a stale claim whose owner may have died between submitting and recording.
     *
     * @throws StepSubmissionException when the platform cannot be asked right now
     */
    default Optional<String> findSubmitted(ConvertStep step) {
        return Optional.empty();
    }
}
