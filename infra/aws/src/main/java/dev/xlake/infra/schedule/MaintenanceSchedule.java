package dev.xlake.infra.schedule;

import dev.xlake.infra.JavaFunctions;
import dev.xlake.infra.submit.SubmitFunction;
import dev.xlake.submit.MaintainJobs;
import dev.xlake.submit.ScheduledJobs;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.lambda.IAlias;
import software.amazon.awscdk.services.scheduler.Schedule;
import software.amazon.awscdk.services.scheduler.ScheduleExpression;
import software.amazon.awscdk.services.scheduler.ScheduleTargetInput;
import software.amazon.awscdk.services.scheduler.targets.LambdaInvoke;
import software.amazon.awscdk.services.scheduler.targets.ScheduleTargetBaseProps;
import software.constructs.Construct;

/**
 * Runs {@code xlake maintain} on AWS once a day: EventBridge Scheduler invokes the submit function
 * with {@code {"job": "maintain", "scheduled_time": <the schedule's time>}}, and the function adds a
 * {@code MaintainJob} step to the converter cluster, claimed per scheduled day like a run manifest,
 * so duplicate deliveries and retries add one step (docs/submit.md). The step compacts the tables,
 * expires snapshots older than 7 days and removes orphan files older than 3 days.
 */
public final class MaintenanceSchedule extends Construct {

    /** 03:00 UTC: after the night's conversions have settled, before most readers' working day. */
    public static final String CRON = "cron(0 3 * * ? *)";

    private final Schedule schedule;

    public MaintenanceSchedule(Construct scope, String id, SubmitFunction submit) {
        super(scope, id);
        IAlias alias = JavaFunctions.liveAliasOf(submit);
        this.schedule = Schedule.Builder.create(this, "Schedule")
                .description("xlake: daily maintenance of the Iceberg tables (an EMR step via the submit function)")
                .schedule(ScheduleExpression.expression(CRON))
                .target(new LambdaInvoke(
                        alias,
                        ScheduleTargetBaseProps.builder()
                                .input(ScheduleTargetInput.fromObject(Map.of(
                                        ScheduledJobs.JOB_FIELD,
                                        MaintainJobs.JOB,
                                        ScheduledJobs.SCHEDULED_TIME_FIELD,
                                        "<aws.scheduler.scheduled-time>")))
                                // The day's claim makes retries safe; a day missed entirely is caught up the
                                // next day (maintenance is not cumulative work).
                                .retryAttempts(3)
                                .maxEventAge(Duration.hours(6))
                                .build()))
                .build();
    }

    public Schedule schedule() {
        return schedule;
    }
}
