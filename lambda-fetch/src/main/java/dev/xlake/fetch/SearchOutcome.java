package dev.xlake.fetch;

import dev.xlake.core.manifest.PageRequest;
import dev.xlake.core.manifest.RateLimit;
import dev.xlake.core.manifest.StopReason;
import dev.xlake.rawstore.RawPageStore;
import java.time.Instant;

/** What {@link SearchCaller} made of one logical request after retries and waits. */
public sealed interface SearchOutcome {

    /** How a run stops on an outcome: the reason, and the error to report, if any. */
    record Ending(StopReason reason, String error) {}

    /**
     * How a run stops on this outcome, its error starting with {@code failing} (e.g. "Cannot fetch
     * query kpop") and saying what is {@code kept} for the next run; null for a page or a refusal,
     * which each fetcher handles in its own way.
     */
    default Ending ending(String failing, String kept) {
        return null;
    }

    /** A 200 whose body is a well-formed recent-search response. */
    record Page(byte[] body, int httpStatus, PageMeta meta, RateLimit rateLimit, Instant fetchedAt)
            implements SearchOutcome {

        /** This page as page {@code number} of run {@code runId}, requested with {@code request}. */
        RawPageStore.PageToStore toStore(String queryName, String runId, int number, PageRequest request) {
            return new RawPageStore.PageToStore(
                    queryName,
                    runId,
                    number,
                    body,
                    httpStatus,
                    fetchedAt,
                    meta.resultCount(),
                    meta.newestId(),
                    meta.oldestId(),
                    rateLimit,
                    request,
                    meta.billablePosts(),
                    meta.billableUsers());
        }
    }

    /** Rate limited and the reset does not fit in the remaining time. */
    record RateLimited(Instant resetAt) implements SearchOutcome {
        @Override
        public Ending ending(String failing, String kept) {
            return new Ending(StopReason.RATE_LIMITED, null);
        }
    }

    /** Not enough time left for another attempt. */
    record OutOfTime() implements SearchOutcome {
        @Override
        public Ending ending(String failing, String kept) {
            return new Ending(StopReason.TIME_BUDGET, null);
        }
    }

    /**
     * X answered 402 {@code CreditsDepleted}: the account's prepaid credits or its spending limit
     * ran out. Not retried: every request would get the same answer until someone adds credits.
     */
    record CreditsDepleted(XProblem problem) implements SearchOutcome {
        @Override
        public Ending ending(String failing, String kept) {
            return new Ending(
                    StopReason.CREDITS_DEPLETED,
                    failing + ": X answered " + problem.describe()
                            + " (CreditsDepleted): add credits or raise the spending limit in the X Developer"
                            + " Console; " + kept + " and the next run resumes where this one stopped");
        }
    }

    /** A definitive refusal (400/401/403/other 4xx): retrying would not help. */
    record Rejected(XProblem problem) implements SearchOutcome {}

    /** Transient failures outlasted the retries. */
    record RetriesExhausted(int attempts, String lastFailure) implements SearchOutcome {
        @Override
        public Ending ending(String failing, String kept) {
            return new Ending(StopReason.ERROR, failing + ": " + attempts + " attempts failed, last: " + lastFailure);
        }
    }
}
