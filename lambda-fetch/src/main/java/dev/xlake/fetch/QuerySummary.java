package dev.xlake.fetch;

import dev.xlake.core.manifest.StopReason;

/**
 * What one query did in one invocation: returned by the handler and logged.
 *
 * @param reachedAt when this invocation sent the query's first request that X served (a page or a
 *     refusal); null if none was: the query was not reached ({@code stopReason} says why: the time
 *     budget, or the rate limit, whether known in advance or answered with 429), or it failed
 * @param pageCap the responses this run was allowed: {@code XLAKE_MAX_PAGES} or the query's fair
 *     share of the rate limit and time left, whichever is smaller (docs/fetch.md)
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
        int pageCap) {

    public static QuerySummary failed(String queryName, String error) {
        return new QuerySummary(
                queryName, false, null, null, StopReason.ERROR, 0, 0, null, null, null, null, error, null, 0);
    }

    /** Not reached: no request was sent, and the query did not fail. */
    public boolean reached() {
        return reachedAt != null;
    }
}
