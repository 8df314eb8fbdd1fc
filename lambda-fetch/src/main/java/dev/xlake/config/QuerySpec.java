package dev.xlake.config;

import dev.xlake.core.layout.QuerySlug;

/**
 * One configured search: {@code name} is the slug used in S3 keys ({@code query=<name>}), so it
 * follows {@link QuerySlug}; {@code query} is the X query text (1–512 chars).
 */
public record QuerySpec(String name, String query) {

    public static final int MAX_QUERY_LENGTH = 512;

    public QuerySpec {
        QuerySlug.check(name);
        if (query == null || query.isBlank() || query.length() > MAX_QUERY_LENGTH) {
            throw new IllegalArgumentException("Cannot use query text of '" + name
                    + "': it must be 1-" + MAX_QUERY_LENGTH + " characters, got "
                    + (query == null ? "none" : query.length()));
        }
    }
}
