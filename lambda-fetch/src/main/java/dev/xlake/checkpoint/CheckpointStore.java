package dev.xlake.checkpoint;

import dev.xlake.core.layout.RawKeys;
import dev.xlake.s3.ObjectStore;
import dev.xlake.s3.VersionedJson;
import dev.xlake.s3.VersionedJson.Versioned;

/**
 * Reads and writes checkpoints with optimistic concurrency: every save names the ETag it read, so
 * two overlapping invocations cannot silently overwrite each other's progress.
 */
public final class CheckpointStore {

    private final VersionedJson<Checkpoint> documents;

    public CheckpointStore(ObjectStore store) {
        this.documents = new VersionedJson<>(store, Checkpoint.class, "checkpoint", Checkpoint.FORMAT);
    }

    /** The query's checkpoint with the ETag it was read at; a new one, with a {@code null} ETag, if none is stored. */
    public Versioned<Checkpoint> load(String queryName, String query) {
        return documents
                .load(RawKeys.checkpoint(queryName))
                .orElseGet(() -> new Versioned<>(Checkpoint.initial(queryName, query), null));
    }

    /** @return the checkpoint as now stored, with its new ETag */
    public Versioned<Checkpoint> save(Checkpoint checkpoint, String expectedEtag) {
        return documents.save(RawKeys.checkpoint(checkpoint.queryName()), checkpoint, expectedEtag);
    }
}
