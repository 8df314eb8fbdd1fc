package dev.xlake.s3;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * {@link ObjectStore} in memory with S3's conditional-write semantics, plus crash injection: a
 * put whose key matches a predicate can be made to fail, as if the invocation died right there.
 */
public final class InMemoryObjectStore implements ObjectStore {

    private final String bucket;
    private final TreeMap<String, StoredObject> objects = new TreeMap<>();
    private final List<String> putLog = new ArrayList<>();
    private long etagCounter;
    private Predicate<String> crashBeforePut = key -> false;

    public InMemoryObjectStore(String bucket) {
        this.bucket = bucket;
    }

    /** Thrown by a put that was told to crash. */
    public static final class SimulatedCrash extends RuntimeException {
        public SimulatedCrash(String key) {
            super("simulated crash before writing " + key);
        }
    }

    /** The {@code n}-th (1-based) put from now on whose key matches fails; later ones succeed. */
    public synchronized void crashOnPut(Predicate<String> keyMatches, int n) {
        int[] seen = {0};
        crashBeforePut = key -> keyMatches.test(key) && ++seen[0] == n;
    }

    /** Runs {@code action} (e.g. another writer's put) once, just before the next put matching. */
    public synchronized void interfereBeforePut(Predicate<String> keyMatches, Runnable action) {
        Predicate<String> previous = crashBeforePut;
        boolean[] done = {false};
        crashBeforePut = key -> {
            if (!done[0] && keyMatches.test(key)) {
                done[0] = true;
                action.run();
            }
            return previous.test(key);
        };
    }

    @Override
    public String bucket() {
        return bucket;
    }

    @Override
    public synchronized Optional<StoredObject> get(String key) {
        return Optional.ofNullable(objects.get(key));
    }

    @Override
    public synchronized String putIfAbsent(
            String key, byte[] content, String contentType, Map<String, String> metadata) {
        StoredObject existing = objects.get(key);
        if (existing != null) {
            if (Arrays.equals(existing.content(), content)) {
                return existing.etag();
            }
            throw new ObjectConflictException("Cannot write " + key + ": it already exists");
        }
        return write(key, content, contentType, metadata);
    }

    @Override
    public synchronized String replaceIfMatch(
            String key, byte[] content, String contentType, Map<String, String> metadata, String expectedEtag) {
        StoredObject existing = objects.get(key);
        if (existing == null || !existing.etag().equals(expectedEtag)) {
            throw new ObjectConflictException("Cannot write " + key + ": it changed since ETag " + expectedEtag);
        }
        return write(key, content, contentType, metadata);
    }

    @Override
    public synchronized void deleteIfMatch(String key, String expectedEtag) {
        StoredObject existing = objects.get(key);
        if (existing == null) {
            return;
        }
        if (!existing.etag().equals(expectedEtag)) {
            throw new ObjectConflictException("Cannot delete " + key + ": it changed since ETag " + expectedEtag);
        }
        objects.remove(key);
    }

    private String write(String key, byte[] content, String contentType, Map<String, String> metadata) {
        if (crashBeforePut.test(key)) {
            throw new SimulatedCrash(key);
        }
        String etag = "\"" + (++etagCounter) + "\"";
        objects.put(key, new StoredObject(content.clone(), etag, contentType, metadata));
        putLog.add(key);
        return etag;
    }

    public synchronized List<String> keys(String prefix) {
        return objects.keySet().stream().filter(k -> k.startsWith(prefix)).toList();
    }

    /** Every successful put, in order (a key twice means it was overwritten). */
    public synchronized List<String> putLog() {
        return List.copyOf(putLog);
    }

    /** Replaces an object unconditionally, as another writer would. */
    public synchronized void overwrite(String key, byte[] content) {
        write(key, content, "application/octet-stream", Map.of());
    }
}
