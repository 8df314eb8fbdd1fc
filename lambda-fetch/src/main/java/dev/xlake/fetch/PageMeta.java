package dev.xlake.fetch;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The parts of a page's {@code meta} the pagination needs, and what X charges the page for:
 * {@code billablePosts} (post objects in {@code data} and {@code includes.tweets}) and
 * {@code billableUsers} (user objects in {@code includes.users}).
 */
public record PageMeta(
        int resultCount, String newestId, String oldestId, String nextToken, long billablePosts, long billableUsers) {

    /** @return null if {@code root} is not a recent-search response object with a meta object */
    static PageMeta of(JsonNode root) {
        if (root == null || !root.isObject()) {
            return null;
        }
        JsonNode meta = root.get("meta");
        if (meta == null || !meta.isObject() || !meta.path("result_count").canConvertToInt()) {
            return null;
        }
        JsonNode includes = root.path("includes");
        return new PageMeta(
                meta.path("result_count").asInt(),
                text(meta, "newest_id"),
                text(meta, "oldest_id"),
                text(meta, "next_token"),
                size(root.path("data")) + size(includes.path("tweets")),
                size(includes.path("users")));
    }

    private static long size(JsonNode array) {
        return array.isArray() ? array.size() : 0;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
