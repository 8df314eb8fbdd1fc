package dev.xlake.submit;

import dev.xlake.core.time.Backoff;
import dev.xlake.core.time.Sleeper;
import dev.xlake.core.time.Timing;
import dev.xlake.s3.ObjectStore;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.emr.EmrClient;
import software.amazon.awssdk.services.emr.EmrClientBuilder;
import software.amazon.awssdk.services.emr.model.ActionOnFailure;
import software.amazon.awssdk.services.emr.model.AddJobFlowStepsRequest;
import software.amazon.awssdk.services.emr.model.ClusterStatus;
import software.amazon.awssdk.services.emr.model.HadoopJarStepConfig;
import software.amazon.awssdk.services.emr.model.ListStepsResponse;
import software.amazon.awssdk.services.emr.model.StepConfig;
import software.amazon.awssdk.services.emr.model.StepSummary;

/**
 * Submits the converter as an EMR step ({@code AddJobFlowSteps}: {@code command-runner.jar}
 * running {@code spark-submit --deploy-mode cluster}).
 *
 * <p>The SDK's own retries are off: {@code AddJobFlowSteps} is not idempotent, so this class
 * decides. Throttling is retried with jittered exponential backoff until the deadline. A 5xx, an
 * {@code InternalServerError} or an I/O error may hide a step EMR did create, so before retrying
 * those it looks for a step with this run's name; if that look-up fails or there is no time left
 * for it, it throws {@link StepOutcomeUnknownException} instead of guessing. A cluster that rejects
 * steps ({@code ValidationException}, {@code InvalidRequestException}: terminated, terminating,
 * wrong id) is not retried; the error names the cluster and the state {@code DescribeCluster}
 * reports.
 */
public final class EmrStepSubmitter implements StepSubmitter, JobStepSubmitter {

    private static final Logger LOG = LoggerFactory.getLogger(EmrStepSubmitter.class);

    /** EMR's AddJobFlowSteps answers in well under a second; these bound a hung connection. */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);

    private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(20);
    /** EMR's API rate limits refill per second: start small, cap well inside a Lambda's time. */
    private static final Backoff BACKOFF = new Backoff(Duration.ofMillis(250), Duration.ofSeconds(8));
    /** ListSteps returns 50 steps per page, newest first; 10 pages cover any plausible stale window. */
    private static final int MAX_LIST_PAGES = 10;

    /** The curated tables' catalog on AWS: Iceberg's GlueCatalog, database {@code xlake}, created by the stack. */
    public static final String CATALOG = "glue";

    private static final Set<String> REJECTED_BY_CLUSTER = Set.of("ValidationException", "InvalidRequestException");
    /**
     * EMR's model declares these without an HTTP status ("the request was not completed"): treated
     * like a 5xx whatever status they arrive with, i.e. possibly applied, looked up, retried.
     */
    private static final Set<String> SERVER_ERROR_CODES = Set.of("InternalServerError", "InternalServerException");

    private final EmrClient emr;
    private final ConverterClusters clusters;
    private final String converterJar;
    private final List<String> sparkSubmitArgs;
    private final Timing timing;

    /** Steps always go to {@code clusterId}: a cluster passed by id is never replaced. */
    public EmrStepSubmitter(
            EmrClient emr, String clusterId, String converterJar, List<String> sparkSubmitArgs, Timing timing) {
        this(emr, ConverterClusters.fixed(clusterId), converterJar, sparkSubmitArgs, timing);
    }

    public EmrStepSubmitter(
            EmrClient emr,
            ConverterClusters clusters,
            String converterJar,
            List<String> sparkSubmitArgs,
            Timing timing) {
        this.emr = emr;
        this.clusters = clusters;
        this.converterJar = converterJar;
        this.sparkSubmitArgs = List.copyOf(sparkSubmitArgs);
        this.timing = timing;
    }

    /**
     * The Lambda's submitter: with a cluster spec in the configuration (the stack created the
     * cluster) a cluster that is gone is replaced, its successor recorded in {@code lake}; without
     * one, steps go to the configured cluster id.
     */
    public static EmrStepSubmitter fromConfig(EmrClient emr, SubmitConfig config, ObjectStore lake) {
        ConverterClusters clusters = config.clusterSpec()
                .<ConverterClusters>map(spec -> new ReplacingCluster(
                        emr,
                        new ClusterStateStore(lake),
                        spec,
                        config.clusterId(),
                        config.claimStaleAfter(),
                        InstantSource.system(),
                        () -> UUID.randomUUID().toString()))
                .orElseGet(() -> ConverterClusters.fixed(config.clusterId()));
        return new EmrStepSubmitter(
                emr,
                clusters,
                config.converterJar(),
                config.sparkSubmitArgs(),
                new Timing(
                        InstantSource.system(),
                        Sleeper.REAL,
                        // Built during initialisation, i.e. inside the SnapStart snapshot: a seeded PRNG
                        // would give every restored environment the same jitter. SecureRandom is the
                        // snapshot-resilient source AWS's SnapStart uniqueness guidance names.
                        new SecureRandom()));
    }

    /** Where the steps go. */
    ConverterClusters clusters() {
        return clusters;
    }

    /** The source of backoff jitter (tests check that production's survives a SnapStart restore). */
    RandomGenerator jitter() {
        return timing.random();
    }

    /** The client configuration used in the Lambda; callers add region/endpoint/credentials. */
    public static EmrClientBuilder clientBuilder() {
        return EmrClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(CONNECT_TIMEOUT)
                        .socketTimeout(SOCKET_TIMEOUT))
                .overrideConfiguration(
                        c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()).apiCallTimeout(CALL_TIMEOUT));
    }

    /** The {@code command-runner.jar} arguments: spark-submit, extra settings, the jar and its options. */
    public List<String> commandArgs(ConvertStep step) {
        List<String> jobArgs = new ArrayList<>();
        for (String manifest : step.manifestUris()) {
            jobArgs.addAll(List.of("--manifest", manifest));
        }
        jobArgs.addAll(
                List.of("--output", step.curatedUri(), "--quarantine", step.quarantineUri(), "--catalog", CATALOG));
        return sparkSubmit(SubmitConfig.CONVERT_MAIN_CLASS, jobArgs);
    }

    /** The spark-submit arguments that run {@code mainClass} of the converter jar with {@code jobArgs}. */
    public List<String> sparkSubmit(String mainClass, List<String> jobArgs) {
        List<String> args = new ArrayList<>(List.of("spark-submit", "--deploy-mode", "cluster"));
        args.addAll(sparkSubmitArgs);
        args.addAll(List.of("--class", mainClass, converterJar));
        args.addAll(jobArgs);
        return args;
    }

    /**
     * A step with its unique name (what {@code ListSteps} finds it by), what messages call it
     * ({@code tick <id>}, {@code run <id>}, {@code job <id>}) and its arguments.
     */
    private record NamedStep(String name, String subject, List<String> commandArgs) {}

    @Override
    public String submit(ConvertStep step, Instant deadline) {
        return submit(new NamedStep(step.name(), step.subject(), commandArgs(step)), deadline);
    }

    /** Submits a scheduled job's step with the retry and ambiguity rules of this class. */
    @Override
    public String submit(JobStep step, Instant deadline) {
        return submit(
                new NamedStep(step.name(), "job " + step.jobId(), sparkSubmit(step.mainClass(), step.jobArgs())),
                deadline);
    }

    @Override
    public Optional<String> findSubmitted(JobStep step) {
        return findSubmitted(new NamedStep(step.name(), "job " + step.jobId(), List.of()));
    }

    @Override
    public Optional<String> findSubmitted(ConvertStep step) {
        return findSubmitted(new NamedStep(step.name(), step.subject(), List.of()));
    }

    private String submit(NamedStep step, Instant deadline) {
        String clusterId = clusters.forNextStep(deadline);
        AddJobFlowStepsRequest.Builder request = AddJobFlowStepsRequest.builder()
                .jobFlowId(clusterId)
                .steps(StepConfig.builder()
                        .name(step.name())
                        .actionOnFailure(ActionOnFailure.CONTINUE)
                        .hadoopJarStep(HadoopJarStepConfig.builder()
                                .jar("command-runner.jar")
                                .args(step.commandArgs())
                                .build())
                        .build());
        SdkException lastFailure = null;
        for (int attempt = 1; ; attempt++) {
            Duration callTimeout = min(Duration.between(timing.now(), deadline), CALL_TIMEOUT);
            if (callTimeout.compareTo(Duration.ofMillis(1)) < 0) {
                throw outOfTime(clusterId, step, attempt - 1, lastFailure);
            }
            try {
                String stepId = emr.addJobFlowSteps(request.overrideConfiguration(o -> o.apiCallTimeout(callTimeout))
                                .build())
                        .stepIds()
                        .get(0);
                LOG.info(
                        "EMR cluster {} accepted step {} for {} on attempt {}",
                        clusterId,
                        stepId,
                        step.subject(),
                        attempt);
                return stepId;
            } catch (AwsServiceException e) {
                String code =
                        e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
                if (code != null && REJECTED_BY_CLUSTER.contains(code)) {
                    throw rejected(clusterId, step, code, e);
                }
                if (!e.isThrottlingException()
                        && e.statusCode() < 500
                        && (code == null || !SERVER_ERROR_CODES.contains(code))) {
                    throw new StepSubmissionException(
                            "Cannot submit step for " + step.subject() + " to EMR cluster " + clusterId + ": " + code
                                    + " (HTTP " + e.statusCode() + ")",
                            e);
                }
                lastFailure = e;
            } catch (SdkClientException e) {
                lastFailure = e;
            }
            if (!isThrottling(lastFailure)) {
                Optional<String> created = findAfterAmbiguousFailure(clusterId, step, attempt, lastFailure, deadline);
                if (created.isPresent()) {
                    LOG.info(
                            "Step {} for {} exists despite the failed response ({})",
                            created.get(),
                            step.subject(),
                            lastFailure.getClass().getSimpleName());
                    return created.get();
                }
            }
            Duration pause = timing.backoff(BACKOFF, attempt);
            if (timing.now().plus(pause).isAfter(deadline)) {
                throw outOfTime(clusterId, step, attempt, lastFailure);
            }
            LOG.info(
                    "AddJobFlowSteps for {} failed on attempt {} ({}); retrying in {} ms",
                    step.subject(),
                    attempt,
                    describe(lastFailure),
                    pause.toMillis());
            sleep(pause, step);
        }
    }

    private Optional<String> findSubmitted(NamedStep step) {
        String clusterId = clusters.current();
        try {
            return findOnFirstPages(clusterId, step, MAX_LIST_PAGES, CALL_TIMEOUT);
        } catch (SdkException e) {
            throw new StepSubmissionException(
                    "Cannot look for an earlier step of " + step.subject() + " on EMR cluster " + clusterId
                            + ": ListSteps failed with " + describe(e),
                    e);
        }
    }

    /**
     * After a failure that may have been applied, the step exists or not; retrying without
     * knowing could add a second one, so any doubt ends in {@link StepOutcomeUnknownException}.
     */
    private Optional<String> findAfterAmbiguousFailure(
            String clusterId, NamedStep step, int attempt, SdkException failure, Instant deadline) {
        Duration timeLeft = min(Duration.between(timing.now(), deadline), CALL_TIMEOUT);
        if (timeLeft.compareTo(Duration.ofMillis(1)) < 0) {
            throw outcomeUnknown(clusterId, step, attempt, failure, "no time left to look for it with ListSteps", null);
        }
        try {
            return findOnFirstPages(clusterId, step, 1, timeLeft);
        } catch (SdkException listFailure) {
            throw outcomeUnknown(
                    clusterId, step, attempt, failure, "ListSteps failed with " + describe(listFailure), listFailure);
        }
    }

    private StepOutcomeUnknownException outcomeUnknown(
            String clusterId, NamedStep step, int attempt, SdkException failure, String why, SdkException listFailure) {
        StepOutcomeUnknownException e = new StepOutcomeUnknownException(
                "Cannot tell whether EMR cluster " + clusterId
                        + " added the step for " + step.subject() + ": attempt " + attempt + " failed with "
                        + describe(failure) + " and " + why,
                failure);
        if (listFailure != null) {
            e.addSuppressed(listFailure);
        }
        return e;
    }

    private Optional<String> findOnFirstPages(String clusterId, NamedStep step, int pages, Duration callTimeout) {
        String marker = null;
        for (int page = 0; page < pages; page++) {
            String pageMarker = marker;
            ListStepsResponse response = emr.listSteps(b -> b.clusterId(clusterId)
                    .marker(pageMarker)
                    .overrideConfiguration(o -> o.apiCallTimeout(callTimeout)));
            for (StepSummary summary : response.steps()) {
                if (step.name().equals(summary.name())) {
                    return Optional.of(summary.id());
                }
            }
            marker = response.marker();
            if (marker == null) {
                break;
            }
        }
        return Optional.empty();
    }

    private StepSubmissionException rejected(String clusterId, NamedStep step, String code, AwsServiceException e) {
        return new StepSubmissionException(
                "Cannot submit step for " + step.subject() + ": EMR cluster "
                        + clusterId + " (state " + clusterState(clusterId) + ") rejected it with " + code + ": "
                        + e.awsErrorDetails().errorMessage(),
                e);
    }

    private String clusterState(String clusterId) {
        try {
            ClusterStatus status =
                    emr.describeCluster(b -> b.clusterId(clusterId)).cluster().status();
            String reason = status.stateChangeReason() == null
                    ? null
                    : status.stateChangeReason().message();
            return reason == null ? status.stateAsString() : status.stateAsString() + ": " + reason;
        } catch (SdkException e) {
            return "unknown, DescribeCluster failed: " + describe(e);
        }
    }

    private StepSubmissionException outOfTime(
            String clusterId, NamedStep step, int attempts, SdkException lastFailure) {
        return new StepSubmissionException(
                "Cannot submit step for " + step.subject() + " to EMR cluster "
                        + clusterId + ": out of time after " + attempts + " attempts, last: "
                        + (lastFailure == null ? "none" : describe(lastFailure)),
                lastFailure);
    }

    private void sleep(Duration pause, NamedStep step) {
        try {
            timing.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StepSubmissionException(
                    "Cannot submit step for " + step.subject() + ": interrupted while backing off", e);
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static boolean isThrottling(SdkException e) {
        return e instanceof AwsServiceException service && service.isThrottlingException();
    }

    static String describe(SdkException e) {
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            return service.awsErrorDetails().errorCode() + " (HTTP " + service.statusCode() + ")";
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
