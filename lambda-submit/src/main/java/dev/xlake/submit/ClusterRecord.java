package dev.xlake.submit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.xlake.core.layout.RawKeys;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The content of {@code state/submit/cluster.json} ({@link RawKeys#CLUSTER_STATE}): which
 * converter cluster is current, and whether a delivery is starting its replacement.
 *
 * @param clusterId the current cluster, or while replacing the one being replaced
 * @param previousClusterId the cluster the current one replaced, or null
 * @param replacingToken random per replacement attempt while one is starting; null otherwise
 * @param replacingSince when that replacement was claimed
 */
public record ClusterRecord(
        String clusterId, String previousClusterId, Instant updatedAt, String replacingToken, Instant replacingSince) {

    public static final int STATE_VERSION = 1;

    public static ClusterRecord current(String clusterId, String previousClusterId, Instant now) {
        return new ClusterRecord(clusterId, previousClusterId, now, null, null);
    }

    public ClusterRecord replacing(String token, Instant now) {
        return new ClusterRecord(clusterId, previousClusterId, now, token, now);
    }

    public boolean isReplacing() {
        return replacingToken != null;
    }

    byte[] toJson(ObjectMapper json) {
        ObjectNode node = json.createObjectNode();
        node.put("state_version", STATE_VERSION);
        node.put("cluster_id", clusterId);
        node.put("previous_cluster_id", previousClusterId);
        node.put("updated_at", updatedAt.toString());
        node.put("replacing_token", replacingToken);
        node.put("replacing_since", replacingSince == null ? null : replacingSince.toString());
        try {
            return json.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot serialise " + RawKeys.CLUSTER_STATE + ": " + e.getMessage(), e);
        }
    }

    static ClusterRecord fromJson(ObjectMapper json, byte[] bytes) {
        try {
            JsonNode node = json.readTree(bytes);
            if (node == null || node.path("state_version").asInt() != STATE_VERSION) {
                throw new IllegalArgumentException(
                        "Cannot read " + RawKeys.CLUSTER_STATE + ": state_version is not " + STATE_VERSION);
            }
            if (text(node, "cluster_id") == null || text(node, "updated_at") == null) {
                throw new IllegalArgumentException(
                        "Cannot read " + RawKeys.CLUSTER_STATE + ": cluster_id or updated_at is missing");
            }
            String since = text(node, "replacing_since");
            return new ClusterRecord(
                    text(node, "cluster_id"),
                    text(node, "previous_cluster_id"),
                    Instant.parse(text(node, "updated_at")),
                    text(node, "replacing_token"),
                    since == null ? null : Instant.parse(since));
        } catch (IOException | DateTimeParseException e) {
            throw new IllegalArgumentException("Cannot read " + RawKeys.CLUSTER_STATE + ": " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
