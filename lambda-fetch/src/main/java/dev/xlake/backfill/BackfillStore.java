package dev.xlake.backfill;

import dev.xlake.core.layout.RawKeys;
import dev.xlake.s3.ObjectStore;
import dev.xlake.s3.VersionedJson;
import dev.xlake.s3.VersionedJson.Versioned;
import java.util.Optional;

/**
 * Reads and writes backfill jobs with optimistic concurrency (the ETag read guards every write),
 * as {@code CheckpointStore} does for recent-search checkpoints: two invocations continuing the
 * same backfill cannot overwrite each other's progress; the loser fails.
 */
public final class BackfillStore {

    private final VersionedJson<BackfillJob> documents;

    public BackfillStore(ObjectStore store) {
        this.documents = new VersionedJson<>(store, BackfillJob.class, "backfill job", BackfillJob.FORMAT);
    }

    /** The query's job with the ETag it was read at, or empty if it has none. */
    public Optional<Versioned<BackfillJob>> load(String queryName) {
        return documents.load(RawKeys.backfill(queryName));
    }

    /**
     * @param expectedEtag the ETag read, or null to create the job (fails if one exists)
     * @return the job as now stored, with its new ETag
     */
    public Versioned<BackfillJob> save(BackfillJob job, String expectedEtag) {
        return documents.save(RawKeys.backfill(job.queryName()), job, expectedEtag);
    }
}
