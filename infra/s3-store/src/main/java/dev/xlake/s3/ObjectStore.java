package dev.xlake.s3;

import java.util.Map;
import java.util.Optional;

/**
 * The few object-storage operations the Lambdas need, all against one bucket. Writes are
 * conditional so that "no page stored twice", "checkpoint not overwritten by a concurrent
 * invocation" and "one submit claim per run" are enforced by the store, not just hoped for.
 */
public interface ObjectStore {

    /** The bucket every key is relative to (used in messages and manifests). */
    String bucket();

    Optional<StoredObject> get(String key);

    /**
     * Creates {@code key} only if it does not exist ({@code If-None-Match: *}).
     *
     * @return the new object's ETag
     * @throws ObjectConflictException if the key exists with different content
     */
    String putIfAbsent(String key, byte[] content, String contentType, Map<String, String> metadata);

    /**
     * Replaces {@code key} only if its ETag is still {@code expectedEtag} ({@code If-Match}).
     *
     * @return the new object's ETag
     * @throws ObjectConflictException if someone else changed or deleted the object meanwhile
     */
    String replaceIfMatch(
            String key, byte[] content, String contentType, Map<String, String> metadata, String expectedEtag);

    /**
     * Deletes {@code key} only if its ETag is still {@code expectedEtag} ({@code If-Match}). Returns
     * once the object is gone, including when it already was (an earlier attempt of this delete
     * whose answer was lost looks the same).
     *
     * @throws ObjectConflictException if the object is there with another ETag
     */
    void deleteIfMatch(String key, String expectedEtag);
}
