package dev.xlake.fetch;

import dev.xlake.core.json.Timestamps;
import dev.xlake.core.layout.RawKeys;
import dev.xlake.core.layout.RunIds;
import dev.xlake.core.manifest.Tick;
import dev.xlake.s3.ObjectStore;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the tick object of one fetch invocation: the manifests all its queries wrote, under
 * {@code raw/x/ticks/}. The submit function is notified of tick objects only, so one invocation
 * leads to at most one EMR step (docs/submit.md). An invocation that wrote no manifest writes no
 * tick. The per-run manifests stay as they are: the tick only lists them.
 */
final class TickWriter {

    private static final Logger LOG = LoggerFactory.getLogger(TickWriter.class);

    private final ObjectStore store;
    private final InstantSource clock;
    private final RunIds.Factory tickIds;

    TickWriter(ObjectStore store, InstantSource clock, RunIds.Factory tickIds) {
        this.store = store;
        this.clock = clock;
        this.tickIds = tickIds;
    }

    /**
     * Writes the tick listing every manifest of {@code queries}, then of {@code backfills}
     * (interrupted runs' manifests first); returns its key, or empty when there was none.
     *
     * @throws RuntimeException if S3 refused the write: the manifests are stored, and the next
     *     tick's conversion catches them up
     */
    Optional<String> write(List<QuerySummary> queries, List<BackfillSummary> backfills) {
        List<String> manifests = new ArrayList<>();
        for (QuerySummary query : queries) {
            manifests.add(query.interruptedManifestKey());
            manifests.add(query.manifestKey());
        }
        for (BackfillSummary backfill : backfills) {
            manifests.add(backfill.interruptedManifestKey());
            manifests.add(backfill.manifestKey());
        }
        manifests.removeIf(Objects::isNull);
        if (manifests.isEmpty()) {
            return Optional.empty();
        }
        String tickId = tickIds.newRunId(clock.instant());
        Tick tick = new Tick(tickId, Timestamps.iso(clock.instant()), manifests);
        String key = RawKeys.tick(tickId);
        store.putIfAbsent(key, tick.toJson(), "application/json", Map.of());
        LOG.info("Wrote tick {} listing {} manifests", key, manifests.size());
        return Optional.of(key);
    }
}
