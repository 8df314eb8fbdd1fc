package dev.xlake.submit;

import java.time.Instant;

/**
 * Submits each scheduled {@link JobStep} at most once per job id, with the same claims as the
 * convert steps ({@link ClaimProtocol}, docs/submit.md), under {@code state/submit/run=<jobId>.json}.
 *
 * <p>The claim's {@code manifest} field holds what the job is (e.g. {@code
 * schedule:maintain/2026-12-05}), since a scheduled job has no manifest.
 */
public final class ClaimedJobs {

    private final ClaimProtocol protocol;
    private final JobStepSubmitter submitter;

    ClaimedJobs(ClaimProtocol protocol, JobStepSubmitter submitter) {
        this.protocol = protocol;
        this.submitter = submitter;
    }

    /**
     * Claims the job and submits its step, unless an earlier invocation did.
     *
     * @param what     what the job is, recorded in the claim
     * @param deadline passed to the submitter's retries; the claim bookkeeping needs the time after it
     */
    public SubmitOutcome submit(JobStep step, String what, Instant deadline) {
        return protocol.submit(
                new ClaimProtocol.Claimable(
                        step.jobId(),
                        "job " + step.jobId(),
                        "job " + step.jobId(),
                        at -> submitter.submit(step, at),
                        () -> submitter.findSubmitted(step)),
                what,
                deadline);
    }
}
