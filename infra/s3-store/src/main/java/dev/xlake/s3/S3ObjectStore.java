package dev.xlake.s3;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * {@link ObjectStore} on S3 (or any S3-compatible endpoint) through SDK v2.
 *
 * <p>A conditional PUT can be applied by the server while the connection drops before the
 * answer arrives; the SDK then retries and the retry sees 412 against the object the first
 * attempt wrote (S3Proxy 4.1 with the url-connection client was seen to drop a PUT's connection
 * after applying it). On 412 we therefore read the object back: if it holds exactly our bytes, our
 * own earlier attempt won and the write succeeded. The same check runs when the SDK gives up with
 * a client-side I/O error: S3Proxy answers a failed precondition before reading the request body,
 * which the url-connection client reports as "Error writing request body to server" instead of
 * the 412. A conditional DELETE gets the same treatment: a 412 or an I/O error after which the
 * object is gone means the delete (ours, or its retried twin) landed.
 */
public final class S3ObjectStore implements ObjectStore {

    private static final Logger LOG = LoggerFactory.getLogger(S3ObjectStore.class);

    private final S3Client s3;
    private final String bucket;

    public S3ObjectStore(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    @Override
    public String bucket() {
        return bucket;
    }

    @Override
    public Optional<StoredObject> get(String key) {
        try {
            ResponseBytes<GetObjectResponse> bytes =
                    s3.getObjectAsBytes(r -> r.bucket(bucket).key(key));
            GetObjectResponse response = bytes.response();
            return Optional.of(new StoredObject(
                    bytes.asByteArray(), response.eTag(), response.contentType(), response.metadata()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    @Override
    public String putIfAbsent(String key, byte[] content, String contentType, Map<String, String> metadata) {
        return conditionalPut(key, content, contentType, metadata, r -> r.ifNoneMatch("*"), null, "it already exists");
    }

    @Override
    public String replaceIfMatch(
            String key, byte[] content, String contentType, Map<String, String> metadata, String expectedEtag) {
        return conditionalPut(
                key,
                content,
                contentType,
                metadata,
                r -> r.ifMatch(expectedEtag),
                expectedEtag,
                "it changed since ETag " + expectedEtag);
    }

    @Override
    public void deleteIfMatch(String key, String expectedEtag) {
        try {
            s3.deleteObject(r -> r.bucket(bucket).key(key).ifMatch(expectedEtag));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return;
            }
            if (e.statusCode() != 412 && e.statusCode() != 409) {
                throw e;
            }
            if (get(key).isEmpty()) {
                LOG.debug(
                        "Conditional delete of s3://{}/{} failed (HTTP {}) but the object is gone",
                        bucket,
                        key,
                        e.statusCode());
                return;
            }
            throw new ObjectConflictException("Cannot delete s3://" + bucket + "/" + key + ": it changed since ETag "
                    + expectedEtag + " (HTTP " + e.statusCode() + ")");
        } catch (SdkClientException e) {
            Optional<StoredObject> current = get(key);
            if (current.isEmpty()) {
                LOG.debug(
                        "Conditional delete of s3://{}/{} failed ({}) but the object is gone",
                        bucket,
                        key,
                        e.getClass().getSimpleName());
                return;
            }
            if (!expectedEtag.equals(current.get().etag())) {
                ObjectConflictException conflict = new ObjectConflictException(
                        "Cannot delete s3://" + bucket + "/" + key + ": it changed since ETag " + expectedEtag);
                conflict.initCause(e);
                throw conflict;
            }
            throw e;
        }
    }

    private String conditionalPut(
            String key,
            byte[] content,
            String contentType,
            Map<String, String> metadata,
            Consumer<PutObjectRequest.Builder> condition,
            String expectedEtag,
            String conflict) {
        PutObjectRequest.Builder request = PutObjectRequest.builder()
                .bucket(bucket)
                .key(key)
                .contentType(contentType)
                .metadata(metadata);
        condition.accept(request);
        try {
            return s3.putObject(request.build(), RequestBody.fromBytes(content)).eTag();
        } catch (S3Exception e) {
            if (e.statusCode() != 412 && e.statusCode() != 409) {
                throw e;
            }
            Optional<StoredObject> current = get(key);
            if (holds(current, content)) {
                return ownEarlierAttempt(key, current.get(), "HTTP " + e.statusCode());
            }
            throw new ObjectConflictException(
                    "Cannot write s3://" + bucket + "/" + key + ": " + conflict + " (HTTP " + e.statusCode() + ")");
        } catch (SdkClientException e) {
            Optional<StoredObject> current = get(key);
            if (holds(current, content)) {
                return ownEarlierAttempt(key, current.get(), e.getClass().getSimpleName());
            }
            boolean preconditionFails = expectedEtag == null
                    ? current.isPresent()
                    : current.isEmpty() || !expectedEtag.equals(current.get().etag());
            if (preconditionFails) {
                // What the server refused before reading our body: the condition, as a read confirms.
                ObjectConflictException conflictException =
                        new ObjectConflictException("Cannot write s3://" + bucket + "/" + key + ": " + conflict);
                conflictException.initCause(e);
                throw conflictException;
            }
            throw e;
        }
    }

    private static boolean holds(Optional<StoredObject> current, byte[] content) {
        return current.isPresent() && Arrays.equals(current.get().content(), content);
    }

    private String ownEarlierAttempt(String key, StoredObject current, String failure) {
        LOG.debug(
                "Conditional write of s3://{}/{} failed ({}) but the object holds our bytes: "
                        + "an earlier attempt of this write succeeded",
                bucket,
                key,
                failure);
        return current.etag();
    }
}
