package dev.xlake.core.compliance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.xlake.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads a compliance job's result: JSON lines, one object per id with an event
 * ({@code id, action, reason, created_at, redacted_at}, deletions also {@code deleted_at}), or
 * {@code {"id":…,"error":"invalid_id"}} for an uploaded line X could not read.
 *
 * <p>A line that is not such an object, or names an action X does not document, fails the whole
 * result: applying part of it would leave the lake neither as it was nor in step with X. Messages
 * name the job and the line number, never the line's content.
 */
public final class ComplianceResults {

    static final Set<String> ACTIONS =
            Set.of(ComplianceEvent.DELETE, ComplianceEvent.SCRUB_GEO, ComplianceEvent.REHYDRATE);

    /** The events, and the lines X marked as errors (ids it could not read). */
    public record Parsed(List<ComplianceEvent> events, int errors) {}

    private ComplianceResults() {}

    public static Parsed parse(String jobId, byte[] body) {
        List<ComplianceEvent> events = new ArrayList<>();
        int errors = 0;
        String[] lines = new String(body, StandardCharsets.UTF_8).split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            String where = "line " + (i + 1) + " of the result of compliance job " + jobId;
            JsonNode node;
            try {
                node = Json.MAPPER.readTree(line);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("Cannot read " + where + ": not JSON");
            }
            if (node == null || !node.isObject() || !node.path("id").isTextual()) {
                throw new IllegalArgumentException("Cannot read " + where + ": no string id");
            }
            if (node.hasNonNull("error")) {
                errors++;
                continue;
            }
            String action = node.path("action").asText(null);
            if (action == null || !ACTIONS.contains(action)) {
                throw new IllegalArgumentException(
                        "Cannot read " + where + ": action " + action + " is not one of " + ACTIONS);
            }
            String id = node.get("id").asText();
            if (id.isEmpty() || !id.chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException("Cannot read " + where + ": the id is not numeric");
            }
            events.add(new ComplianceEvent(id, action, node.path("reason").asText(null), instant(node, where)));
        }
        return new Parsed(List.copyOf(events), errors);
    }

    private static Instant instant(JsonNode node, String where) {
        JsonNode value = node.hasNonNull("redacted_at") ? node.get("redacted_at") : node.get("deleted_at");
        if (value == null || value.isNull()) {
            return null;
        }
        try {
            return Instant.parse(value.asText());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("Cannot read " + where + ": redacted_at is not an ISO-8601 time");
        }
    }
}
