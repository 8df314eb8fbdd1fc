package dev.xlake.fetch;

import dev.xlake.core.manifest.StopReason;
import java.math.BigDecimal;

/**
 * What one query did in one invocation: returned by the handler and logged.
 *
 * @param reachedAt when this invocation sent the query's first request that X served (a page or a
 *     refusal); null if none was: the query was not reached ({@code stopReason} says why: the time
 *     budget, or the rate limit, whether known in advance or answered with 429), or it failed
 * @param pageCap the responses this run was allowed: {@code XLAKE_MAX_PAGES} or the query's fair
 *     share of the rate limit and time left, whichever is smaller (docs/fetch.md)
 * @param billablePosts post objects X returned to this run ({@code data} and {@code includes.tweets})
 * @param billableUsers user objects X returned to this run ({@code includes.users})
 * @param estimatedCostUsd what they cost at the configured prices, before X's daily deduplication
 */
public record QuerySummary(
        String queryName,
        boolean ok,
        String runId,
        String resumedFrom,
        StopReason stopReason,
        int pagesStored,
        long tweetCount,
        String sinceIdBefore,
        String sinceIdAfter,
        String manifestKey,
        String interruptedManifestKey,
        String error,
        String reachedAt,
        int pageCap,
        long billablePosts,
        long billableUsers,
        BigDecimal estimatedCostUsd) {

    public static QuerySummary failed(String queryName, String error) {
        return withoutRun(queryName, false, StopReason.ERROR, error);
    }

    /** Not served at all: an earlier query of the invocation found the credits depleted. */
    public static QuerySummary skipped(String queryName, StopReason reason) {
        return withoutRun(queryName, true, reason, null);
    }

    private static QuerySummary withoutRun(String queryName, boolean ok, StopReason reason, String error) {
        return new QuerySummary(
                queryName, ok, null, null, reason, 0, 0, null, null, null, null, error, null, 0, 0, 0, BigDecimal.ZERO);
    }

    /** Not reached: no request was sent, and the query did not fail. */
    public boolean reached() {
        return reachedAt != null;
    }
}
