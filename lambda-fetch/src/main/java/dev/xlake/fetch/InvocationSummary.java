package dev.xlake.fetch;

import dev.xlake.core.manifest.StopReason;
import dev.xlake.spend.SpendTracker;
import java.util.List;

/**
 * All queries of one invocation, in the order they were served.
 *
 * @param unreached the queries this invocation sent no request for, and why: they are served
 *     first next time
 * @param longestWait the query that has gone longest without being reached, at the end of this
 *     invocation (null when no query has ever been reached); what the {@code MaxQueryWaitSeconds}
 *     metric reports
 * @param spend the deployment's spend so far today and this month (UTC), from the spend ledger
 * @param tickKey the tick object listing this invocation's manifests, whose event starts their one
 *     conversion; null when no manifest was written
 * @param backfills the full-archive backfill jobs of the configured queries this invocation
 *     continued after the recent-search work, in the time left (docs/fetch.md); complete jobs are
 *     not listed
 */
public record InvocationSummary(
        String startedAt,
        String finishedAt,
        List<QuerySummary> queries,
        List<Unreached> unreached,
        QueryWait longestWait,
        SpendTracker.Totals spend,
        String tickKey,
        List<BackfillSummary> backfills) {

    public InvocationSummary {
        queries = List.copyOf(queries);
        unreached = List.copyOf(unreached);
        backfills = List.copyOf(backfills);
    }

    /** A query not reached in this invocation: {@code reason} is {@code time_budget} or {@code rate_limited}. */
    public record Unreached(String queryName, StopReason reason, String lastReachedAt) {}

    /** How long a query has waited since an invocation last reached it. */
    public record QueryWait(String queryName, String lastReachedAt, long waitSeconds) {}

    public List<String> failedQueryNames() {
        return queries.stream()
                .filter(q -> !q.ok())
                .map(QuerySummary::queryName)
                .toList();
    }

    public List<String> failedBackfillNames() {
        return backfills.stream()
                .filter(b -> !b.ok())
                .map(BackfillSummary::queryName)
                .toList();
    }

    /** Whether a query or a backfill was refused with 402 CreditsDepleted. */
    public boolean creditsDepleted() {
        return queries.stream().anyMatch(q -> !q.ok() && q.stopReason() == StopReason.CREDITS_DEPLETED)
                || backfills.stream().anyMatch(b -> !b.ok() && b.stopReason() == StopReason.CREDITS_DEPLETED);
    }

    /** Whether a query or a backfill failed (a backfill that stopped at a budget or the time did not). */
    public boolean anyFailed() {
        return queries.stream().anyMatch(q -> !q.ok()) || backfills.stream().anyMatch(b -> !b.ok());
    }
}
