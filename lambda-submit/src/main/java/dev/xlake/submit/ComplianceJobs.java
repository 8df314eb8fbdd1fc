package dev.xlake.submit;

import dev.xlake.core.compliance.ComplianceKeys;
import dev.xlake.core.layout.RunIds;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The two EMR steps of the daily compliance pass on AWS (docs/compliance.md "How it runs on AWS"),
 * each claimed like a run manifest so that duplicate deliveries and retries add one step:
 *
 * <ul>
 *   <li>{@value #IDS_JOB}: from the daily schedule, once per scheduled UTC day; the pass id is the
 *       day's ({@link ComplianceKeys#dailyPassId}), so the compliance function finds its ids;
 *   <li>{@value #APPLY_JOB}: from the compliance function, {@code {"job": "compliance-apply",
 *       "pass": "<id>"}}, once per pass.
 * </ul>
 */
public final class ComplianceJobs {

    public static final String IDS_JOB = "compliance-ids";
    public static final String APPLY_JOB = "compliance-apply";
    /** The apply event's field naming the pass. */
    public static final String PASS_FIELD = "pass";

    public static final String IDS_MAIN_CLASS = "dev.xlake.convert.ComplianceIdsJob";
    public static final String APPLY_MAIN_CLASS = "dev.xlake.convert.ComplianceApplyJob";

    private final ClaimedJobs jobs;
    private final String curatedUri;

    public ComplianceJobs(ClaimedJobs jobs, String curatedUri) {
        this.jobs = jobs;
        this.curatedUri = curatedUri;
    }

    /** The ids step of the pass of the day the schedule fired on (UTC). */
    public JobStep idsStep(LocalDate day) {
        String passId = ComplianceKeys.dailyPassId(day);
        return new JobStep(
                IDS_JOB + "-" + day, "xlake-compliance-ids pass=" + passId, IDS_MAIN_CLASS, arguments(passId));
    }

    public JobStep applyStep(String passId) {
        if (!RunIds.isValid(passId)) {
            throw new IllegalArgumentException("Cannot run scheduled job '" + APPLY_JOB + "': " + PASS_FIELD + " "
                    + passId + " is not a pass id (yyyyMMddTHHmmssZ-xxxxxx)");
        }
        return new JobStep(
                APPLY_JOB + "-" + passId, "xlake-compliance-apply pass=" + passId, APPLY_MAIN_CLASS, arguments(passId));
    }

    public SubmitOutcome submitIds(Instant scheduledTime, Instant deadline) {
        LocalDate day = LocalDate.ofInstant(scheduledTime, ZoneOffset.UTC);
        return jobs.submit(idsStep(day), "schedule:" + IDS_JOB + "/" + day, deadline);
    }

    public SubmitOutcome submitApply(String passId, Instant deadline) {
        return jobs.submit(applyStep(passId), "compliance:" + APPLY_JOB + "/" + passId, deadline);
    }

    private List<String> arguments(String passId) {
        return List.of("--output", curatedUri, "--catalog", EmrStepSubmitter.CATALOG, "--pass", passId);
    }
}
