package dev.xlake.submit;

import dev.xlake.core.layout.RawKeys;
import dev.xlake.submit.ClusterStateStore.Stored;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.emr.EmrClient;
import software.amazon.awssdk.services.emr.model.ClusterState;
import software.amazon.awssdk.services.emr.model.ClusterSummary;

/**
 * The converter cluster the stack created, replaced when it is gone (idle timeout, failure, or
 * terminated by hand): the next submission finds it {@code TERMINATING} or {@code TERMINATED*}
 * with {@code DescribeCluster}, starts a replacement with the stack's configuration
 * ({@link ClusterSpec}, {@code RunJobFlow}) and adds its step to the replacement, which runs it
 * once started. The current cluster is recorded in {@code state/submit/cluster.json}; without that
 * object it is the cluster the stack created.
 *
 * <p>At most one replacement starts at a time, guarded like the submit claims: a delivery first
 * records "replacing" in the state object with a conditional write, and only the winner calls
 * {@code RunJobFlow}. A delivery that finds a fresh "replacing" fails (so Lambda retries it once
 * the replacement is recorded). One older than the stale limit is taken over, after looking for a
 * cluster its owner may have started ({@code ListClusters}, by name, created since the claim):
 * {@code RunJobFlow} has no idempotency token either.
 *
 * @param createdByStack the cluster the stack created: current until a replacement is recorded
 * @param staleAfter age after which a "replacing" record is presumed abandoned; must exceed
 *     the function timeout, like the submit claims' limit
 */
public record ReplacingCluster(
        EmrClient emr,
        ClusterStateStore states,
        ClusterSpec spec,
        String createdByStack,
        Duration staleAfter,
        InstantSource clock,
        Supplier<String> tokens)
        implements ConverterClusters {

    private static final Logger LOG = LoggerFactory.getLogger(ReplacingCluster.class);
    private static final int MAX_ATTEMPTS = 3;
    private static final Set<ClusterState> ALIVE =
            Set.of(ClusterState.STARTING, ClusterState.BOOTSTRAPPING, ClusterState.RUNNING, ClusterState.WAITING);
    /** Clock skew between the Lambda and EMR's creation timestamps. */
    private static final Duration SKEW = Duration.ofMinutes(1);

    @Override
    public String current() {
        return states.read().map(s -> s.state().clusterId()).orElse(createdByStack);
    }

    @Override
    public String forNextStep(Instant deadline) {
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Optional<Stored> stored = states.read();
            ClusterRecord state = stored.map(Stored::state)
                    .orElseGet(() -> ClusterRecord.current(createdByStack, null, clock.instant()));
            if (state.isReplacing()) {
                if (!isStale(state)) {
                    throw new StepSubmissionException(
                            "Cannot submit yet: another delivery started replacing EMR cluster " + state.clusterId()
                                    + " at " + state.replacingSince() + " and has not recorded the new cluster in "
                                    + RawKeys.CLUSTER_STATE + "; failing so that Lambda retries",
                            null);
                }
                Optional<String> started = startedSince(state.replacingSince());
                if (started.isPresent()) {
                    if (record(started.get(), state.clusterId(), stored.get().version())) {
                        LOG.info(
                                "Recorded cluster {}, started by an abandoned replacement of {}",
                                started.get(),
                                state.clusterId());
                        return started.get();
                    }
                    continue;
                }
            } else if (isAlive(state.clusterId())) {
                return state.clusterId();
            }
            Optional<String> replacement = replace(stored, state);
            if (replacement.isPresent()) {
                return replacement.get();
            }
        }
        throw new StepSubmissionException(
                "Cannot settle the converter cluster: " + RawKeys.CLUSTER_STATE + " changed under us " + MAX_ATTEMPTS
                        + " times",
                null);
    }

    /** Empty when another delivery changed the state first: the caller reads it again. */
    private Optional<String> replace(Optional<Stored> stored, ClusterRecord gone) {
        ClusterRecord claim = gone.replacing(tokens.get(), clock.instant());
        Optional<String> version = stored.isEmpty()
                ? states.createIfAbsent(claim)
                : states.replaceIfMatch(claim, stored.get().version());
        if (version.isEmpty()) {
            return Optional.empty();
        }
        String started;
        try {
            started = emr.runJobFlow(spec.runJobFlowRequest()).jobFlowId();
        } catch (AwsServiceException e) {
            if (e.statusCode() >= 500 || e.isThrottlingException()) {
                throw keptAfter(gone, e);
            }
            throw releasedAfter(gone, version.get(), e);
        } catch (SdkException e) {
            throw keptAfter(gone, e);
        }
        LOG.info("EMR cluster {} is gone; started replacement {}", gone.clusterId(), started);
        if (!record(started, gone.clusterId(), version.get())) {
            LOG.error(
                    "Started EMR cluster {} but cannot record it in {}: the state changed meanwhile",
                    started,
                    RawKeys.CLUSTER_STATE);
        }
        return Optional.of(started);
    }

    private boolean record(String clusterId, String replaced, String version) {
        return states.replaceIfMatch(ClusterRecord.current(clusterId, replaced, clock.instant()), version)
                .isPresent();
    }

    /** A 4xx means no cluster was started: the claim goes, so a retry may try again. */
    private StepSubmissionException releasedAfter(ClusterRecord gone, String version, AwsServiceException e) {
        String released = states.replaceIfMatch(
                                ClusterRecord.current(gone.clusterId(), gone.previousClusterId(), clock.instant()),
                                version)
                        .isPresent()
                ? "replacement claim released"
                : "replacement claim changed meanwhile and was left alone";
        return new StepSubmissionException(
                "Cannot start a replacement for EMR cluster " + gone.clusterId() + ": RunJobFlow failed with "
                        + EmrStepSubmitter.describe(e) + " (" + released + ")",
                e);
    }

    /** A 5xx or I/O error may hide a started cluster: the claim stays until stale, then the take-over looks. */
    private StepSubmissionException keptAfter(ClusterRecord gone, SdkException e) {
        return new StepSubmissionException(
                "Cannot tell whether RunJobFlow started a replacement for EMR cluster " + gone.clusterId()
                        + ": it failed with " + EmrStepSubmitter.describe(e)
                        + "; the replacement claim is kept, and a delivery after "
                        + staleAfter + " looks for the cluster by name before starting one",
                e);
    }

    private boolean isAlive(String clusterId) {
        try {
            ClusterState state = emr.describeCluster(b -> b.clusterId(clusterId))
                    .cluster()
                    .status()
                    .state();
            return ALIVE.contains(state);
        } catch (AwsServiceException e) {
            if ("InvalidRequestException".equals(code(e))) {
                return false; // EMR no longer knows the id: gone as well
            }
            throw new StepSubmissionException(
                    "Cannot check EMR cluster " + clusterId + ": DescribeCluster failed with "
                            + EmrStepSubmitter.describe(e),
                    e);
        } catch (SdkException e) {
            throw new StepSubmissionException(
                    "Cannot check EMR cluster " + clusterId + ": DescribeCluster failed with "
                            + EmrStepSubmitter.describe(e),
                    e);
        }
    }

    /** A cluster of ours that an abandoned replacement may have started. */
    private Optional<String> startedSince(Instant claimedAt) {
        try {
            return emr
                    .listClustersPaginator(
                            b -> b.createdAfter(claimedAt.minus(SKEW)).clusterStates(ALIVE))
                    .clusters()
                    .stream()
                    .filter(c -> spec.name().equals(c.name()))
                    .map(ClusterSummary::id)
                    .findFirst();
        } catch (SdkException e) {
            throw new StepSubmissionException(
                    "Cannot look for a cluster started by an abandoned replacement: ListClusters failed with "
                            + EmrStepSubmitter.describe(e),
                    e);
        }
    }

    private boolean isStale(ClusterRecord state) {
        return state.replacingSince().plus(staleAfter).isBefore(clock.instant());
    }

    private static String code(AwsServiceException e) {
        return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    }
}
