package dev.xlake.s3;

import java.util.Map;

/** An object as read back: content, ETag and user metadata (keys without {@code x-amz-meta-}). */
public record StoredObject(byte[] content, String etag, String contentType, Map<String, String> metadata) {

    public StoredObject {
        metadata = Map.copyOf(metadata);
    }
}
