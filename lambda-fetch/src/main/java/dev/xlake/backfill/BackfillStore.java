package dev.xlake.backfill;

import dev.xlake.core.layout.RawKeys;
import dev.xlake.s3.ObjectStore;
import dev.xlake.s3.VersionedJson;
import java.util.Optional;

/**
 * Reads and writes backfill jobs with optimistic concurrency (the ETag read guards every write),
 * as {@code CheckpointStore} does for recent-search checkpoints: two invocations continuing the
 * same backfill cannot overwrite each other's progress; the loser fails.
 */
public final class BackfillStore {

    private final VersionedJson<BackfillJob> documents;

    public BackfillStore(ObjectStore store) {
        this.documents = new VersionedJson<>(
                store,
                BackfillJob.class,
                "backfill job",
                "backfill_version",
                BackfillJob::backfillVersion,
                BackfillJob.VERSION);
    }

    /** A job with the ETag it was read at. */
    public record Versioned(BackfillJob job, String etag) {}

    public Optional<Versioned> load(String queryName) {
        return documents.load(RawKeys.backfill(queryName)).map(stored -> new Versioned(stored.value(), stored.etag()));
    }

    /**
     * @param expectedEtag the ETag read, or null to create the job (fails if one exists)
     * @return the job as now stored, with its new ETag
     */
    public Versioned save(BackfillJob job, String expectedEtag) {
        VersionedJson.Versioned<BackfillJob> saved =
                documents.save(RawKeys.backfill(job.queryName()), job, expectedEtag);
        return new Versioned(saved.value(), saved.etag());
    }
}
