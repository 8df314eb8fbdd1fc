package dev.xlake.fetch;

import com.fasterxml.jackson.databind.JsonNode;

/** The parts of a page's {@code meta} the pagination needs. */
public record PageMeta(int resultCount, String newestId, String oldestId, String nextToken) {

    /** @return null if {@code root} is not a recent-search response object with a meta object */
    static PageMeta of(JsonNode root) {
        if (root == null || !root.isObject()) {
            return null;
        }
        JsonNode meta = root.get("meta");
        if (meta == null || !meta.isObject() || !meta.path("result_count").canConvertToInt()) {
            return null;
        }
        return new PageMeta(
                meta.path("result_count").asInt(),
                text(meta, "newest_id"),
                text(meta, "oldest_id"),
                text(meta, "next_token"));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
