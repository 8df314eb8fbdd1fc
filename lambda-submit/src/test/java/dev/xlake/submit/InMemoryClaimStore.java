package dev.xlake.submit;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** A {@link ClaimStore} in a map with the same compare-and-set rules as S3's conditional requests. */
public class InMemoryClaimStore implements ClaimStore {

    private final Map<String, StoredClaim> claims = new HashMap<>();
    private long versions;

    @Override
    public synchronized Optional<String> createIfAbsent(ClaimRecord claim) {
        if (claims.containsKey(claim.runId())) {
            return Optional.empty();
        }
        return Optional.of(store(claim));
    }

    @Override
    public synchronized Optional<StoredClaim> read(String runId) {
        return Optional.ofNullable(claims.get(runId));
    }

    @Override
    public synchronized Optional<String> replaceIfMatch(ClaimRecord claim, String expectedVersion) {
        StoredClaim current = claims.get(claim.runId());
        if (current == null || !current.version().equals(expectedVersion)) {
            return Optional.empty();
        }
        return Optional.of(store(claim));
    }

    @Override
    public synchronized boolean deleteIfMatch(String runId, String expectedVersion) {
        StoredClaim current = claims.get(runId);
        if (current == null) {
            return true;
        }
        if (!current.version().equals(expectedVersion)) {
            return false;
        }
        claims.remove(runId);
        return true;
    }

    public synchronized int size() {
        return claims.size();
    }

    private String store(ClaimRecord claim) {
        String version = "\"v" + (++versions) + "\"";
        claims.put(claim.runId(), new StoredClaim(claim, version));
        return version;
    }
}
