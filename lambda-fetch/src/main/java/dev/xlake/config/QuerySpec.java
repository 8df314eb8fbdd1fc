package dev.xlake.config;

import dev.xlake.core.layout.QuerySlug;
import java.math.BigDecimal;

/**
 * One configured search: {@code name} is the slug used in S3 keys ({@code query=<name>}), so it
 * follows {@link QuerySlug}; {@code query} is the X query text (1–512 chars).
 *
 * <p>Its cost knobs: {@code dailyBudgetUsd} caps what this query may spend per UTC day (null: only
 * the deployment's budgets apply); {@code maxResults} overrides {@code XLAKE_PAGE_SIZE};
 * {@code expandUsers=false} requests no user objects (no {@code author_id} and other user
 * expansions, no {@code user.fields}), so X charges no user reads and the author columns stay null.
 */
public record QuerySpec(String name, String query, BigDecimal dailyBudgetUsd, Integer maxResults, boolean expandUsers) {

    public static final int MAX_QUERY_LENGTH = 512;

    public QuerySpec {
        QuerySlug.check(name);
        if (query == null || query.isBlank() || query.length() > MAX_QUERY_LENGTH) {
            throw new IllegalArgumentException("Cannot use query text of '" + name
                    + "': it must be 1-" + MAX_QUERY_LENGTH + " characters, got "
                    + (query == null ? "none" : query.length()));
        }
        if (dailyBudgetUsd != null && dailyBudgetUsd.signum() < 0) {
            throw new IllegalArgumentException(
                    "Cannot use daily budget of '" + name + "': must be >= 0, got " + dailyBudgetUsd);
        }
        if (maxResults != null && (maxResults < 10 || maxResults > 100)) {
            throw new IllegalArgumentException(
                    "Cannot use max_results of '" + name + "': must be 10-100, got " + maxResults);
        }
    }

    /** No budget of its own, the configured page size, user objects requested. */
    public QuerySpec(String name, String query) {
        this(name, query, null, null, true);
    }

    public QuerySpec withDailyBudget(BigDecimal usd) {
        return new QuerySpec(name, query, usd, maxResults, expandUsers);
    }
}
