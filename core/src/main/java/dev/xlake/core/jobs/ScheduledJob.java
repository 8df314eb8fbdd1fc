package dev.xlake.core.jobs;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The jobs the submit function runs when an event names one instead of carrying a tick: {@code
 * {"job": "maintain", "scheduled_time": "<time>"}} from the daily schedules, {@code {"job":
 * "compliance-apply", "pass": "<id>"}} from the compliance function. The schedules in the stack,
 * the compliance function and the submit function all read the names from here.
 */
public enum ScheduledJob {
    /** The daily maintenance of the tables, once per scheduled UTC day. */
    MAINTAIN("maintain"),
    /** The compliance pass's ids step, once per scheduled UTC day. */
    COMPLIANCE_IDS("compliance-ids"),
    /** The compliance pass's apply step, once per pass. */
    COMPLIANCE_APPLY("compliance-apply");

    /** The event field naming the job. */
    public static final String JOB_FIELD = "job";
    /** The event field EventBridge Scheduler fills with the schedule's time. */
    public static final String SCHEDULED_TIME_FIELD = "scheduled_time";
    /** The apply event's field naming the pass. */
    public static final String PASS_FIELD = "pass";

    private final String jobName;

    ScheduledJob(String jobName) {
        this.jobName = jobName;
    }

    /** The name events carry in {@value #JOB_FIELD}. */
    public String jobName() {
        return jobName;
    }

    /** The job an event's {@value #JOB_FIELD} names; empty if none does. */
    public static Optional<ScheduledJob> named(String jobName) {
        return Arrays.stream(values()).filter(j -> j.jobName.equals(jobName)).findFirst();
    }

    /** Every job's name, for messages: {@code maintain, compliance-ids, compliance-apply}. */
    public static String knownNames() {
        return Arrays.stream(values()).map(ScheduledJob::jobName).collect(Collectors.joining(", "));
    }
}
