package dev.xlake.fetch;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.IntSupplier;

/**
 * How many responses one query may take in this invocation: its share of what is left when it is
 * reached, split evenly over it and the queries still waiting for their turn, at least 1 and at
 * most {@code XLAKE_MAX_PAGES}. What is left is the rate-limit window's remaining requests and,
 * once requests have been timed, the time budget divided by the mean request time; the smaller
 * share wins. Without the cap the first busy query of a tick would spend the last requests of a
 * window, or the last minutes of the budget, on deep pagination while later queries are not even
 * checked. A query cut short stops with {@code max_pages} and continues from its
 * {@code next_token} next time, like any other cap.
 *
 * <p>The share is fixed the first time it can be computed: when the query is reached if a response
 * has already reported the window, else after the query's own first response (counting that
 * request back in). Until then it is {@code maxPages}, which only ever lets the first request through.
 */
final class FairShare implements IntSupplier {

    private final RateLimitGate gate;
    private final TimeBudget budget;
    private final int maxPages;
    private final int queriesToReach;
    private final long responsesAtReach;
    private final Duration budgetAtReach;
    private int share;

    /**
     * @param queriesToReach this query and those after it in this invocation's order
     */
    FairShare(RateLimitGate gate, TimeBudget budget, int maxPages, int queriesToReach) {
        this.gate = gate;
        this.budget = budget;
        this.maxPages = maxPages;
        this.queriesToReach = Math.max(1, queriesToReach);
        this.responsesAtReach = gate.responses();
        this.budgetAtReach = budget.remaining();
    }

    @Override
    public int getAsInt() {
        if (share > 0) {
            return share;
        }
        if (queriesToReach == 1) {
            // Nobody left to share with: the rate limit and the budget stop it, with their own reasons.
            share = maxPages;
            return share;
        }
        OptionalLong remaining = gate.remaining();
        if (remaining.isEmpty()) {
            return maxPages;
        }
        long spentByThisQuery = gate.responses() - responsesAtReach;
        long requests = remaining.getAsLong() + spentByThisQuery;
        Optional<Duration> mean = gate.meanRequestTime();
        if (mean.isPresent()) {
            requests = Math.min(requests, budgetAtReach.dividedBy(mean.get()));
        }
        share = (int) Math.max(1, Math.min(maxPages, requests / queriesToReach));
        return share;
    }
}
