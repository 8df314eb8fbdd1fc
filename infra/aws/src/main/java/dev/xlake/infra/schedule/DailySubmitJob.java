package dev.xlake.infra.schedule;

import dev.xlake.core.jobs.ScheduledJob;
import dev.xlake.infra.JavaFunctions;
import dev.xlake.infra.submit.SubmitFunction;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.scheduler.Schedule;
import software.amazon.awscdk.services.scheduler.ScheduleExpression;
import software.amazon.awscdk.services.scheduler.ScheduleTargetInput;
import software.amazon.awscdk.services.scheduler.targets.LambdaInvoke;
import software.amazon.awscdk.services.scheduler.targets.ScheduleTargetBaseProps;
import software.constructs.Construct;

/**
 * A daily EventBridge Scheduler schedule that invokes the submit function's live alias with
 * {@code {"job": <job>, "scheduled_time": <the schedule's time>}}; the function adds the job's EMR
 * step to the converter cluster, claimed once per scheduled UTC day like a run manifest, so
 * duplicate deliveries and retries add one step (docs/submit.md). The jobs that run this way are
 * the {@link Daily} ones.
 */
public final class DailySubmitJob extends Construct {

    /** 03:00 UTC: after the night's conversions have settled, before most readers' working day. */
    public static final String MAINTAIN_CRON = "cron(0 3 * * ? *)";

    /**
     * 01:00 UTC, two hours before {@link #MAINTAIN_CRON}: the ids step runs ahead of the maintenance
     * step on the cluster, and when X's jobs finish within those two hours the apply step commits
     * before maintenance too, which then rewrites the affected data files without the removed rows
     * the same night.
     */
    public static final String COMPLIANCE_IDS_CRON = "cron(0 1 * * ? *)";

    /** The jobs that run daily, each with its time and the schedule's description. */
    public enum Daily {
        /**
         * {@code xlake maintain}: compacts the tables, expires snapshots older than 7 days, removes
         * orphan files older than 3 days.
         */
        MAINTAIN(
                ScheduledJob.MAINTAIN,
                MAINTAIN_CRON,
                "xlake: daily maintenance of the Iceberg tables (an EMR step via the submit function)"),
        /**
         * The first step of the day's compliance pass (docs/compliance.md), which writes the stored
         * ids for the compliance function to take on.
         */
        COMPLIANCE_IDS(
                ScheduledJob.COMPLIANCE_IDS,
                COMPLIANCE_IDS_CRON,
                "xlake: daily compliance pass, its ids step (an EMR step via the submit function)");

        private final ScheduledJob job;
        private final String cron;
        private final String description;

        Daily(ScheduledJob job, String cron, String description) {
            this.job = job;
            this.cron = cron;
            this.description = description;
        }
    }

    private final Schedule schedule;

    public DailySubmitJob(Construct scope, String id, SubmitFunction submit, Daily daily) {
        super(scope, id);
        this.schedule = Schedule.Builder.create(this, "Schedule")
                .description(daily.description)
                .schedule(ScheduleExpression.expression(daily.cron))
                .target(new LambdaInvoke(
                        JavaFunctions.liveAliasOf(submit),
                        ScheduleTargetBaseProps.builder()
                                .input(ScheduleTargetInput.fromObject(Map.of(
                                        ScheduledJob.JOB_FIELD,
                                        daily.job.jobName(),
                                        ScheduledJob.SCHEDULED_TIME_FIELD,
                                        "<aws.scheduler.scheduled-time>")))
                                // The day's claim makes retries safe; a day missed entirely is caught up
                                // by the next day's run (neither job is cumulative work).
                                .retryAttempts(3)
                                .maxEventAge(Duration.hours(6))
                                .build()))
                .build();
    }

    public Schedule schedule() {
        return schedule;
    }
}
