package dev.xlake.s3;

import dev.xlake.core.json.Json;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToIntFunction;

/**
 * JSON documents of one type (checkpoints, spend ledgers, backfill jobs) kept in an {@link
 * ObjectStore} with optimistic concurrency: every read returns the document's ETag and every write
 * names the ETag it read (or creates the document only if absent), so two overlapping writers
 * cannot silently overwrite each other; the loser gets an {@link ObjectConflictException}.
 *
 * @param what names the document in messages, e.g. {@code checkpoint}
 * @param version the document's format version, kept by its type beside its version number
 * @param <T> the document's type, read and written with {@link Json}
 */
public record VersionedJson<T>(ObjectStore store, Class<T> type, String what, FormatVersion<T> version) {

    /**
     * The format version a document carries.
     *
     * @param field the document's field that holds it, e.g. {@code checkpoint_version}
     * @param of reads it from a document
     * @param supported the only format version this code reads
     */
    public record FormatVersion<T>(String field, ToIntFunction<T> of, int supported) {}

    /** A document with the ETag it was read or written at. */
    public record Versioned<T>(T value, String etag) {}

    /** The document at {@code key}, or empty if there is none; a document of another format version is refused. */
    public Optional<Versioned<T>> load(String key) {
        Optional<StoredObject> stored = store.get(key);
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        String location = what + " s3://" + store.bucket() + "/" + key;
        T value = Json.read(stored.get().content(), type, location);
        int found = version.of().applyAsInt(value);
        if (found != version.supported()) {
            throw new IllegalStateException(
                    "Cannot read " + location + ": unsupported " + version.field() + " " + found);
        }
        return Optional.of(new Versioned<>(value, stored.get().etag()));
    }

    /**
     * @param expectedEtag the ETag read, or null to create the document (fails if one exists)
     * @return the document as now stored, with its new ETag
     * @throws ObjectConflictException if another writer changed or created it meanwhile
     */
    public Versioned<T> save(String key, T value, String expectedEtag) {
        byte[] bytes = Json.toPrettyBytes(value);
        String etag = expectedEtag == null
                ? store.putIfAbsent(key, bytes, "application/json", Map.of())
                : store.replaceIfMatch(key, bytes, "application/json", Map.of(), expectedEtag);
        return new Versioned<>(value, etag);
    }
}
