package dev.xlake.fetch;

import dev.xlake.core.manifest.StopReason;
import java.math.BigDecimal;

/**
 * What one run of a backfill did, and where the backfill stands.
 *
 * @param pagesStored pages this run stored; {@code tweetCount} their tweets
 * @param spentUsd what the whole backfill has cost so far (all its runs, an upper bound)
 * @param complete whether the backfill has fetched its whole window
 */
public record BackfillSummary(
        String queryName,
        boolean ok,
        String runId,
        String resumedFrom,
        StopReason stopReason,
        int pagesStored,
        long tweetCount,
        String manifestKey,
        String interruptedManifestKey,
        String error,
        long spentPosts,
        long spentUsers,
        BigDecimal spentUsd,
        BigDecimal budgetUsd,
        boolean complete) {}
