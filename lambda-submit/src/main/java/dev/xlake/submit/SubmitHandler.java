package dev.xlake.submit;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.xlake.core.layout.RawKeys;
import dev.xlake.core.manifest.Tick;
import dev.xlake.s3.ObjectStore;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.emr.EmrClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Lambda entry point for S3 "object created" events on tick objects ({@code raw/x/ticks/...}):
 * one EMR convert step per tick, covering every run manifest the tick lists. Other keys are
 * ignored, run manifests included (a fetch invocation's manifests are converted through its tick;
 * an old manifest event replayed from the dead-letter queue is caught up by the next conversion).
 * Wiring only; the work is in {@link ManifestSubmitService}. A scheduled event naming a job
 * ({@code {"job": "maintain", ...}}) goes to {@link ScheduledJobs}.
 *
 * <p>If any tick in the event could not be submitted, or is claimed by a delivery that has not
 * recorded its step yet, the invocation fails after trying the others, so Lambda's async retries
 * run again; ticks already submitted are then answered from their claims.
 */
public final class SubmitHandler implements RequestStreamHandler {

    private static final Logger LOG = LoggerFactory.getLogger(SubmitHandler.class);
    /** Kept back from the Lambda's remaining time to record or release the claim after EMR answers. */
    static final Duration BOOKKEEPING_RESERVE = Duration.ofSeconds(5);

    /** Embedded-metric-format lines: log4j2.xml writes them bare, as CloudWatch needs them. */
    static final Logger METRICS = LoggerFactory.getLogger("xlake.metrics");

    private final Wiring wiring;
    private final InstantSource clock;
    private final ObjectMapper json = new ObjectMapper();
    private final S3EventParser parser = new S3EventParser(json);

    /** Used by Lambda: reads {@link SubmitConfig} from the environment and builds the clients once. */
    public SubmitHandler() {
        this(Wiring.fromEnvironment(SubmitConfig.fromEnv(System.getenv())), InstantSource.system());
    }

    /** A handler that starts no scheduled jobs; the parameters as in {@link Wiring}. */
    public SubmitHandler(
            ManifestSubmitService service, ObjectStore lake, Optional<ConversionLag> lag, InstantSource clock) {
        this(new Wiring(service, lake, lag, ScheduledJobs.none(clock)), clock);
    }

    public SubmitHandler(Wiring wiring, InstantSource clock) {
        this.wiring = wiring;
        this.clock = clock;
    }

    /**
     * The clients of a Lambda container.
     *
     * @param lake the bucket the tick objects are read from (the service's claims live there too)
     * @param lag measured and published once per invocation that carries a tick; empty: not measured
     * @param scheduledJobs what a scheduled event naming a job starts
     */
    public record Wiring(
            ManifestSubmitService service, ObjectStore lake, Optional<ConversionLag> lag, ScheduledJobs scheduledJobs) {
        static Wiring fromEnvironment(SubmitConfig config) {
            S3Client s3 = S3Clients.fromEnv(System.getenv());
            ObjectStore lake = new S3ObjectStore(s3, config.bucket());
            EmrClient emr = EmrStepSubmitter.clientBuilder().build();
            EmrStepSubmitter submitter = EmrStepSubmitter.fromConfig(emr, config, lake);
            ConversionLag lag = new ConversionLag(
                    emr,
                    ConversionLag.clustersOf(submitter.clusters(), new ClusterStateStore(lake)),
                    s3,
                    config.bucket(),
                    InstantSource.system());
            return new Wiring(
                    new ManifestSubmitService(
                            S3ClaimStore.forTicks(lake),
                            submitter,
                            config.curatedUri(),
                            config.quarantineUri(),
                            config.claimStaleAfter()),
                    lake,
                    Optional.of(lag),
                    scheduledJobs(
                            new ClaimedJobs(
                                    ClaimProtocol.withRandomTokens(new S3ClaimStore(lake), config.claimStaleAfter()),
                                    submitter),
                            config.curatedUri()));
        }

        /** The daily maintenance and the compliance pass's steps, claimed the same way. */
        static ScheduledJobs scheduledJobs(ClaimedJobs claimed, String curatedUri) {
            return new ScheduledJobs(Optional.of(new JobSteps(claimed, curatedUri)), InstantSource.system());
        }
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        Instant deadline =
                clock.instant().plusMillis(context.getRemainingTimeInMillis()).minus(BOOKKEEPING_RESERVE);
        JsonNode event = json.readTree(input);
        if (ScheduledJobs.isScheduledJob(event)) {
            json.writeValue(output, wiring.scheduledJobs().handle(event, deadline));
            return;
        }
        List<CreatedObject> objects = parser.parse(event);
        if (objects.stream().anyMatch(o -> RawKeys.parseTick(o.key()).isPresent())) {
            // Before submitting, so that the lag is published even when submissions fail.
            wiring.lag().ifPresent(meter -> publishLag(meter, context.getFunctionName()));
        }
        json.writeValue(output, handle(objects, deadline));
    }

    /** A lag that cannot be measured is logged, never fails the submission. */
    private void publishLag(ConversionLag meter, String functionName) {
        try {
            Duration waited = meter.measure();
            LOG.info("Conversion lag: {} s", waited.toSeconds());
            METRICS.info("{}", LagMetric.emf(waited, clock.instant(), functionName));
        } catch (SdkException e) {
            LOG.warn("Cannot measure the conversion lag: {}", EmrStepSubmitter.describe(e));
        }
    }

    /** Submits every tick among the objects; returns one result per object. */
    ObjectNode handle(List<CreatedObject> objects, Instant deadline) {
        ArrayNode results = json.createArrayNode();
        List<StepSubmissionException> failures = new ArrayList<>();
        for (CreatedObject object : objects) {
            ObjectNode result =
                    results.addObject().put("bucket", object.bucket()).put("key", object.key());
            Optional<String> tickId = RawKeys.parseTick(object.key());
            if (tickId.isEmpty() || !object.bucket().equals(wiring.lake().bucket())) {
                LOG.info("Ignored s3://{}/{}: not a tick object of this lake", object.bucket(), object.key());
                result.put("status", "IGNORED");
                continue;
            }
            result.put("tick_id", tickId.get());
            try {
                SubmitOutcome outcome =
                        wiring.service().submit(readTick(object), object.bucket(), uri(object), deadline);
                LOG.info("Tick {}: {}", outcome.runId(), outcome.describe());
                result.put("status", outcome.status().name())
                        .put("step_id", outcome.stepId())
                        .put("detail", outcome.describe());
                if (outcome.status() == SubmitOutcome.Status.IN_PROGRESS) {
                    failures.add(notConfirmed(outcome));
                }
            } catch (StepSubmissionException e) {
                result.put("status", "FAILED");
                failures.add(e);
            } catch (SdkException e) {
                // The claim store's or the tick's S3 calls: this tick fails, the others are still tried.
                result.put("status", "FAILED");
                failures.add(new StepSubmissionException(
                        "Cannot submit tick " + tickId.get() + ": S3 failed on " + RawKeys.tickClaim(tickId.get())
                                + " or " + object.key() + ": " + e.getMessage(),
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

    private Tick readTick(CreatedObject object) {
        byte[] content = wiring.lake()
                .get(object.key())
                .orElseThrow(() ->
                        new StepSubmissionException("Cannot submit tick " + uri(object) + ": the object is gone", null))
                .content();
        try {
            return Tick.read(content, uri(object));
        } catch (IllegalArgumentException e) {
            throw new StepSubmissionException("Cannot submit tick: " + e.getMessage(), e);
        }
    }

    private static String uri(CreatedObject object) {
        return "s3://" + object.bucket() + "/" + object.key();
    }

    /**
     * A claim without step id may belong to a delivery that is submitting right now or to one that
     * crashed. Failing makes Lambda retry later: by then the tick is submitted, or its claim is stale
     * and the retry takes it over; or the event ends in the on-failure destination. Succeeding
     * would end the retries and could lose the tick.
     */
    private static StepSubmissionException notConfirmed(SubmitOutcome outcome) {
        return new StepSubmissionException(
                "Cannot confirm the convert step for tick " + outcome.runId()
                        + " yet: another delivery claimed it at " + outcome.claimedAt()
                        + " and has not recorded a step id; failing so that Lambda retries",
                null);
    }
}
