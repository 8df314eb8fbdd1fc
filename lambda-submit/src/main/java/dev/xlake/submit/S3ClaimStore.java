package dev.xlake.submit;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.xlake.core.layout.RawKeys;
import dev.xlake.s3.ObjectConflictException;
import dev.xlake.s3.ObjectStore;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Claims as objects {@code state/submit/tick=<tickId>.json} ({@link RawKeys#tickClaim}) or
 * {@code state/submit/run=<runId>.json} ({@link RawKeys#claim}) in the
 * conditional-write {@link ObjectStore}: create if absent, replace or delete if the ETag still
 * matches.
 *
 * <p>The store already tells a retried write whose first attempt landed (a 412, 409 or I/O error
 * over an object holding exactly our bytes) from somebody else's write. Every claim carries a
 * random token, so "exactly our bytes" means "our own claim".
 */
public final class S3ClaimStore implements ClaimStore {

    private static final String CONTENT_TYPE = "application/json";

    private final ObjectStore objects;
    private final UnaryOperator<String> keyOf;
    private final ObjectMapper json = new ObjectMapper();

    /** Claims per run ({@code xlake local}): {@code state/submit/run=<runId>.json}. */
    public S3ClaimStore(ObjectStore objects) {
        this(objects, RawKeys::claim);
    }

    private S3ClaimStore(ObjectStore objects, UnaryOperator<String> keyOf) {
        this.objects = objects;
        this.keyOf = keyOf;
    }

    /** Claims per tick (the submit Lambda): {@code state/submit/tick=<tickId>.json}. */
    public static S3ClaimStore forTicks(ObjectStore objects) {
        return new S3ClaimStore(objects, RawKeys::tickClaim);
    }

    @Override
    public String location(String id) {
        return keyOf.apply(id);
    }

    @Override
    public Optional<String> createIfAbsent(ClaimRecord claim) {
        try {
            return Optional.of(
                    objects.putIfAbsent(keyOf.apply(claim.runId()), claim.toJson(json), CONTENT_TYPE, Map.of()));
        } catch (ObjectConflictException e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<String> replaceIfMatch(ClaimRecord claim, String expectedVersion) {
        try {
            return Optional.of(objects.replaceIfMatch(
                    keyOf.apply(claim.runId()), claim.toJson(json), CONTENT_TYPE, Map.of(), expectedVersion));
        } catch (ObjectConflictException e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<StoredClaim> read(String runId) {
        return objects.get(keyOf.apply(runId))
                .map(object -> new StoredClaim(ClaimRecord.fromJson(json, object.content(), runId), object.etag()));
    }

    @Override
    public boolean deleteIfMatch(String runId, String expectedVersion) {
        try {
            objects.deleteIfMatch(keyOf.apply(runId), expectedVersion);
            return true;
        } catch (ObjectConflictException e) {
            return false;
        }
    }
}
