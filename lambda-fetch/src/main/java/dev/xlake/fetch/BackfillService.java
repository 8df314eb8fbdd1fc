package dev.xlake.fetch;

import dev.xlake.backfill.BackfillJob;
import dev.xlake.backfill.BackfillStore;
import dev.xlake.config.FetchConfig;
import dev.xlake.config.QuerySpec;
import dev.xlake.core.layout.RawKeys;
import dev.xlake.core.layout.RunIds;
import dev.xlake.core.manifest.StopReason;
import dev.xlake.core.time.Sleeper;
import dev.xlake.core.time.Timing;
import dev.xlake.rawstore.RawPageStore;
import dev.xlake.s3.ObjectStore;
import dev.xlake.s3.VersionedJson.Versioned;
import dev.xlake.spend.SpendTracker;
import dev.xlake.xapi.FullArchiveClient;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Full-archive backfills: {@code xlake backfill} starts or continues one ({@link #backfill}), and
 * the scheduled fetch continues the unfinished jobs of its queries in the time a tick leaves
 * ({@link #continueJobs}). Same ledger, budgets, retries and 402 handling as recent search; its
 * own rate limit (X's full archive: 1 request per second, paced by {@link RequestPacer}).
 */
public final class BackfillService {

    private static final Logger LOG = LoggerFactory.getLogger(BackfillService.class);

    /** X's full-archive search: at most 1 request per second per app (docs/fetch.md, with its source). */
    static final Duration FULL_ARCHIVE_INTERVAL = Duration.ofSeconds(1);

    private final FetchConfig config;
    private final FullArchiveClient x;
    private final ObjectStore store;
    private final Timing timing;
    private final BackfillStore jobs;
    private final BackfillFetcher fetcher;

    /** The same collaborators as {@link FetchService}'s, so that the CLI builds either one way. */
    public BackfillService(
            FetchConfig config,
            FullArchiveClient x,
            ObjectStore store,
            InstantSource clock,
            Sleeper sleeper,
            RandomGenerator random,
            RunIds.Factory runIds) {
        this(config, x, store, new Timing(clock, sleeper, random), runIds);
    }

    BackfillService(FetchConfig config, FullArchiveClient x, ObjectStore store, Timing timing, RunIds.Factory runIds) {
        this.config = config;
        this.x = x;
        this.store = store;
        this.timing = timing;
        this.jobs = new BackfillStore(store);
        this.fetcher = new BackfillFetcher(
                jobs,
                new RawPageStore(store, RawKeys.Source.FULL_ARCHIVE),
                x,
                new RequestPacer(timing.clock(), timing.sleeper(), FULL_ARCHIVE_INTERVAL),
                timing.clock(),
                runIds);
    }

    /**
     * Starts the backfill {@code requested} describes, or continues the stored one of that query
     * if it asks for the same window (its budget replaced by the requested one, when given).
     *
     * @throws IllegalArgumentException if an unfinished backfill of that query asks for another
     *     query text or window
     */
    public BackfillSummary backfill(BackfillJob requested, TimeBudget budget) throws InterruptedException {
        Optional<Versioned<BackfillJob>> stored = jobs.load(requested.queryName());
        Versioned<BackfillJob> job;
        if (stored.isEmpty()) {
            job = jobs.save(requested, null);
            LOG.info(
                    "Backfill {}: created, {} to {}, budget {}",
                    requested.queryName(),
                    requested.startTime(),
                    requested.endTime(),
                    requested.budgetUsd());
        } else if (stored.get().value().sameBackfillAs(requested)) {
            job = stored.get();
            if (requested.budgetUsd() != null
                    && !requested.budgetUsd().equals(job.value().budgetUsd())) {
                job = jobs.save(job.value().withBudget(requested.budgetUsd(), requested.updatedAt()), job.etag());
            }
        } else if (stored.get().value().complete()) {
            job = jobs.save(requested, stored.get().etag());
            LOG.info("Backfill {}: previous backfill complete, replaced by a new one", requested.queryName());
        } else {
            BackfillJob other = stored.get().value();
            throw new IllegalArgumentException("Cannot start backfill " + requested.queryName()
                    + ": an unfinished backfill of that query name asks for '" + other.query() + "' from "
                    + other.startTime() + " to " + other.endTime() + "; continue it with the same --query, --start"
                    + " and --end, or use another --query-name");
        }
        return run(job, budget);
    }

    /**
     * Continues the unfinished backfill jobs of {@code queries} (those with a job object) one after
     * another within {@code budget}; a failing one is reported and the others still run. A 402
     * stops the rest: every request would get the same answer.
     */
    public List<BackfillSummary> continueJobs(List<QuerySpec> queries, TimeBudget budget) throws InterruptedException {
        List<BackfillSummary> summaries = new ArrayList<>();
        for (QuerySpec query : queries) {
            BackfillSummary summary;
            try {
                Optional<Versioned<BackfillJob>> job = jobs.load(query.name());
                if (job.isEmpty() || job.get().value().complete()) {
                    continue;
                }
                summary = run(job.get(), budget);
            } catch (RuntimeException e) {
                LOG.error("Backfill {} failed", query.name(), e);
                summary = failed(query.name(), "Cannot backfill " + query.name() + ": " + e);
            }
            summaries.add(summary);
            if (summary.stopReason() == StopReason.CREDITS_DEPLETED) {
                break;
            }
        }
        return summaries;
    }

    private BackfillSummary run(Versioned<BackfillJob> job, TimeBudget budget) throws InterruptedException {
        SearchCaller caller = new SearchCaller(
                request -> {
                    throw new IllegalStateException("Cannot use recent search in a backfill");
                },
                new RateLimitGate(timing.clock()),
                timing,
                config.maxRetries(),
                config.httpTimeout());
        BackfillSummary summary =
                fetcher.run(job, budget, caller, new SpendTracker(store, timing.clock(), config.spend()));
        if (!summary.ok()) {
            LOG.error("{}", summary.error());
        }
        return summary;
    }

    private static BackfillSummary failed(String queryName, String error) {
        return new BackfillSummary(
                queryName,
                false,
                null,
                null,
                StopReason.ERROR,
                0,
                0,
                null,
                null,
                error,
                0,
                0,
                BigDecimal.ZERO,
                null,
                false);
    }
}
