package dev.xlake.submit;

import static dev.xlake.core.jobs.ScheduledJob.COMPLIANCE_APPLY;
import static dev.xlake.core.jobs.ScheduledJob.COMPLIANCE_IDS;
import static dev.xlake.core.jobs.ScheduledJob.MAINTAIN;

import dev.xlake.core.compliance.ComplianceKeys;
import dev.xlake.core.jobs.ScheduledJob;
import dev.xlake.core.layout.RunIds;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The EMR steps of the {@link ScheduledJob}s, each claimed like a run manifest so that duplicate
 * deliveries and retries add one step (docs/submit.md, docs/compliance.md "How it runs on AWS"):
 *
 * <ul>
 *   <li>{@code maintain}: {@code xlake maintain} (compaction, snapshot expiry, orphan files), once
 *       per scheduled UTC day;
 *   <li>{@code compliance-ids}: once per scheduled UTC day; the pass id is the day's ({@link
 *       ComplianceKeys#dailyPassId}), so the compliance function finds its ids;
 *   <li>{@code compliance-apply}: requested by the compliance function, once per pass.
 * </ul>
 *
 * Every step runs a converter jar entry point on the curated tables of the Glue catalog.
 */
public final class JobSteps {

    public static final String MAINTAIN_MAIN_CLASS = "dev.xlake.convert.MaintainJob";
    public static final String IDS_MAIN_CLASS = "dev.xlake.convert.ComplianceIdsJob";
    public static final String APPLY_MAIN_CLASS = "dev.xlake.convert.ComplianceApplyJob";
    /** Snapshots older than this are expired: the time-travel window (docs/schema.md). */
    public static final Duration SNAPSHOT_AGE = Duration.ofDays(7);

    private final ClaimedJobs jobs;
    private final String curatedUri;

    public JobSteps(ClaimedJobs jobs, String curatedUri) {
        this.jobs = jobs;
        this.curatedUri = curatedUri;
    }

    /**
     * Claims and submits {@code job}'s step for its period: the UTC day of {@code scheduledTime},
     * or for the apply step the pass {@code passId}.
     */
    public SubmitOutcome submit(ScheduledJob job, Instant scheduledTime, String passId, Instant deadline) {
        LocalDate day = LocalDate.ofInstant(scheduledTime, ZoneOffset.UTC);
        return switch (job) {
            case MAINTAIN -> jobs.submit(maintainStep(day), "schedule:" + MAINTAIN.jobName() + "/" + day, deadline);
            case COMPLIANCE_IDS ->
                jobs.submit(idsStep(day), "schedule:" + COMPLIANCE_IDS.jobName() + "/" + day, deadline);
            case COMPLIANCE_APPLY ->
                jobs.submit(applyStep(passId), "compliance:" + COMPLIANCE_APPLY.jobName() + "/" + passId, deadline);
        };
    }

    /** The maintenance step for the day the schedule fired on (UTC). */
    public JobStep maintainStep(LocalDate day) {
        return step(
                MAINTAIN,
                day.toString(),
                "day=" + day,
                MAINTAIN_MAIN_CLASS,
                "--older-than-days",
                Long.toString(SNAPSHOT_AGE.toDays()));
    }

    /** The ids step of the pass of the day the schedule fired on (UTC). */
    public JobStep idsStep(LocalDate day) {
        String passId = ComplianceKeys.dailyPassId(day);
        return step(COMPLIANCE_IDS, day.toString(), "pass=" + passId, IDS_MAIN_CLASS, "--pass", passId);
    }

    public JobStep applyStep(String passId) {
        if (!RunIds.isValid(passId)) {
            throw new IllegalArgumentException("Cannot run scheduled job '" + COMPLIANCE_APPLY.jobName() + "': "
                    + ScheduledJob.PASS_FIELD + " " + passId + " is not a pass id (yyyyMMddTHHmmssZ-xxxxxx)");
        }
        return step(COMPLIANCE_APPLY, passId, "pass=" + passId, APPLY_MAIN_CLASS, "--pass", passId);
    }

    /**
     * A step with id {@code <job>-<period>} and name {@code xlake-<job> <label>}, running {@code
     * mainClass} on the curated tables with {@code jobArgs} added.
     */
    private JobStep step(ScheduledJob job, String period, String label, String mainClass, String... jobArgs) {
        List<String> args = new ArrayList<>(List.of("--output", curatedUri, "--catalog", EmrStepSubmitter.CATALOG));
        args.addAll(List.of(jobArgs));
        return new JobStep(job.jobName() + "-" + period, "xlake-" + job.jobName() + " " + label, mainClass, args);
    }
}
