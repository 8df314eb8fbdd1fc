package dev.xlake.config;

import java.util.regex.Pattern;

/**
 * One configured search: {@code name} is the slug used in S3 keys ({@code query=<name>}), so it
 * is restricted to {@code [a-z0-9-]{1,64}}; {@code query} is the X query text (1–512 chars).
 */
public record QuerySpec(String name, String query) {

    private static final Pattern SLUG = Pattern.compile("[a-z0-9-]{1,64}");
    public static final int MAX_QUERY_LENGTH = 512;

    public QuerySpec {
        if (name == null || !SLUG.matcher(name).matches()) {
            throw new IllegalArgumentException("Cannot use query name '" + name + "': it must match [a-z0-9-]{1,64}");
        }
        if (query == null || query.isBlank() || query.length() > MAX_QUERY_LENGTH) {
            throw new IllegalArgumentException("Cannot use query text of '" + name
                    + "': it must be 1-" + MAX_QUERY_LENGTH + " characters, got "
                    + (query == null ? "none" : query.length()));
        }
    }
}
