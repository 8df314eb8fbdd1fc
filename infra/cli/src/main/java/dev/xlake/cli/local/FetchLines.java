package dev.xlake.cli.local;

import dev.xlake.fetch.InvocationSummary;
import dev.xlake.fetch.QuerySummary;
import java.util.stream.Collectors;

/** How the CLI shows what one query's fetch did, in one line. */
public final class FetchLines {

    private FetchLines() {}

    public static String describe(QuerySummary q) {
        if (!q.ok()) {
            return String.format("%-12s FAILED  %s", q.queryName(), q.error());
        }
        if (!q.reached()) {
            return String.format(
                    "%-12s not reached (%s)", q.queryName(), q.stopReason().wireName());
        }
        StringBuilder line = new StringBuilder(String.format(
                "%-12s run %s  %-12s %3d pages %6d tweets",
                q.queryName(), q.runId(), q.stopReason().wireName(), q.pagesStored(), q.tweetCount()));
        line.append(String.format("  ~$%s", cost(q)));
        if (q.resumedFrom() != null) {
            line.append("  resumed ").append(q.resumedFrom());
        }
        if (q.interruptedManifestKey() != null) {
            line.append("  settled an interrupted run");
        }
        if (q.manifestKey() != null) {
            line.append("  manifest ").append(q.manifestKey());
        }
        return line.toString();
    }

    /** The estimated cost of a query's run in dollars, to the cent (an upper bound: X deduplicates per day). */
    public static String cost(QuerySummary q) {
        return q.estimatedCostUsd().setScale(2, java.math.RoundingMode.HALF_UP).toPlainString();
    }

    /** The queries a tick did not reach, and why: they go first next time. */
    public static String unreached(InvocationSummary summary) {
        return summary.unreached().size() + " of " + summary.queries().size()
                + " queries not reached, first next time: "
                + summary.unreached().stream()
                        .map(u -> u.queryName() + " (" + u.reason().wireName() + ")")
                        .collect(Collectors.joining(", "));
    }
}
