package dev.xlake.compliance.pass;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The open compliance pass on AWS as the compliance function keeps it in {@code
 * state/x/compliance/current.json} (docs/compliance.md "How it runs on AWS"). Holds X's job ids,
 * never a signed URL (the status call returns them again) and never the token.
 *
 * @param state {@link #JOBS}, {@link #RESULTS_STORED}, {@link #APPLY_REQUESTED}, or the ends
 *     {@link #APPLIED} and {@link #FAILED}
 * @param since the window of the ids (from the ids step), null for the whole lake
 */
public record PassState(
        String passId,
        String state,
        String since,
        String startedAt,
        String updatedAt,
        List<JobState> jobs,
        String applyStepId,
        String applyRequestedAt,
        String error) {

    /** X's jobs are being created, uploaded to, polled and their results stored, one job at a time. */
    public static final String JOBS = "jobs";
    /** Every job's result is stored with {@code results.json}; the apply step is to be requested. */
    public static final String RESULTS_STORED = "results_stored";
    /** The submit function accepted the apply step; waiting for its pass record. */
    public static final String APPLY_REQUESTED = "apply_requested";

    public static final String APPLIED = "applied";
    public static final String FAILED = "failed";

    public PassState {
        jobs = List.copyOf(jobs);
    }

    /** Ended: the next pass may start. */
    public boolean isEnded() {
        return APPLIED.equals(state) || FAILED.equals(state);
    }

    /**
     * One compliance job: the ids file it covers, and once created X's job id and status.
     *
     * @param status {@code pending} (not created yet), then X's status
     * @param resultKey set when the result is stored
     */
    public record JobState(
            String type,
            int part,
            String idsKey,
            int ids,
            String jobId,
            String status,
            String createdAt,
            String resultKey,
            int events,
            int errors) {

        public static final String PENDING = "pending";

        public boolean isStored() {
            return resultKey != null;
        }
    }

    PassState with(String newState, String now) {
        return new PassState(passId, newState, since, startedAt, now, jobs, applyStepId, applyRequestedAt, error);
    }

    PassState failed(String message, String now) {
        return new PassState(passId, FAILED, since, startedAt, now, jobs, applyStepId, applyRequestedAt, message);
    }

    PassState applyRequested(String stepId, String now) {
        return new PassState(passId, APPLY_REQUESTED, since, startedAt, now, jobs, stepId, now, error);
    }

    PassState withJob(int index, UnaryOperator<JobState> change, String now) {
        List<JobState> changed = new ArrayList<>(jobs);
        changed.set(index, change.apply(jobs.get(index)));
        return new PassState(passId, state, since, startedAt, now, changed, applyStepId, applyRequestedAt, error);
    }
}
