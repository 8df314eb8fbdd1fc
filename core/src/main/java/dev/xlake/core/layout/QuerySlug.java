package dev.xlake.core.layout;

import java.util.regex.Pattern;

/**
 * The one rule for a query's name: it becomes an S3 key segment ({@code query=<slug>}) and a
 * partition value, so it is restricted to {@code [a-z0-9-]{1,64}}. Anything wider could split one
 * query into two partitions or escape its folder.
 */
public final class QuerySlug {

    /** The rule as a regular expression, also usable inside larger patterns. */
    public static final String REGEX = "[a-z0-9-]{1,64}";

    private static final Pattern PATTERN = Pattern.compile(REGEX);

    private QuerySlug() {}

    public static boolean isValid(String name) {
        return name != null && PATTERN.matcher(name).matches();
    }

    /** Returns {@code name} if it is a valid slug; otherwise throws naming the value and the rule. */
    public static String check(String name) {
        if (!isValid(name)) {
            throw new IllegalArgumentException("Cannot use query name '" + name + "': it must match " + REGEX);
        }
        return name;
    }
}
