package dev.xlake.submit;

import java.time.Instant;
import java.util.Optional;

/**
 * Starts a {@link JobStep} on the converter's platform. {@link ClaimedJobs} calls it at most once at
 * a time per job id and never again after a success, as {@link StepSubmitter} for conversions.
 */
public interface JobStepSubmitter {

    /**
     * @throws StepOutcomeUnknownException when the step may or may not have been added
     * @throws StepSubmissionException when the step was not submitted
     */
    String submit(JobStep step, Instant deadline);

    /** The id of a step already submitted for this job, found by its name; used before a stale take-over. */
    Optional<String> findSubmitted(JobStep step);
}
