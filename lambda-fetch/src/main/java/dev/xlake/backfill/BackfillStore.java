package dev.xlake.backfill;

import dev.xlake.core.json.Json;
import dev.xlake.core.layout.RawKeys;
import dev.xlake.s3.ObjectStore;
import dev.xlake.s3.StoredObject;
import java.util.Map;
import java.util.Optional;

/**
 * Reads and writes backfill jobs with optimistic concurrency (the ETag read guards every write),
 * as {@code CheckpointStore} does for recent-search checkpoints: two invocations continuing the
 * same backfill cannot overwrite each other's progress; the loser fails.
 */
public final class BackfillStore {

    private final ObjectStore store;

    public BackfillStore(ObjectStore store) {
        this.store = store;
    }

    /** A job with the ETag it was read at. */
    public record Versioned(BackfillJob job, String etag) {}

    public Optional<Versioned> load(String queryName) {
        String key = RawKeys.backfill(queryName);
        Optional<StoredObject> stored = store.get(key);
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        BackfillJob job =
                Json.read(stored.get().content(), BackfillJob.class, "backfill job s3://" + store.bucket() + "/" + key);
        if (job.backfillVersion() != BackfillJob.VERSION) {
            throw new IllegalStateException("Cannot read backfill job s3://" + store.bucket() + "/" + key
                    + ": unsupported backfill_version " + job.backfillVersion());
        }
        return Optional.of(new Versioned(job, stored.get().etag()));
    }

    /**
     * @param expectedEtag the ETag read, or null to create the job (fails if one exists)
     * @return the job as now stored, with its new ETag
     */
    public Versioned save(BackfillJob job, String expectedEtag) {
        String key = RawKeys.backfill(job.queryName());
        byte[] bytes = Json.toPrettyBytes(job);
        String etag = expectedEtag == null
                ? store.putIfAbsent(key, bytes, "application/json", Map.of())
                : store.replaceIfMatch(key, bytes, "application/json", Map.of(), expectedEtag);
        return new Versioned(job, etag);
    }
}
