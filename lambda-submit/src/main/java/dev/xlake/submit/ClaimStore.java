package dev.xlake.submit;

import java.util.Optional;

/**
 * Compare-and-set storage for submit claims, one per run id.
 *
 * <p>Each write states what it expects (absent, or a given version), so two submitters can never
 * both believe they own a run. Versions are opaque strings (S3 ETags).
 */
public interface ClaimStore {

    /** A claim as stored, with the version to pass to the next conditional write. */
    record StoredClaim(ClaimRecord claim, String version) {}

    /** Writes the claim if no claim exists for its run; returns the new version, or empty if one exists. */
    Optional<String> createIfAbsent(ClaimRecord claim);

    Optional<StoredClaim> read(String runId);

    /** Replaces the claim if it is still at {@code expectedVersion}; returns the new version, or empty. */
    Optional<String> replaceIfMatch(ClaimRecord claim, String expectedVersion);

    /** Where the claim of {@code id} lives, for messages. */
    default String location(String id) {
        return "claim " + id;
    }

    /** Deletes the claim if it is still at {@code expectedVersion}; false if it changed meanwhile. */
    boolean deleteIfMatch(String runId, String expectedVersion);
}
