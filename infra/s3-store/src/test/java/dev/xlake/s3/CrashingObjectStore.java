package dev.xlake.s3;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/** Wraps a real store; the n-th put matching a key predicate dies as if the Lambda was killed. */
public final class CrashingObjectStore extends ForwardingObjectStore {

    private final Predicate<String> keyMatches;
    private final int crashAt;
    private final AtomicInteger seen = new AtomicInteger();

    public CrashingObjectStore(ObjectStore delegate, Predicate<String> keyMatches, int crashAt) {
        super(delegate);
        this.keyMatches = keyMatches;
        this.crashAt = crashAt;
    }

    @Override
    public String putIfAbsent(String key, byte[] content, String contentType, Map<String, String> metadata) {
        maybeCrash(key);
        return super.putIfAbsent(key, content, contentType, metadata);
    }

    @Override
    public String replaceIfMatch(
            String key, byte[] content, String contentType, Map<String, String> metadata, String expectedEtag) {
        maybeCrash(key);
        return super.replaceIfMatch(key, content, contentType, metadata, expectedEtag);
    }

    private void maybeCrash(String key) {
        if (keyMatches.test(key) && seen.incrementAndGet() == crashAt) {
            throw new InMemoryObjectStore.SimulatedCrash(key);
        }
    }
}
