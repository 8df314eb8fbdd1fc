package dev.xlake.cli;

import dev.xlake.config.QuerySpec;
import dev.xlake.core.layout.QuerySlug;
import picocli.CommandLine.Option;

/** {@code --query-name} and {@code --query}: one query, as the fetch Lambda's query list holds it. */
final class QueryOptions {

    @Option(
            names = "--query-name",
            paramLabel = "N",
            required = true,
            description = "Short name used in S3 keys, " + QuerySlug.REGEX
                    + "; recent-search fetches and backfills under the same name put their tweets in the same rows.")
    String name;

    @Option(names = "--query", paramLabel = "Q", required = true, description = "X search query (1-512 characters).")
    String query;

    /** The query, checked by the Lambda's rules. */
    QuerySpec spec() {
        return new QuerySpec(name, query);
    }
}
