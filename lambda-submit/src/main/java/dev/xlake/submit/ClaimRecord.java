package dev.xlake.submit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.xlake.core.layout.ManifestRef;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Objects;

/**
 * The content of a submit claim ({@code state/submit/tick=<tickId>.json}, or
 * {@code state/submit/run=<runId>.json} in {@code xlake local}). In a tick claim {@code runId}
 * holds the tick id and {@code manifestUri} the tick object.
 *
 * <p>{@code claimToken} is random per claim attempt: it tells "my own earlier write that the
 * client retried" apart from "somebody else's claim". A claim without {@code stepId} is in
 * progress (or abandoned, once older than the stale limit); with it, the run is done.
 *
 * @param takenOverFrom the token of the stale claim this one replaced, or null
 */
public record ClaimRecord(
        String runId,
        String manifestUri,
        String claimToken,
        Instant claimedAt,
        String stepId,
        Instant submittedAt,
        String takenOverFrom) {

    public static final int CLAIM_VERSION = 1;

    public ClaimRecord {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(manifestUri, "manifestUri");
        Objects.requireNonNull(claimToken, "claimToken");
        Objects.requireNonNull(claimedAt, "claimedAt");
    }

    public static ClaimRecord newClaim(ManifestRef manifest, String claimToken, Instant now) {
        return newClaim(manifest.runId(), manifest.uri(), claimToken, now);
    }

    /**
     * @param id the run id, or for a tick claim the tick id (stored as {@code run_id} either way)
     * @param sourceUri the object whose event started the submission: the run manifest or the tick
     */
    public static ClaimRecord newClaim(String id, String sourceUri, String claimToken, Instant now) {
        return new ClaimRecord(id, sourceUri, claimToken, now, null, null, null);
    }

    public boolean isSubmitted() {
        return stepId != null;
    }

    public ClaimRecord withStep(String newStepId, Instant at) {
        return new ClaimRecord(runId, manifestUri, claimToken, claimedAt, newStepId, at, takenOverFrom);
    }

    public ClaimRecord takingOver(ClaimRecord stale) {
        return new ClaimRecord(runId, manifestUri, claimToken, claimedAt, stepId, submittedAt, stale.claimToken());
    }

    public byte[] toJson(ObjectMapper json) {
        ObjectNode node = json.createObjectNode();
        node.put("claim_version", CLAIM_VERSION);
        node.put("run_id", runId);
        node.put("manifest", manifestUri);
        node.put("claim_token", claimToken);
        node.put("claimed_at", claimedAt.toString());
        node.put("step_id", stepId);
        node.put("submitted_at", submittedAt == null ? null : submittedAt.toString());
        node.put("taken_over_from", takenOverFrom);
        try {
            return json.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot serialise claim for run " + runId + ": " + e.getMessage(), e);
        }
    }

    /** Parses a claim; throws {@link IllegalArgumentException} naming the run if it is not one. */
    public static ClaimRecord fromJson(ObjectMapper json, byte[] bytes, String expectedRunId) {
        try {
            JsonNode node = json.readTree(bytes);
            if (node == null || node.path("claim_version").asInt() != CLAIM_VERSION) {
                throw new IllegalArgumentException(
                        "Cannot read claim for run " + expectedRunId + ": claim_version is not " + CLAIM_VERSION);
            }
            for (String required : List.of("run_id", "manifest", "claim_token", "claimed_at")) {
                if (text(node, required) == null) {
                    throw new IllegalArgumentException(
                            "Cannot read claim for run " + expectedRunId + ": " + required + " is missing");
                }
            }
            return new ClaimRecord(
                    text(node, "run_id"),
                    text(node, "manifest"),
                    text(node, "claim_token"),
                    instant(node, "claimed_at"),
                    text(node, "step_id"),
                    instant(node, "submitted_at"),
                    text(node, "taken_over_from"));
        } catch (IOException | DateTimeParseException e) {
            throw new IllegalArgumentException("Cannot read claim for run " + expectedRunId + ": " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static Instant instant(JsonNode node, String field) {
        String value = text(node, field);
        return value == null ? null : Instant.parse(value);
    }
}
