package dev.xlake.submit;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The daily maintenance of the lake's tables ({@code xlake maintain} as an EMR step: compaction,
 * snapshot expiry, orphan files), submitted once per scheduled UTC day however often the schedule's
 * invocation is delivered or retried.
 */
public final class MaintainJobs {

    /** The converter jar's maintenance entry point. */
    public static final String MAIN_CLASS = "dev.xlake.convert.MaintainJob";
    /** The scheduled event's {@code job} value. */
    public static final String JOB = "maintain";
    /** Snapshots older than this are expired: the time-travel window (docs/schema.md). */
    public static final Duration SNAPSHOT_AGE = Duration.ofDays(7);

    private final ClaimedJobs jobs;
    private final String curatedUri;

    public MaintainJobs(ClaimedJobs jobs, String curatedUri) {
        this.jobs = jobs;
        this.curatedUri = curatedUri;
    }

    /** The step for the day the schedule fired on (UTC). */
    public JobStep stepFor(LocalDate day) {
        return new JobStep(
                JOB + "-" + day,
                "xlake-maintain day=" + day,
                MAIN_CLASS,
                List.of(
                        "--output",
                        curatedUri,
                        "--catalog",
                        EmrStepSubmitter.CATALOG,
                        "--older-than-days",
                        Long.toString(SNAPSHOT_AGE.toDays())));
    }

    public SubmitOutcome submit(Instant scheduledTime, Instant deadline) {
        LocalDate day = LocalDate.ofInstant(scheduledTime, ZoneOffset.UTC);
        return jobs.submit(stepFor(day), "schedule:" + JOB + "/" + day, deadline);
    }
}
