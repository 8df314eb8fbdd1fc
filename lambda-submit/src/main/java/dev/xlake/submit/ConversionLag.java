package dev.xlake.submit;

import dev.xlake.core.layout.RawKeys;
import dev.xlake.core.layout.RunIds;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.services.emr.EmrClient;
import software.amazon.awssdk.services.emr.model.ClusterTimeline;
import software.amazon.awssdk.services.emr.model.StepState;
import software.amazon.awssdk.services.emr.model.StepSummary;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * How long the oldest run manifest not yet converted has waited: the metric the stack alarms on
 * when conversions stop succeeding, whatever the cause (failing steps, a cluster that cannot start,
 * a converter bug).
 *
 * <p>Every conversion also converts every manifest of the catch-up window not yet in the tables'
 * ledger, so a convert step that completed converted every manifest written before it started.
 * The oldest unconverted manifest is therefore in the oldest tick written since the newest completed
 * step started ({@code ListSteps} on the current and the replaced cluster; none yet: since the
 * current cluster was created). Tick keys sort by time, so one {@code ListObjectsV2} starting after
 * that moment finds it. The lag is an upper bound: that tick's manifests may have been converted
 * by a step still running.
 */
public final class ConversionLag {

    private final EmrClient emr;
    private final Supplier<List<String>> clusters;
    private final S3Client s3;
    private final String bucket;
    private final InstantSource clock;

    /**
     * @param clusters the current cluster first, then the one it replaced if any
     */
    public ConversionLag(
            EmrClient emr, Supplier<List<String>> clusters, S3Client s3, String bucket, InstantSource clock) {
        this.emr = emr;
        this.clusters = clusters;
        this.s3 = s3;
        this.bucket = bucket;
        this.clock = clock;
    }

    /** The clusters as {@link ReplacingCluster} or a fixed id know them. */
    public static Supplier<List<String>> clustersOf(ConverterClusters clusters, ClusterStateStore states) {
        return () -> {
            List<String> ids = new ArrayList<>(List.of(clusters.current()));
            states.read()
                    .map(s -> s.state().previousClusterId())
                    .filter(Objects::nonNull)
                    .ifPresent(ids::add);
            return ids;
        };
    }

    /** The lag now; zero when no tick has been written since the last completed conversion. */
    public Duration measure() {
        List<String> ids = clusters.get();
        Instant convertedBefore = ids.stream()
                .map(this::newestCompletedStart)
                .flatMap(Optional::stream)
                .max(Instant::compareTo)
                .orElseGet(() -> created(ids.get(0)));
        String startAfter = RawKeys.tick(RunIds.format(convertedBefore, 0));
        Optional<Instant> oldestWaiting = s3
                .listObjectsV2(b -> b.bucket(bucket)
                        .prefix(RawKeys.TICKS_PREFIX)
                        .startAfter(startAfter)
                        .maxKeys(1))
                .contents()
                .stream()
                .map(S3Object::key)
                .map(RawKeys::parseTick)
                .flatMap(Optional::stream)
                .map(RunIds::startOf)
                .findFirst();
        Instant now = clock.instant();
        return oldestWaiting
                .map(tick -> Duration.between(tick, now))
                .filter(d -> !d.isNegative())
                .orElse(Duration.ZERO);
    }

    private Optional<Instant> newestCompletedStart(String clusterId) {
        // Newest first; the first page (50) reaches well past the last completed conversion.
        return emr.listSteps(b -> b.clusterId(clusterId).stepStates(StepState.COMPLETED)).steps().stream()
                .filter(step -> step.name() != null && step.name().startsWith(ConvertStep.NAME_PREFIX))
                .map(StepSummary::status)
                .map(status ->
                        status.timeline() == null ? null : status.timeline().startDateTime())
                .filter(Objects::nonNull)
                .max(Instant::compareTo);
    }

    /** When the cluster was created; the epoch if EMR does not say, so every tick counts as waiting. */
    private Instant created(String clusterId) {
        ClusterTimeline timeline = emr.describeCluster(b -> b.clusterId(clusterId))
                .cluster()
                .status()
                .timeline();
        return timeline == null || timeline.creationDateTime() == null ? Instant.EPOCH : timeline.creationDateTime();
    }
}
