package dev.xlake.s3;

import java.util.Map;
import java.util.Optional;

/**
 * An {@link ObjectStore} that passes every call on to another one; subclasses override only the
 * calls they intercept, e.g. to inject a crash before a write.
 */
public abstract class ForwardingObjectStore implements ObjectStore {

    private final ObjectStore delegate;

    protected ForwardingObjectStore(ObjectStore delegate) {
        this.delegate = delegate;
    }

    @Override
    public String bucket() {
        return delegate.bucket();
    }

    @Override
    public Optional<StoredObject> get(String key) {
        return delegate.get(key);
    }

    @Override
    public String putIfAbsent(String key, byte[] content, String contentType, Map<String, String> metadata) {
        return delegate.putIfAbsent(key, content, contentType, metadata);
    }

    @Override
    public String replaceIfMatch(
            String key, byte[] content, String contentType, Map<String, String> metadata, String expectedEtag) {
        return delegate.replaceIfMatch(key, content, contentType, metadata, expectedEtag);
    }

    @Override
    public void deleteIfMatch(String key, String expectedEtag) {
        delegate.deleteIfMatch(key, expectedEtag);
    }
}
