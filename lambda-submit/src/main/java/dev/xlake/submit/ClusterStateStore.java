package dev.xlake.submit;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.xlake.core.layout.RawKeys;
import dev.xlake.s3.ObjectConflictException;
import dev.xlake.s3.ObjectStore;
import java.util.Map;
import java.util.Optional;

/**
 * {@link ClusterRecord} in one S3 object, written only conditionally (create if absent, replace if
 * the ETag still matches) so that of two deliveries that find the cluster gone only one starts a
 * replacement. Chosen over an SSM parameter because S3 offers exactly this compare-and-set (SSM's
 * {@code PutParameter} has none) and the submit claims already use it in the same bucket.
 */
public final class ClusterStateStore {

    /** A state as stored, with the version to pass to the next conditional write. */
    public record Stored(ClusterRecord state, String version) {}

    private final ObjectStore objects;
    private final ObjectMapper json = new ObjectMapper();

    public ClusterStateStore(ObjectStore objects) {
        this.objects = objects;
    }

    public Optional<Stored> read() {
        return objects.get(RawKeys.CLUSTER_STATE)
                .map(object -> new Stored(ClusterRecord.fromJson(json, object.content()), object.etag()));
    }

    /** Writes the state if there is none; the new version, or empty if one exists. */
    public Optional<String> createIfAbsent(ClusterRecord state) {
        try {
            return Optional.of(
                    objects.putIfAbsent(RawKeys.CLUSTER_STATE, state.toJson(json), "application/json", Map.of()));
        } catch (ObjectConflictException e) {
            return Optional.empty();
        }
    }

    /** Replaces the state if it is still at {@code expectedVersion}; the new version, or empty. */
    public Optional<String> replaceIfMatch(ClusterRecord state, String expectedVersion) {
        try {
            return Optional.of(objects.replaceIfMatch(
                    RawKeys.CLUSTER_STATE, state.toJson(json), "application/json", Map.of(), expectedVersion));
        } catch (ObjectConflictException e) {
            return Optional.empty();
        }
    }
}
