package dev.xlake.submit;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.xlake.core.layout.ManifestRef;
import dev.xlake.core.layout.RawKeys;
import dev.xlake.s3.S3Clients;
import dev.xlake.s3.S3ObjectStore;
import dev.xlake.submit.S3EventParser.CreatedObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Lambda entry point for S3 "object created" events on run manifests: one EMR convert step per
 * manifest. Other keys are ignored. Wiring only; the work is in {@link ManifestSubmitService}.
 * A scheduled event naming a job ({@code {"job": "maintain", ...}}) goes to {@link ScheduledJobs}.
 *
 * <p>If any manifest in the event could not be submitted, or is claimed by a delivery that has not
 * recorded its step yet, the invocation fails after trying the others, so Lambda's async retries
 * run again; manifests already submitted are then answered from their claims.
 */
public final class SubmitHandler implements RequestStreamHandler {

    private static final Logger LOG = LoggerFactory.getLogger(SubmitHandler.class);
    /** Kept back from the Lambda's remaining time to record or release the claim after EMR answers. */
    static final Duration BOOKKEEPING_RESERVE = Duration.ofSeconds(5);

    private final ManifestSubmitService service;
    private final ScheduledJobs scheduledJobs;
    private final InstantSource clock;
    private final ObjectMapper json = new ObjectMapper();
    private final S3EventParser parser = new S3EventParser(json);

    /** Used by Lambda: reads {@link SubmitConfig} from the environment and builds the clients once. */
    public SubmitHandler() {
        this(SubmitConfig.fromEnv(System.getenv()), InstantSource.system());
    }

    public SubmitHandler(ManifestSubmitService service, InstantSource clock) {
        this(service, ScheduledJobs.none(clock), clock);
    }

    public SubmitHandler(ManifestSubmitService service, ScheduledJobs scheduledJobs, InstantSource clock) {
        this.service = service;
        this.scheduledJobs = scheduledJobs;
        this.clock = clock;
    }

    private SubmitHandler(SubmitConfig config, InstantSource clock) {
        this(config, new S3ClaimStore(new S3ObjectStore(S3Clients.fromEnv(System.getenv()), config.bucket())), clock);
    }

    private SubmitHandler(SubmitConfig config, ClaimStore claims, InstantSource clock) {
        this(
                config,
                claims,
                EmrStepSubmitter.fromConfig(EmrStepSubmitter.clientBuilder().build(), config),
                clock);
    }

    private SubmitHandler(SubmitConfig config, ClaimStore claims, EmrStepSubmitter emr, InstantSource clock) {
        this(
                new ManifestSubmitService(
                        claims, emr, config.curatedUri(), config.quarantineUri(), config.claimStaleAfter()),
                new ScheduledJobs(
                        Optional.of(new MaintainJobs(
                                new ClaimedJobs(
                                        claims,
                                        emr,
                                        config.claimStaleAfter(),
                                        clock,
                                        () -> UUID.randomUUID().toString()),
                                config.curatedUri())),
                        clock),
                clock);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        Instant deadline =
                clock.instant().plusMillis(context.getRemainingTimeInMillis()).minus(BOOKKEEPING_RESERVE);
        JsonNode event = json.readTree(input);
        json.writeValue(
                output,
                ScheduledJobs.isScheduledJob(event)
                        ? scheduledJobs.handle(event, deadline)
                        : handle(parser.parse(event), deadline));
    }

    /** Submits every manifest among the objects; returns one result per object. */
    ObjectNode handle(List<CreatedObject> objects, Instant deadline) {
        ArrayNode results = json.createArrayNode();
        List<StepSubmissionException> failures = new ArrayList<>();
        for (CreatedObject object : objects) {
            ObjectNode result =
                    results.addObject().put("bucket", object.bucket()).put("key", object.key());
            Optional<ManifestRef> manifest = RawKeys.parseManifest(object.bucket(), object.key());
            if (manifest.isEmpty()) {
                LOG.info("Ignored s3://{}/{}: not a run manifest", object.bucket(), object.key());
                result.put("status", "IGNORED");
                continue;
            }
            try {
                SubmitOutcome outcome = service.submit(manifest.get(), deadline);
                LOG.info("Run {}: {}", outcome.runId(), outcome.describe());
                result.put("run_id", outcome.runId())
                        .put("status", outcome.status().name())
                        .put("step_id", outcome.stepId())
                        .put("detail", outcome.describe());
                if (outcome.status() == SubmitOutcome.Status.IN_PROGRESS) {
                    failures.add(notConfirmed(outcome));
                }
            } catch (StepSubmissionException e) {
                result.put("run_id", manifest.get().runId()).put("status", "FAILED");
                failures.add(e);
            } catch (SdkException e) {
                // The claim store's S3 calls: this manifest fails, the others are still tried.
                result.put("run_id", manifest.get().runId()).put("status", "FAILED");
                failures.add(new StepSubmissionException(
                        "Cannot claim run " + manifest.get().runId() + " in "
                                + RawKeys.claim(manifest.get().runId()) + ": " + e.getMessage(),
                        e));
            }
        }
        if (!failures.isEmpty()) {
            StepSubmissionException first = failures.get(0);
            failures.subList(1, failures.size()).forEach(first::addSuppressed);
            throw first;
        }
        return json.createObjectNode().set("results", results);
    }

    /**
     * A claim without step id may belong to a delivery that is submitting right now or to one that
     * crashed. Failing makes Lambda retry later: by then the run is submitted, or its claim is stale
     * and the retry takes it over; or the event ends in the on-failure destination. Succeeding
     * would end the retries and could lose the run.
     */
    private static StepSubmissionException notConfirmed(SubmitOutcome outcome) {
        return new StepSubmissionException(
                "Cannot confirm the convert step for run " + outcome.runId()
                        + " yet: another delivery claimed it at " + outcome.claimedAt()
                        + " and has not recorded a step id; failing so that Lambda retries",
                null);
    }
}
