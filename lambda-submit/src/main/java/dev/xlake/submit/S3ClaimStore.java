package dev.xlake.submit;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Claims as S3 objects {@code state/submit/run=<runId>.json}, guarded by S3 conditional requests:
 * {@code If-None-Match: *} to create, {@code If-Match: <etag>} to replace or delete.
 *
 * <p>A 412 after the SDK retried a request may mean our own first attempt was applied and only
 * its response was lost; the store then reads the object back and treats an identical claim
 * (same random token) as its own write.
 */
public final class S3ClaimStore implements ClaimStore {

    private static final Logger LOG = LoggerFactory.getLogger(S3ClaimStore.class);

    public static final String PREFIX = "state/submit/";

    private static final int PRECONDITION_FAILED = 412;
    /** S3 answers 409 when a conflicting conditional write is in flight: the other writer wins. */
    private static final int CONFLICT = 409;

    private static final int NOT_FOUND = 404;

    private final S3Client s3;
    private final String bucket;
    private final ObjectMapper json = new ObjectMapper();

    public S3ClaimStore(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    public static String key(String runId) {
        return PREFIX + "run=" + runId + ".json";
    }

    @Override
    public Optional<String> createIfAbsent(ClaimRecord claim) {
        return put(claim, b -> b.ifNoneMatch("*"));
    }

    @Override
    public Optional<String> replaceIfMatch(ClaimRecord claim, String expectedVersion) {
        return put(claim, b -> b.ifMatch(expectedVersion));
    }

    private Optional<String> put(ClaimRecord claim, Consumer<PutObjectRequest.Builder> condition) {
        PutObjectRequest.Builder request = PutObjectRequest.builder()
                .bucket(bucket)
                .key(key(claim.runId()))
                .contentType("application/json");
        condition.accept(request);
        try {
            return Optional.of(s3.putObject(request.build(), RequestBody.fromBytes(claim.toJson(json)))
                    .eTag());
        } catch (S3Exception e) {
            if (e.statusCode() == PRECONDITION_FAILED) {
                Optional<String> ownWrite = read(claim.runId())
                        .filter(stored -> stored.claim().equals(claim))
                        .map(StoredClaim::version);
                ownWrite.ifPresent(v -> LOG.info(
                        "Claim write for run {} answered 412 but had been applied" + " (a retried request)",
                        claim.runId()));
                return ownWrite;
            }
            if (e.statusCode() == CONFLICT) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public Optional<StoredClaim> read(String runId) {
        try {
            ResponseBytes<GetObjectResponse> object =
                    s3.getObjectAsBytes(b -> b.bucket(bucket).key(key(runId)));
            ClaimRecord claim = ClaimRecord.fromJson(json, object.asByteArray(), runId);
            return Optional.of(new StoredClaim(claim, object.response().eTag()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    @Override
    public boolean deleteIfMatch(String runId, String expectedVersion) {
        try {
            s3.deleteObject(b -> b.bucket(bucket).key(key(runId)).ifMatch(expectedVersion));
            return true;
        } catch (S3Exception e) {
            if (e.statusCode() == NOT_FOUND) {
                return true;
            }
            if (e.statusCode() == PRECONDITION_FAILED || e.statusCode() == CONFLICT) {
                return false;
            }
            throw e;
        }
    }
}
