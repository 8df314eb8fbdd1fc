package dev.xlake.checkpoint;

import dev.xlake.core.layout.RawKeys;
import dev.xlake.s3.ObjectStore;
import dev.xlake.s3.VersionedJson;

/**
 * Reads and writes checkpoints with optimistic concurrency: every save names the ETag it read, so
 * two overlapping invocations cannot silently overwrite each other's progress.
 */
public final class CheckpointStore {

    private final VersionedJson<Checkpoint> documents;

    public CheckpointStore(ObjectStore store) {
        this.documents = new VersionedJson<>(
                store,
                Checkpoint.class,
                "checkpoint",
                "checkpoint_version",
                Checkpoint::checkpointVersion,
                Checkpoint.VERSION);
    }

    /** A checkpoint with the ETag it was read at ({@code null}: not stored yet). */
    public record Versioned(Checkpoint checkpoint, String etag) {}

    public Versioned load(String queryName, String query) {
        return documents
                .load(RawKeys.checkpoint(queryName))
                .map(stored -> new Versioned(stored.value(), stored.etag()))
                .orElseGet(() -> new Versioned(Checkpoint.initial(queryName, query), null));
    }

    /** @return the checkpoint as now stored, with its new ETag */
    public Versioned save(Checkpoint checkpoint, String expectedEtag) {
        VersionedJson.Versioned<Checkpoint> saved =
                documents.save(RawKeys.checkpoint(checkpoint.queryName()), checkpoint, expectedEtag);
        return new Versioned(saved.value(), saved.etag());
    }
}
