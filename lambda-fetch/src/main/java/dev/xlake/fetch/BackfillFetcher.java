package dev.xlake.fetch;

import dev.xlake.backfill.BackfillJob;
import dev.xlake.backfill.BackfillStore;
import dev.xlake.checkpoint.InFlight;
import dev.xlake.config.QuerySpec;
import dev.xlake.core.json.Timestamps;
import dev.xlake.core.layout.RunIds;
import dev.xlake.core.manifest.Manifest;
import dev.xlake.core.manifest.PageEntry;
import dev.xlake.core.manifest.StopReason;
import dev.xlake.core.spend.Prices;
import dev.xlake.rawstore.RawPageStore;
import dev.xlake.s3.VersionedJson.Versioned;
import dev.xlake.spend.DayLedger;
import dev.xlake.spend.RunSpend;
import dev.xlake.spend.SpendTracker;
import dev.xlake.xapi.FullArchiveClient;
import dev.xlake.xapi.FullArchiveRequest;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of a full-archive backfill: settles pages a killed run left without a manifest, then
 * pages through {@code /2/tweets/search/all} from the job's {@code next_token}, storing each page
 * (under {@code raw/x/full-archive/}, the recent-search page format) and then the job, and writes
 * the run's manifest (the core manifest record) whatever stopped it. The same guarantees as
 * {@link QueryFetcher} (docs/fetch.md): nothing lost or fetched twice across kills, 402 and budget
 * stops keep the job where it was. Before every request it checks the backfill's own budget and
 * reserves the request's worst case in the spend ledger (deployment budgets); requests are paced
 * to X's 1 per second.
 */
record BackfillFetcher(
        BackfillStore jobs,
        RawPageStore rawPages,
        FullArchiveClient client,
        RequestPacer pacer,
        InstantSource clock,
        RunIds.Factory runIds) {

    private static final Logger LOG = LoggerFactory.getLogger(BackfillFetcher.class);

    BackfillSummary run(Versioned<BackfillJob> loaded, TimeBudget budget, SearchCaller caller, SpendTracker spending)
            throws InterruptedException {
        Instant startedAt = clock.instant();
        Run run = new Run(loaded, caller, spending.prices());
        String interrupted = run.settle();
        if (run.job.complete()) {
            return run.summary(null, interrupted);
        }
        run.start(runIds.newRunId(startedAt));
        RunSpend spend = spending.startRun(run.runId, run.spec, loaded.value().maxResults());
        try {
            run.paginate(budget, spend);
        } finally {
            spend.close();
        }
        String manifestKey = run.writeManifest(startedAt);
        return run.summary(manifestKey, interrupted);
    }

    /** The state of one run while it paginates. */
    private final class Run {
        final QuerySpec spec;
        final SearchCaller caller;
        final Prices prices;
        BackfillJob job;
        String etag;
        InFlight state;
        String runId;
        String resumedFrom;
        StopReason stop;
        String error;
        int pagesStored;
        long tweetsStored;

        /** Starts from the job as loaded: its ETag guards the next save, its query is the run's. */
        Run(Versioned<BackfillJob> loaded, SearchCaller caller, Prices prices) {
            this.job = loaded.value();
            this.etag = loaded.etag();
            this.spec = new QuerySpec(job.queryName(), job.query(), null, null, job.expandUsers());
            this.caller = caller;
            this.prices = prices;
            this.state = job.inFlight();
        }

        /**
         * A killed run left pages without a manifest (and maybe one more page than the job lists):
         * take that page in from S3 and write the {@code interrupted} manifest.
         *
         * @return the interrupted manifest's key, or null
         */
        String settle() {
            InFlight previous = job.inFlight();
            if (previous == null || previous.runId() == null) {
                return null;
            }
            InFlight recovered = recoverOrphanPage(previous);
            if (recovered == previous && previous.unmanifestedPages().isEmpty() && !previous.paginationComplete()) {
                return null;
            }
            String key = null;
            if (!recovered.unmanifestedPages().isEmpty() && !rawPages.manifestExists(spec.name(), recovered.runId())) {
                key = rawPages.putManifest(manifest(
                        recovered.runId(),
                        null,
                        Timestamps.iso(RunIds.startOf(recovered.runId())),
                        StopReason.INTERRUPTED,
                        recovered));
                LOG.info(
                        "Backfill {}: wrote interrupted manifest for run {} ({} pages)",
                        spec.name(),
                        recovered.runId(),
                        recovered.unmanifestedPages().size());
            }
            InFlight settled = recovered.paginationComplete() ? null : recovered.manifested();
            StopReason reason = settled == null ? StopReason.COMPLETE : job.lastStopReason();
            save(job.withProgress(settled, job.spent(), reason, now()));
            state = settled;
            return key;
        }

        void start(String newRunId) {
            runId = newRunId;
            resumedFrom = state.runId();
            state = state.continuedBy(newRunId);
            LOG.info("Backfill {}: run {} starting, resuming {}", spec.name(), runId, resumedFrom);
        }

        void paginate(TimeBudget budget, RunSpend spend) throws InterruptedException {
            DayLedger.Amount worstCase = SpendTracker.worstCase(job.maxResults(), job.expandUsers(), prices);
            while (stop == null) {
                FullArchiveRequest request = new FullArchiveRequest(
                        spec.query(), job.maxResults(), job.start(), job.end(), state.nextToken(), job.expandUsers());
                Optional<String> refused = ownBudgetRefusal(worstCase).or(spend::reserve);
                if (refused.isPresent()) {
                    LOG.info("Backfill {}: {}; stopping, the job resumes here", spec.name(), refused.get());
                    stop = StopReason.BUDGET_EXHAUSTED;
                    break;
                }
                SearchOutcome outcome = caller.call(() -> pacer.paced(() -> client.searchAll(request)), budget);
                if (outcome instanceof SearchOutcome.Page page) {
                    onPage(request, page, spend);
                } else if (outcome instanceof SearchOutcome.Rejected rejected) {
                    stop = StopReason.ERROR;
                    error = "Cannot backfill " + spec.name() + ": X refused the request: "
                            + rejected.problem().describe() + "; the job is kept, fix the cause and run again";
                } else {
                    if (outcome instanceof SearchOutcome.RateLimited limited) {
                        LOG.info("Backfill {}: rate limited until {}; stopping", spec.name(), limited.resetAt());
                    }
                    SearchOutcome.Ending ending = outcome.ending("Cannot backfill " + spec.name(), "the job is kept");
                    stop = ending.reason();
                    error = ending.error();
                }
            }
        }

        /** The backfill's own budget: what all its runs spent plus this request's worst case. */
        private Optional<String> ownBudgetRefusal(DayLedger.Amount worstCase) {
            BigDecimal limit = job.budgetUsd();
            if (limit == null || job.spent().usd().add(worstCase.usd()).compareTo(limit) <= 0) {
                return Optional.empty();
            }
            return Optional.of("backfill budget of $" + limit.toPlainString() + " would be exceeded: $"
                    + job.spent().usd().toPlainString() + " spent, the next page could cost up to $"
                    + worstCase.usd().toPlainString() + " (" + worstCase.posts() + " posts, " + worstCase.users()
                    + " users)");
        }

        /** Store the page (unless empty), then the job that points past it and counts its cost. */
        private void onPage(FullArchiveRequest request, SearchOutcome.Page page, RunSpend spend) {
            PageMeta meta = page.meta();
            spend.charge(meta.billablePosts(), meta.billableUsers());
            DayLedger.Amount spent = job.spent().plus(cost(meta));
            PageEntry entry = null;
            if (meta.resultCount() > 0) {
                if (pagesStored == 0) {
                    // Name this run in the job before its first page exists, so that a crash right
                    // after storing that page leaves a page the next run can find.
                    save(job.withProgress(state, job.spent(), job.lastStopReason(), now()));
                }
                pagesStored++;
                tweetsStored += meta.resultCount();
                entry = rawPages.store(page.toStore(spec.name(), runId, pagesStored, request.toPageRequest()));
            }
            state = state.afterPage(meta.newestId(), meta.oldestId(), meta.nextToken(), entry);
            if (state.paginationComplete()) {
                stop = StopReason.COMPLETE;
            }
            save(job.withProgress(state, spent, job.lastStopReason(), now()));
        }

        /** The manifest of this run's pages, whatever the stop reason; @return its key, or null if none. */
        String writeManifest(Instant startedAt) {
            String key = null;
            if (!state.unmanifestedPages().isEmpty()) {
                key = rawPages.putManifest(manifest(runId, resumedFrom, Timestamps.iso(startedAt), stop, state));
            }
            // A run that stored nothing leaves the pagination as the previous run named it.
            InFlight remaining =
                    state.paginationComplete() ? null : pagesStored > 0 ? state.manifested() : job.inFlight();
            save(job.withProgress(remaining, job.spent(), stop, now()));
            return key;
        }

        private Manifest manifest(String run, String resumed, String started, StopReason reason, InFlight pages) {
            return new Manifest(
                    run,
                    spec.name(),
                    spec.query(),
                    null,
                    job.startTime(),
                    resumed,
                    started,
                    now(),
                    reason,
                    pages.unmanifestedPages(),
                    pages.gaps(),
                    prices);
        }

        BackfillSummary summary(String manifestKey, String interruptedManifestKey) {
            return new BackfillSummary(
                    spec.name(),
                    error == null,
                    pagesStored > 0 ? runId : null,
                    resumedFrom,
                    stop != null ? stop : StopReason.COMPLETE,
                    pagesStored,
                    tweetsStored,
                    manifestKey,
                    interruptedManifestKey,
                    error,
                    job.spent().posts(),
                    job.spent().users(),
                    job.spent().usd(),
                    job.budgetUsd(),
                    job.complete());
        }

        private void save(BackfillJob next) {
            Versioned<BackfillJob> saved = jobs.save(next, etag);
            job = saved.value();
            etag = saved.etag();
        }

        /**
         * A killed run may have stored one more page than the job lists (it died between the page
         * and the job write): the next page of {@code in_flight.run_id}; if it is there, take it in
         * from its stored body instead of fetching it again.
         */
        private InFlight recoverOrphanPage(InFlight previous) {
            FullArchiveRequest request = new FullArchiveRequest(
                    spec.query(), job.maxResults(), job.start(), job.end(), previous.nextToken(), job.expandUsers());
            Optional<OrphanPage> orphan = OrphanPage.find(
                    rawPages, "backfill " + spec.name(), spec.name(), previous, request.toPageRequest());
            if (orphan.isEmpty()) {
                return previous;
            }
            PageMeta meta = orphan.get().meta();
            LOG.info(
                    "Backfill {}: recovered page {} of killed run {} from S3",
                    spec.name(),
                    orphan.get().entry().page(),
                    previous.runId());
            job = job.withProgress(previous, job.spent().plus(cost(meta)), job.lastStopReason(), now());
            return orphan.get().takenInto(previous);
        }

        private DayLedger.Amount cost(PageMeta meta) {
            return new DayLedger.Amount(
                    meta.billablePosts(),
                    meta.billableUsers(),
                    prices.readCost(meta.billablePosts(), meta.billableUsers()));
        }
    }

    private String now() {
        return Timestamps.iso(clock.instant());
    }
}
