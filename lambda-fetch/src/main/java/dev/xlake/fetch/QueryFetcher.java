package dev.xlake.fetch;

import dev.xlake.checkpoint.Checkpoint;
import dev.xlake.checkpoint.CheckpointStore;
import dev.xlake.checkpoint.InFlight;
import dev.xlake.config.QuerySpec;
import dev.xlake.core.json.Timestamps;
import dev.xlake.core.layout.RunIds;
import dev.xlake.core.manifest.Gap;
import dev.xlake.core.manifest.Manifest;
import dev.xlake.core.manifest.PageEntry;
import dev.xlake.core.manifest.StopReason;
import dev.xlake.core.spend.Prices;
import dev.xlake.rawstore.RawPageStore;
import dev.xlake.s3.VersionedJson.Versioned;
import dev.xlake.spend.RunSpend;
import dev.xlake.spend.SpendTracker;
import dev.xlake.xapi.RecentSearchRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One query, one invocation: settles pages a killed invocation left without a manifest, then
 * paginates newest→oldest from the checkpoint, storing each page and then the checkpoint, and
 * finally writes the run's manifest and records when the query was reached. See docs/fetch.md
 * for the guarantees.
 */
record QueryFetcher(
        CheckpointStore checkpoints, RawPageStore rawPages, InstantSource clock, RunIds.Factory runIds, int pageSize) {

    private static final Logger LOG = LoggerFactory.getLogger(QueryFetcher.class);
    /** X's recent search covers 7 days; one minute inside it so the request is not refused. */
    static final Duration SEARCH_WINDOW = Duration.ofDays(7).minusMinutes(1);

    /**
     * @param loaded the query's checkpoint as read at the start of the invocation (its ETag guards
     *     every write, so a checkpoint changed since fails the query instead of being overwritten)
     * @param pageCap responses this run may take, asked before every request
     * @param caller the run's requests, under the invocation's shared rate limit
     */
    QuerySummary fetch(
            QuerySpec spec,
            Versioned<Checkpoint> loaded,
            TimeBudget budget,
            IntSupplier pageCap,
            SearchCaller caller,
            SpendTracker spending)
            throws InterruptedException {
        Instant startedAt = clock.instant();
        String sinceIdBefore = loaded.value().sinceId();

        String interruptedManifestKey = null;
        InFlight previous = loaded.value().inFlight();
        InFlight recovered = previous == null ? null : recoverOrphanPage(spec, previous);
        if (previous != null
                && (recovered != previous
                        || !previous.unmanifestedPages().isEmpty()
                        || previous.paginationComplete())) {
            Checkpoint checkpoint = loaded.value();
            if (recovered != previous) {
                checkpoint = checkpoint.afterPage(recovered, now());
                previous = recovered;
            }
            interruptedManifestKey = settleInterrupted(spec, previous, spending.prices());
            InFlight settled = previous.paginationComplete() ? null : previous.manifested();
            loaded = checkpoints.save(checkpoint.withInFlight(settled, now()), loaded.etag());
            previous = settled;
        }

        String runId = runIds.newRunId(startedAt);
        RunSpend spend = spending.startRun(runId, spec, pageSizeOf(spec));
        Run run = new Run(spec, runId, previous, loaded, caller, pageCap, spend, spending.prices());
        LOG.info(
                "Query {}: run {} starting, since_id {}, resuming {}",
                spec.name(),
                run.runId,
                run.state.sinceId(),
                run.resumedFrom);
        run.paginate(budget);
        spend.close();
        String manifestKey = run.writeManifest(startedAt);
        run.recordReached();
        long tweets = manifestKey == null
                ? 0
                : run.state.unmanifestedPages().stream()
                        .mapToLong(PageEntry::resultCount)
                        .sum();
        return new QuerySummary(
                spec.name(),
                run.error == null,
                run.pagesStored > 0 ? run.runId : null,
                run.resumedFrom,
                run.stop,
                run.pagesStored,
                tweets,
                sinceIdBefore,
                run.current.value().sinceId(),
                manifestKey,
                interruptedManifestKey,
                run.error,
                run.reachedAt(),
                pageCap.getAsInt(),
                spend.total().posts(),
                spend.total().users(),
                spend.total().usd());
    }

    /** The state of one run while it paginates. */
    private final class Run {
        final QuerySpec spec;
        final String runId;
        final String resumedFrom;
        final SearchCaller caller;
        final IntSupplier pageCap;
        final RunSpend spend;
        final Prices prices;
        Versioned<Checkpoint> current;
        InFlight state;
        StopReason stop;
        String error;
        int pagesStored;
        int pagesReceived;
        boolean sinceIdFallbackUsed;
        boolean tokenFallbackUsed;

        Run(
                QuerySpec spec,
                String runId,
                InFlight previous,
                Versioned<Checkpoint> current,
                SearchCaller caller,
                IntSupplier pageCap,
                RunSpend spend,
                Prices prices) {
            this.spec = spec;
            this.spend = spend;
            this.prices = prices;
            this.runId = runId;
            this.current = current;
            this.caller = caller;
            this.pageCap = pageCap;
            this.resumedFrom = previous != null ? previous.runId() : null;
            this.state = previous != null
                    ? previous.continuedBy(runId)
                    : InFlight.start(runId, current.value().sinceId());
        }

        void paginate(TimeBudget budget) throws InterruptedException {
            while (stop == null) {
                if (pagesReceived >= pageCap.getAsInt()) {
                    stop = StopReason.MAX_PAGES;
                    break;
                }
                RecentSearchRequest request = nextRequest(spec, state);
                Optional<String> refused = spend.reserve();
                if (refused.isPresent()) {
                    LOG.info("Query {}: {}; stopping, the checkpoint resumes here", spec.name(), refused.get());
                    stop = StopReason.BUDGET_EXHAUSTED;
                    break;
                }
                SearchOutcome outcome = caller.call(request, budget);
                if (outcome instanceof SearchOutcome.Page page) {
                    onPage(request, page);
                } else if (outcome instanceof SearchOutcome.Rejected rejected) {
                    onRejected(request, rejected.problem());
                } else {
                    if (outcome instanceof SearchOutcome.RateLimited limited) {
                        LOG.info("Query {}: rate limited until {}; stopping", spec.name(), limited.resetAt());
                    }
                    SearchOutcome.Ending ending =
                            outcome.ending("Cannot fetch query " + spec.name(), "the checkpoint is kept");
                    stop = ending.reason();
                    error = ending.error();
                }
            }
        }

        /** Store the page (unless empty), then the checkpoint that points past it. */
        private void onPage(RecentSearchRequest request, SearchOutcome.Page page) {
            pagesReceived++;
            PageMeta meta = page.meta();
            spend.charge(meta.billablePosts(), meta.billableUsers());
            PageEntry entry = null;
            if (meta.resultCount() > 0) {
                if (pagesStored == 0) {
                    // Name this run in the checkpoint before its first page exists, so that a
                    // crash right after storing that page leaves a page the next one can find.
                    save(current.value().withInFlight(state, now()));
                }
                pagesStored++;
                entry = rawPages.store(page.toStore(spec.name(), runId, pagesStored, request.toPageRequest()));
            }
            state = state.afterPage(meta.newestId(), meta.oldestId(), meta.nextToken(), entry);
            Checkpoint next = current.value().afterPage(state, now());
            if (!next.sameStateAs(current.value())) {
                save(next);
            }
            if (state.paginationComplete()) {
                stop = StopReason.COMPLETE;
            }
        }

        /**
         * The three refusals we can work around (once per run each: the start_time one removes what it
         * works around); anything else ends the run.
         */
        private void onRejected(RecentSearchRequest request, XProblem problem) {
            if (problem.namesSinceId() && request.sinceId() != null && !sinceIdFallbackUsed) {
                sinceIdFallbackUsed = true;
                String startTime = Timestamps.iso(clock.instant().minus(SEARCH_WINDOW));
                state = state.restartFrom(startTime, new Gap(Gap.SINCE_ID_EXPIRED, request.sinceId(), startTime));
                LOG.info(
                        "Query {}: since_id {} refused as too old ({}); falling back to start_time {}, until_id {}",
                        spec.name(),
                        request.sinceId(),
                        problem.describe(),
                        state.startTime(),
                        state.untilId());
            } else if (problem.namesStartTime() && request.startTime() != null && request.sinceId() == null) {
                String refused = state.startTime();
                state = state.withoutStartTime(new Gap(Gap.START_TIME_EXPIRED, null, refused));
                LOG.info(
                        "Query {}: start_time {} refused as outside X's window ({}); continuing with until_id {}"
                                + " and no lower bound",
                        spec.name(),
                        refused,
                        problem.describe(),
                        state.untilId());
            } else if (problem.namesPaginationToken() && request.paginationToken() != null && !tokenFallbackUsed) {
                tokenFallbackUsed = true;
                state = state.withoutToken();
                LOG.info(
                        "Query {}: next_token refused ({}); continuing with until_id {}",
                        spec.name(),
                        problem.describe(),
                        state.untilId());
            } else {
                stop = StopReason.ERROR;
                error = "Cannot fetch query " + spec.name() + ": X refused the request: " + problem.describe();
            }
        }

        /** The manifest of this run's pages, whatever the stop reason; @return its key, or null if none. */
        String writeManifest(Instant startedAt) {
            if (state.unmanifestedPages().isEmpty()) {
                return null;
            }
            Manifest manifest = new Manifest(
                    runId,
                    spec.name(),
                    spec.query(),
                    state.sinceId(),
                    state.startTime(),
                    resumedFrom,
                    Timestamps.iso(startedAt),
                    now(),
                    stop,
                    state.unmanifestedPages(),
                    state.gaps(),
                    prices);
            String key = rawPages.putManifest(manifest);
            InFlight remaining = state.paginationComplete() ? null : state.manifested();
            save(current.value().withInFlight(remaining, now()));
            return key;
        }

        /** When X first served a request of this run (ISO-8601); null if it served none. */
        String reachedAt() {
            return Timestamps.iso(caller.reachedAt());
        }

        /**
         * Records in the checkpoint that the query was reached, if no write of this run did yet: a
         * quiet query costs this one write per tick. A failed run leaves the checkpoint as it was,
         * so the query is served first again next time.
         */
        void recordReached() {
            String reachedAt = reachedAt();
            if (reachedAt != null
                    && error == null
                    && !reachedAt.equals(current.value().lastReachedAt())) {
                save(current.value());
            }
        }

        /** Every write of a run that has reached X carries when it did. */
        private void save(Checkpoint checkpoint) {
            String reachedAt = reachedAt();
            Checkpoint stamped = reachedAt == null ? checkpoint : checkpoint.reachedAt(reachedAt, now());
            current = checkpoints.save(stamped, current.etag());
        }
    }

    /** The request for the page after those {@code pagination} has taken. */
    private RecentSearchRequest nextRequest(QuerySpec spec, InFlight pagination) {
        return new RecentSearchRequest(
                spec.query(),
                pageSizeOf(spec),
                pagination.sinceId(),
                Timestamps.parse(pagination.startTime()),
                pagination.untilId(),
                pagination.nextToken(),
                spec.expandUsers());
    }

    /**
     * A killed invocation may have stored one more page than its checkpoint lists (it died between
     * the page and the checkpoint write). That page is the next one of {@code in_flight.run_id}
     * (which names a run before its first page is stored); if it is there, take it into the
     * pagination from its stored body instead of fetching it again.
     */
    private InFlight recoverOrphanPage(QuerySpec spec, InFlight previous) {
        RecentSearchRequest request = nextRequest(spec, previous);
        Optional<OrphanPage> orphan =
                OrphanPage.find(rawPages, "query " + spec.name(), spec.name(), previous, request.toPageRequest());
        if (orphan.isEmpty()) {
            return previous;
        }
        LOG.info(
                "Query {}: recovered page {} of killed run {} from S3",
                spec.name(),
                orphan.get().entry().page(),
                previous.runId());
        return orphan.get().takenInto(previous);
    }

    /** Writes the {@code interrupted} manifest of a killed invocation, unless it got as far as its own. */
    private String settleInterrupted(QuerySpec spec, InFlight previous, Prices prices) {
        if (previous.unmanifestedPages().isEmpty() || rawPages.manifestExists(spec.name(), previous.runId())) {
            return null;
        }
        Manifest manifest = new Manifest(
                previous.runId(),
                spec.name(),
                spec.query(),
                previous.sinceId(),
                previous.startTime(),
                null,
                Timestamps.iso(RunIds.startOf(previous.runId())),
                now(),
                StopReason.INTERRUPTED,
                previous.unmanifestedPages(),
                previous.gaps(),
                prices);
        String key = rawPages.putManifest(manifest);
        LOG.info(
                "Query {}: wrote interrupted manifest for run {} ({} pages)",
                spec.name(),
                previous.runId(),
                previous.unmanifestedPages().size());
        return key;
    }

    private int pageSizeOf(QuerySpec spec) {
        return spec.maxResults() != null ? spec.maxResults() : pageSize;
    }

    private String now() {
        return Timestamps.iso(clock.instant());
    }
}
