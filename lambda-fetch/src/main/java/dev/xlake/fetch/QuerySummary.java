package dev.xlake.fetch;

import dev.xlake.core.manifest.StopReason;

/** What one query did in one invocation: returned by the handler and logged. */
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
        String error) {

    public static QuerySummary failed(String queryName, String error) {
        return new QuerySummary(queryName, false, null, null, StopReason.ERROR, 0, 0, null, null, null, null, error);
    }
}
