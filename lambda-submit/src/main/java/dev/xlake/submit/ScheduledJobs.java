package dev.xlake.submit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.xlake.core.jobs.ScheduledJob;
import java.time.Instant;
import java.time.InstantSource;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The submit function's second kind of event: a schedule naming a job, {@code {"job": "maintain",
 * "scheduled_time": "<aws.scheduler.scheduled-time>"}} (EventBridge Scheduler fills the time in).
 * The job's period comes from the scheduled time, not the invocation's clock, so a retry after
 * midnight still claims the day it was scheduled for; without it (a manual invoke) the clock decides.
 */
public final class ScheduledJobs {

    private static final Logger LOG = LoggerFactory.getLogger(ScheduledJobs.class);

    private final Optional<JobSteps> steps;
    private final InstantSource clock;
    private final ObjectMapper json = new ObjectMapper();

    /** @param steps the jobs' steps; empty: every scheduled event is refused */
    public ScheduledJobs(Optional<JobSteps> steps, InstantSource clock) {
        this.steps = steps;
        this.clock = clock;
    }

    /** No scheduled jobs: every scheduled event is refused. */
    public static ScheduledJobs none(InstantSource clock) {
        return new ScheduledJobs(Optional.empty(), clock);
    }

    public static boolean isScheduledJob(JsonNode event) {
        return event != null && event.isObject() && event.has(ScheduledJob.JOB_FIELD);
    }

    /**
     * Submits the named job for its period.
     *
     * @throws StepSubmissionException when it could not be submitted, or another invocation holds a
     *         fresh claim on it (so Lambda retries until that one recorded its step)
     */
    public ObjectNode handle(JsonNode event, Instant deadline) {
        String job = event.path(ScheduledJob.JOB_FIELD).asText();
        Instant scheduled = scheduledTime(event);
        ScheduledJob named = ScheduledJob.named(job)
                .orElseThrow(() -> new IllegalArgumentException("Cannot run scheduled job '" + job
                        + "': unknown job (known: " + ScheduledJob.knownNames() + ")"));
        SubmitOutcome outcome = steps.orElseThrow(() -> notConfigured(job))
                .submit(named, scheduled, event.path(ScheduledJob.PASS_FIELD).asText(null), deadline);
        LOG.info("Scheduled job {} for {}: {}", job, scheduled, outcome.describe());
        if (outcome.status() == SubmitOutcome.Status.IN_PROGRESS) {
            throw new StepSubmissionException(
                    "Cannot confirm the step of job " + outcome.runId() + " yet: another invocation claimed it at "
                            + outcome.claimedAt() + " and has not recorded a step id; failing so that Lambda retries",
                    null);
        }
        return json.createObjectNode()
                .put("job", job)
                .put("job_id", outcome.runId())
                .put("status", outcome.status().name())
                .put("step_id", outcome.stepId());
    }

    private Instant scheduledTime(JsonNode event) {
        JsonNode time = event.get(ScheduledJob.SCHEDULED_TIME_FIELD);
        if (time == null || time.isNull()) {
            return clock.instant();
        }
        try {
            return Instant.parse(time.asText());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    "Cannot run scheduled job: " + ScheduledJob.SCHEDULED_TIME_FIELD + " is not an ISO-8601 instant: "
                            + time.asText(),
                    e);
        }
    }

    private static IllegalStateException notConfigured(String job) {
        return new IllegalStateException(
                "Cannot run scheduled job '" + job + "': this function is not configured for it");
    }
}
