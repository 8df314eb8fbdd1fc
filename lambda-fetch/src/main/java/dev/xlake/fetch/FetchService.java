package dev.xlake.fetch;

import dev.xlake.checkpoint.Checkpoint;
import dev.xlake.checkpoint.CheckpointStore;
import dev.xlake.config.BearerToken;
import dev.xlake.config.FetchConfig;
import dev.xlake.config.QuerySpec;
import dev.xlake.core.config.EnvNames;
import dev.xlake.core.json.Timestamps;
import dev.xlake.core.layout.RunIds;
import dev.xlake.core.manifest.StopReason;
import dev.xlake.core.time.Sleeper;
import dev.xlake.core.time.Timing;
import dev.xlake.rawstore.RawPageStore;
import dev.xlake.s3.ObjectStore;
import dev.xlake.s3.S3ObjectStore;
import dev.xlake.s3.VersionedJson.Versioned;
import dev.xlake.spend.SpendTracker;
import dev.xlake.xapi.FullArchiveClient;
import dev.xlake.xapi.HttpXApiClient;
import dev.xlake.xapi.XApiClient;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One fetch tick over all configured queries: the code path of the Lambda and of
 * {@code xlake fetch}. Queries are independent: a failing one is reported in its summary and
 * does not stop the others.
 *
 * <p>They share one time budget and one X rate limit, so the order matters: the query reached
 * least recently goes first (never reached: before all; ties in configuration order), each
 * query may take only its {@link FairShare} of what is left until every query has had its turn
 * (then the ones cut short share what is still unused), and no request is sent once a response
 * said the window is used up ({@link RateLimitGate}). A query that was not reached is
 * listed in the summary with the reason, and goes first next time.
 *
 * <p>Then, with a full-archive client, the unfinished backfill jobs of the configured queries
 * continue in the time the recent-search work left ({@link BackfillService#continueJobs}), unless
 * X answered 402. See docs/fetch.md.
 */
public final class FetchService {

    private static final Logger LOG = LoggerFactory.getLogger(FetchService.class);

    /** The order queries are served in, and whether they share the rate limit and the requests. */
    enum Scheduling {
        /** Least recently reached first, fair shares, one rate-limit gate: what runs. */
        LEAST_RECENTLY_REACHED,
        /**
         * Configuration order, {@code XLAKE_MAX_PAGES} for every query, each run knowing only the
         * rate limit its own responses reported: the naive policy, kept only so that
         * {@code ManyQueriesBench} can measure the fair one against it.
         */
        CONFIGURATION_ORDER
    }

    private final FetchConfig config;
    private final QueryFetcher fetcher;
    private final CheckpointStore checkpoints;
    private final XApiClient x;
    private final Timing timing;
    private final ObjectStore store;
    private final TickWriter ticks;
    /** Null: backfill jobs are not continued. */
    private final BackfillService backfills;

    private Scheduling scheduling = Scheduling.LEAST_RECENTLY_REACHED;

    /** For tests and embedders: every collaborator injected; backfill jobs are not continued. */
    public FetchService(
            FetchConfig config,
            XApiClient x,
            ObjectStore store,
            InstantSource clock,
            Sleeper sleeper,
            RandomGenerator random,
            RunIds.Factory runIds) {
        this(config, x, null, store, clock, sleeper, random, runIds);
    }

    /**
     * For tests and embedders: every collaborator injected; with {@code fullArchive} not null, each
     * {@link #runOnce} also continues the backfill jobs of the configured queries.
     */
    public FetchService(
            FetchConfig config,
            XApiClient x,
            FullArchiveClient fullArchive,
            ObjectStore store,
            InstantSource clock,
            Sleeper sleeper,
            RandomGenerator random,
            RunIds.Factory runIds) {
        this.timing = new Timing(clock, sleeper, random);
        this.backfills = fullArchive == null ? null : new BackfillService(config, fullArchive, store, timing, runIds);
        this.config = config;
        this.x = x;
        this.store = store;
        this.checkpoints = new CheckpointStore(store);
        this.fetcher = new QueryFetcher(checkpoints, new RawPageStore(store), clock, runIds, config.pageSize());
        this.ticks = new TickWriter(store, clock, runIds);
    }

    /** Only for measuring the policies against each other (ManyQueriesBench, ManyQueriesTest). */
    FetchService scheduledBy(Scheduling policy) {
        this.scheduling = policy;
        return this;
    }

    /** Real clients: the JDK HTTP client for X, the given S3 client, system clock, real sleeping. */
    public static FetchService create(FetchConfig config, BearerToken token, S3Client s3) {
        RandomGenerator random = new SecureRandom();
        HttpXApiClient x = new HttpXApiClient(config.xApiBaseUrl(), token, config.httpTimeout());
        return new FetchService(
                config,
                x,
                x,
                new S3ObjectStore(s3, config.bucket()),
                Clock.systemUTC(),
                Sleeper.REAL,
                random,
                RunIds.random(random));
    }

    public FetchConfig config() {
        return config;
    }

    /** A query with its checkpoint as read at the start of the invocation. */
    private record Due(QuerySpec spec, Versioned<Checkpoint> loaded) {
        Instant lastReachedAt() {
            return Timestamps.parse(loaded.value().lastReachedAt());
        }
    }

    /**
     * Fetches every configured query once, sequentially, within {@code budget}, least recently
     * reached first.
     *
     * @throws InterruptedException if the thread is interrupted while waiting; the checkpoint
     *     then reflects every page stored so far
     */
    public InvocationSummary runOnce(TimeBudget budget) throws InterruptedException {
        String startedAt = Timestamps.iso(timing.now());
        List<QuerySummary> summaries = new ArrayList<>();
        List<Due> due = new ArrayList<>();
        for (QuerySpec spec : config.queries()) {
            try {
                due.add(new Due(spec, checkpoints.load(spec.name(), spec.query())));
            } catch (RuntimeException e) {
                LOG.error("Query {} failed", spec.name(), e);
                summaries.add(QuerySummary.failed(spec.name(), "Cannot fetch query " + spec.name() + ": " + e));
            }
        }
        if (scheduling == Scheduling.LEAST_RECENTLY_REACHED) {
            // List.sort is stable: equal times keep configuration order.
            due.sort(Comparator.comparing(Due::lastReachedAt, Comparator.nullsFirst(Comparator.naturalOrder())));
        }
        RateLimitGate shared = new RateLimitGate(timing.clock());
        SpendTracker spending = new SpendTracker(store, timing.clock(), config.spend());
        List<Due> cutShort = new ArrayList<>();
        for (int i = 0; i < due.size(); i++) {
            Due query = due.get(i);
            if (creditsDepleted(summaries)) {
                summaries.add(QuerySummary.skipped(query.spec().name(), StopReason.CREDITS_DEPLETED));
                continue;
            }
            QuerySummary summary = fetch(query, budget, shared, spending, due.size() - i, config.maxPages());
            summaries.add(summary);
            if (summary.ok() && summary.stopReason() == StopReason.MAX_PAGES && summary.pageCap() < config.maxPages()) {
                cutShort.add(query);
            }
        }
        if (!creditsDepleted(summaries)) {
            summaries.addAll(secondRound(cutShort, summaries, budget, shared, spending));
        }
        // Recent search first: backfills only get the time it left. Their failures are in their
        // summaries; the recent-search work above is stored and stays.
        List<BackfillSummary> backfilled = backfills == null || creditsDepleted(summaries)
                ? List.of()
                : backfills.continueJobs(config.queries(), budget);
        Instant finishedAt = timing.now();
        List<InvocationSummary.Unreached> unreached = unreached(due, summaries);
        InvocationSummary.QueryWait longestWait = longestWait(due, summaries, finishedAt);
        // After every checkpoint and job is written: a failed tick write loses no data, the next
        // conversion catches its manifests up.
        String tickKey = ticks.write(summaries, backfilled).orElse(null);
        return new InvocationSummary(
                startedAt,
                Timestamps.iso(finishedAt),
                summaries,
                unreached,
                longestWait,
                spendTotals(spending),
                tickKey,
                backfilled);
    }

    /** Once X answered 402, every request would get the same answer: no other query is sent one. */
    private static boolean creditsDepleted(List<QuerySummary> summaries) {
        return summaries.stream().anyMatch(q -> !q.ok() && q.stopReason() == StopReason.CREDITS_DEPLETED);
    }

    /** For the summary and the metrics; a ledger that cannot be read must not fail the fetch that succeeded. */
    private static SpendTracker.Totals spendTotals(SpendTracker spending) {
        try {
            return spending.totals();
        } catch (RuntimeException e) {
            LOG.warn("Cannot read the spend ledger for the summary: {}", e.toString());
            return null;
        }
    }

    /**
     * Once every query has had its turn, what the shares reserved for queries that needed less is
     * still unused: the queries cut short by their share continue, in the same order, sharing it
     * the same way, up to {@code XLAKE_MAX_PAGES} in all. Each continuation is a run of its own
     * (resumed from the first, with its own manifest). A continuation that reached nothing (time
     * or requests were used up) is left out of the summary: the query's first run is its record.
     */
    private List<QuerySummary> secondRound(
            List<Due> cutShort,
            List<QuerySummary> firstRound,
            TimeBudget budget,
            RateLimitGate shared,
            SpendTracker spending)
            throws InterruptedException {
        Map<String, Integer> taken = new HashMap<>();
        firstRound.forEach(q -> taken.put(q.queryName(), q.pageCap()));
        List<QuerySummary> continued = new ArrayList<>();
        for (int i = 0; i < cutShort.size(); i++) {
            QuerySpec spec = cutShort.get(i).spec();
            Due reloaded;
            try {
                reloaded = new Due(spec, checkpoints.load(spec.name(), spec.query()));
            } catch (RuntimeException e) {
                LOG.error("Query {} failed", spec.name(), e);
                continued.add(QuerySummary.failed(spec.name(), "Cannot fetch query " + spec.name() + ": " + e));
                continue;
            }
            if (creditsDepleted(continued)) {
                break;
            }
            QuerySummary summary = fetch(
                    reloaded,
                    budget,
                    shared,
                    spending,
                    cutShort.size() - i,
                    config.maxPages() - taken.get(spec.name()));
            if (summary.reached() || !summary.ok()) {
                continued.add(summary);
            }
        }
        return continued;
    }

    private QuerySummary fetch(
            Due query, TimeBudget budget, RateLimitGate shared, SpendTracker spending, int queriesToReach, int maxPages)
            throws InterruptedException {
        QuerySpec spec = query.spec();
        boolean fair = scheduling == Scheduling.LEAST_RECENTLY_REACHED;
        RateLimitGate gate = fair ? shared : new RateLimitGate(timing.clock());
        IntSupplier pageCap = fair ? new FairShare(gate, budget, maxPages, queriesToReach) : config::maxPages;
        SearchCaller caller = new SearchCaller(x, gate, timing, config.maxRetries(), config.httpTimeout());
        // Failures are logged here because the invocation only reports query names at the end.
        try {
            QuerySummary summary = fetcher.fetch(spec, query.loaded(), budget, pageCap, caller, spending);
            if (!summary.ok()) {
                LOG.error("{}", summary.error());
            }
            return summary;
        } catch (RuntimeException e) {
            LOG.error("Query {} failed", spec.name(), e);
            return QuerySummary.failed(spec.name(), "Cannot fetch query " + spec.name() + ": " + e);
        }
    }

    private static List<InvocationSummary.Unreached> unreached(List<Due> due, List<QuerySummary> summaries) {
        Map<String, String> lastReached = new HashMap<>();
        due.forEach(d -> lastReached.put(d.spec().name(), d.loaded().value().lastReachedAt()));
        List<InvocationSummary.Unreached> unreached = summaries.stream()
                .filter(q -> q.ok() && !q.reached())
                .map(q ->
                        new InvocationSummary.Unreached(q.queryName(), q.stopReason(), lastReached.get(q.queryName())))
                .toList();
        if (!unreached.isEmpty()) {
            LOG.warn(
                    "{} of {} queries not reached in this invocation (they go first next time): {}",
                    unreached.size(),
                    summaries.size(),
                    unreached.stream()
                            .map(u -> u.queryName() + " (" + u.reason().wireName() + ", last reached "
                                    + (u.lastReachedAt() == null ? "never" : u.lastReachedAt()) + ")")
                            .collect(Collectors.joining(", ")));
        }
        return unreached;
    }

    /**
     * The query waiting longest since it was last reached, counting this invocation's reaches;
     * a query never reached has no wait yet (it goes first next time). Each query waiting beyond
     * {@code XLAKE_MAX_QUERY_WAIT} is logged.
     */
    private InvocationSummary.QueryWait longestWait(List<Due> due, List<QuerySummary> summaries, Instant now) {
        Map<String, String> reachedNow = new HashMap<>();
        summaries.stream().filter(QuerySummary::reached).forEach(q -> reachedNow.put(q.queryName(), q.reachedAt()));
        InvocationSummary.QueryWait longest = null;
        for (Due query : due) {
            String name = query.spec().name();
            String lastReachedAt =
                    reachedNow.getOrDefault(name, query.loaded().value().lastReachedAt());
            if (lastReachedAt == null) {
                continue;
            }
            Duration wait = Duration.between(Timestamps.parse(lastReachedAt), now);
            if (wait.compareTo(config.maxQueryWait()) > 0) {
                LOG.warn(
                        "Query {} not reached since {} ({} s), beyond {} {}",
                        name,
                        lastReachedAt,
                        wait.toSeconds(),
                        EnvNames.MAX_QUERY_WAIT,
                        config.maxQueryWait());
            }
            if (longest == null || wait.toSeconds() > longest.waitSeconds()) {
                longest = new InvocationSummary.QueryWait(name, lastReachedAt, wait.toSeconds());
            }
        }
        return longest;
    }
}
