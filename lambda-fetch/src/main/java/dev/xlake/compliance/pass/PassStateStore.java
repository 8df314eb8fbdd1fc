package dev.xlake.compliance.pass;

import dev.xlake.core.compliance.ComplianceKeys;
import dev.xlake.core.json.Json;
import dev.xlake.s3.ObjectStore;
import dev.xlake.s3.StoredObject;
import java.util.Map;
import java.util.Optional;

/**
 * {@code state/x/compliance/current.json} with optimistic concurrency, as the checkpoints: every
 * save names the ETag it read, so two overlapping invocations cannot both advance the pass (the
 * loser's write fails with {@link dev.xlake.s3.ObjectConflictException}).
 */
public final class PassStateStore {

    private final ObjectStore store;

    public PassStateStore(ObjectStore store) {
        this.store = store;
    }

    /** A state with the ETag it was read at. */
    public record Versioned(PassState state, String etag) {}

    public Optional<Versioned> load() {
        return store.get(ComplianceKeys.CURRENT)
                .map(stored -> new Versioned(
                        Json.read(
                                stored.content(),
                                PassState.class,
                                "compliance state s3://" + store.bucket() + "/" + ComplianceKeys.CURRENT),
                        stored.etag()));
    }

    /** @param expectedEtag the ETag read, null when there was no state */
    public Versioned save(PassState state, String expectedEtag) {
        byte[] bytes = Json.toPrettyBytes(state);
        String etag = expectedEtag == null
                ? store.putIfAbsent(ComplianceKeys.CURRENT, bytes, "application/json", Map.of())
                : store.replaceIfMatch(ComplianceKeys.CURRENT, bytes, "application/json", Map.of(), expectedEtag);
        return new Versioned(state, etag);
    }

    /** Reads an object of the pass (ids, records). */
    Optional<StoredObject> get(String key) {
        return store.get(key);
    }
}
