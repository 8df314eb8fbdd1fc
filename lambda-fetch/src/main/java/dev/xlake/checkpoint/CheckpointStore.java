package dev.xlake.checkpoint;

import dev.xlake.core.json.Json;
import dev.xlake.core.layout.RawKeys;
import dev.xlake.s3.ObjectStore;
import dev.xlake.s3.StoredObject;
import java.util.Map;
import java.util.Optional;

/**
 * Reads and writes checkpoints with optimistic concurrency: every save names the ETag it read, so
 * two overlapping invocations cannot silently overwrite each other's progress.
 */
public final class CheckpointStore {

    private final ObjectStore store;

    public CheckpointStore(ObjectStore store) {
        this.store = store;
    }

    /** A checkpoint with the ETag it was read at ({@code null}: not stored yet). */
    public record Versioned(Checkpoint checkpoint, String etag) {}

    public Versioned load(String queryName, String query) {
        String key = RawKeys.checkpoint(queryName);
        Optional<StoredObject> stored = store.get(key);
        if (stored.isEmpty()) {
            return new Versioned(Checkpoint.initial(queryName, query), null);
        }
        Checkpoint checkpoint =
                Json.read(stored.get().content(), Checkpoint.class, "checkpoint s3://" + store.bucket() + "/" + key);
        if (checkpoint.checkpointVersion() != Checkpoint.VERSION) {
            throw new IllegalStateException("Cannot read checkpoint s3://" + store.bucket() + "/" + key
                    + ": unsupported checkpoint_version " + checkpoint.checkpointVersion());
        }
        return new Versioned(checkpoint, stored.get().etag());
    }

    /** @return the checkpoint as now stored, with its new ETag */
    public Versioned save(Checkpoint checkpoint, String expectedEtag) {
        String key = RawKeys.checkpoint(checkpoint.queryName());
        byte[] bytes = Json.toPrettyBytes(checkpoint);
        String etag = expectedEtag == null
                ? store.putIfAbsent(key, bytes, "application/json", Map.of())
                : store.replaceIfMatch(key, bytes, "application/json", Map.of(), expectedEtag);
        return new Versioned(checkpoint, etag);
    }
}
