package dev.xlake.fetch;

import static dev.xlake.xapi.FakeXApi.pass;
import static dev.xlake.xapi.FakeXApi.problem;
import static dev.xlake.xapi.FakeXApi.status;
import static dev.xlake.xapi.FakeXApi.tooManyRequests;
import static org.assertj.core.api.Assertions.assertThat;

import dev.xlake.checkpoint.Checkpoint;
import dev.xlake.config.FetchConfig;
import dev.xlake.config.QuerySpec;
import dev.xlake.core.config.EnvNames;
import dev.xlake.core.layout.RawKeys;
import dev.xlake.core.layout.RunIds;
import dev.xlake.core.manifest.Gap;
import dev.xlake.core.manifest.Manifest;
import dev.xlake.core.manifest.PageEntry;
import dev.xlake.core.manifest.StopReason;
import dev.xlake.core.manifest.Tick;
import dev.xlake.core.time.FakeTime;
import dev.xlake.rawstore.RawPageStore;
import dev.xlake.s3.InMemoryObjectStore;
import dev.xlake.s3.StoredObject;
import dev.xlake.testing.CapturedLogs;
import dev.xlake.xapi.FakeXApi;
import dev.xlake.xapi.RecentSearchRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Fetch scenarios against the in-memory X API and object store (docs/fetch.md). */
class FetchServiceTest {

    static final String TOKEN = "AAAAAAAAAAAAAAAAAAAAAsecret-bearer-0123456789";
    static final Instant T0 = Instant.parse("2026-11-25T20:00:00Z");
    static final QuerySpec KPOP = new QuerySpec("kpop", "#kpop lang:en");
    static final QuerySpec NEWS = new QuerySpec("news", "breaking news");

    final FakeTime time = new FakeTime(T0);
    final FakeXApi x = new FakeXApi(time);
    final InMemoryObjectStore store = new InMemoryObjectStore("lake");
    final RawLakeReader lake = new RawLakeReader(store, store::keys);
    final AtomicInteger runCounter = new AtomicInteger();

    FetchService service(int maxPages, QuerySpec... queries) {
        FetchConfig config = TestFetchConfig.of(queries)
                .with(EnvNames.X_BEARER_TOKEN, TOKEN)
                .with(EnvNames.MAX_PAGES, maxPages)
                .build();
        return new FetchService(
                config,
                x,
                store,
                time,
                time,
                new Random(7),
                startedAt -> RunIds.format(startedAt, runCounter.incrementAndGet()));
    }

    InvocationSummary run(int maxPages, TimeBudget budget, QuerySpec... queries) throws InterruptedException {
        return service(maxPages, queries).runOnce(budget);
    }

    InvocationSummary run(QuerySpec... queries) throws InterruptedException {
        return run(100, TimeBudget.from(time, Duration.ofMinutes(10)), queries);
    }

    /** {@code tweets} kpop tweets; the {@code n}-th checkpoint write from now on dies (the first names the run). */
    void seedKpopDyingAtCheckpointWrite(int tweets, int n) {
        seed(KPOP, tweets);
        store.crashOnPut(key -> key.endsWith("checkpoint.json"), n);
    }

    /** A budget that allows {@code requests} X requests, like a Lambda about to time out. */
    TimeBudget budgetForRequests(int requests) {
        return () -> x.requests().size() < requests ? Duration.ofMinutes(5) : Duration.ZERO;
    }

    List<String> seed(QuerySpec query, int tweets) {
        return x.addTweets(query.query(), tweets, T0.minus(Duration.ofHours(3)), Duration.ofMinutes(1));
    }

    long rawPuts() {
        return store.putLog().stream().filter(k -> k.startsWith("raw/")).count();
    }

    void assertStoredExactlyOnceAndComplete(QuerySpec query) {
        List<String> ids = lake.manifestedTweetIds(query.name());
        assertThat(ids).doesNotHaveDuplicates();
        assertThat(new HashSet<>(ids)).isEqualTo(x.visibleIds(query.query()));
        List<String> rawPuts =
                store.putLog().stream().filter(k -> k.startsWith("raw/")).toList();
        assertThat(rawPuts).doesNotHaveDuplicates();
    }

    @Test
    void shouldStoreEveryPageOfAPaginationByteForByteAndCommitTheFirstNewestId() throws Exception {
        // Given 35 tweets: four pages of 10
        List<String> ids = seed(KPOP, 35);

        // When
        QuerySummary summary = run(KPOP).queries().get(0);

        // Then
        assertThat(summary.ok()).isTrue();
        assertThat(summary.stopReason()).isEqualTo(StopReason.COMPLETE);
        assertThat(summary.pagesStored()).isEqualTo(4);
        List<Manifest> manifests = lake.manifests("kpop");
        assertThat(manifests).hasSize(1);
        Manifest manifest = manifests.get(0);
        assertThat(manifest.stopReason()).isEqualTo(StopReason.COMPLETE);
        assertThat(manifest.pageCount()).isEqualTo(4);
        assertThat(manifest.tweetCount()).isEqualTo(35);
        assertThat(manifest.query()).isEqualTo("#kpop lang:en");
        assertThat(manifest.sinceId()).isNull();
        assertThat(manifest.pages()).extracting(PageEntry::page).containsExactly(1, 2, 3, 4);
        assertThat(manifest.pages().get(0).key())
                .isEqualTo(
                        "raw/x/recent-search/query=kpop/dt=2026-11-25/run=" + manifest.runId() + "/page-00001.json.gz");
        for (int i = 0; i < 4; i++) {
            PageEntry entry = manifest.pages().get(i);
            byte[] body = lake.pageBody(entry.key());
            assertThat(body).isEqualTo(x.servedPages().get(i));
            StoredObject object = lake.object(entry.key());
            assertThat(object.contentType()).isEqualTo("application/gzip");
            assertThat(object.metadata())
                    .containsEntry("xlake-sha256", RawPageStore.sha256Hex(body))
                    .containsEntry("xlake-http-status", "200")
                    .containsEntry("xlake-query-name", "kpop")
                    .containsEntry("xlake-run-id", manifest.runId())
                    .containsKey("xlake-fetched-at");
            assertThat(entry.sha256()).isEqualTo(RawPageStore.sha256Hex(body));
            assertThat(entry.rateLimit().limit()).isEqualTo(450L);
        }
        assertThat(manifest.pages().get(1).request().paginationToken()).isNotNull();
        assertThat(x.requests()).extracting(RecentSearchRequest::sinceId).containsOnlyNulls();
        Checkpoint checkpoint = lake.checkpoint("kpop");
        assertThat(checkpoint.sinceId()).isEqualTo(ids.get(ids.size() - 1));
        assertThat(checkpoint.inFlight()).isNull();
        assertStoredExactlyOnceAndComplete(KPOP);
    }

    @Test
    void shouldFetchOnlyNewTweetsOnTheNextRun() throws Exception {
        // Given a completed first run
        seed(KPOP, 25);
        run(KPOP);
        String firstSinceId = lake.checkpoint("kpop").sinceId();
        // and 12 tweets posted afterwards
        List<String> newIds = x.addTweets(KPOP.query(), 12, T0.plusSeconds(60), Duration.ofSeconds(30));
        time.advance(Duration.ofMinutes(15));
        int requestsBefore = x.requests().size();

        // When
        QuerySummary summary = run(KPOP).queries().get(0);

        // Then only the new tweets are fetched, with the first run's newest id as since_id
        assertThat(summary.tweetCount()).isEqualTo(12);
        assertThat(summary.sinceIdBefore()).isEqualTo(firstSinceId);
        assertThat(summary.sinceIdAfter()).isEqualTo(newIds.get(11));
        assertThat(x.requests().subList(requestsBefore, x.requests().size()))
                .extracting(RecentSearchRequest::sinceId)
                .containsOnly(firstSinceId);
        assertThat(lake.manifests("kpop")).hasSize(2);
        assertStoredExactlyOnceAndComplete(KPOP);
    }

    @Test
    void shouldResumeFromNextTokenAfterTimeBudgetRanOut() throws Exception {
        // Given 55 tweets (6 pages) and a budget for 2 requests
        seed(KPOP, 55);

        // When the first run runs out of time
        QuerySummary first = run(100, budgetForRequests(2), KPOP).queries().get(0);

        // Then it stored 2 pages, wrote a manifest and kept the pagination in flight
        assertThat(first.ok()).isTrue();
        assertThat(first.stopReason()).isEqualTo(StopReason.TIME_BUDGET);
        assertThat(first.pagesStored()).isEqualTo(2);
        Checkpoint checkpoint = lake.checkpoint("kpop");
        assertThat(checkpoint.sinceId()).isNull();
        assertThat(checkpoint.inFlight().nextToken()).isNotNull();
        assertThat(checkpoint.inFlight().unmanifestedPages()).isEmpty();
        assertThat(lake.manifests("kpop")).extracting(Manifest::stopReason).containsExactly(StopReason.TIME_BUDGET);

        // When the next invocation has time
        QuerySummary second = run(KPOP).queries().get(0);

        // Then it continues where the first stopped, and commits since_id
        assertThat(second.resumedFrom()).isEqualTo(first.runId());
        assertThat(second.stopReason()).isEqualTo(StopReason.COMPLETE);
        assertThat(second.pagesStored()).isEqualTo(4);
        assertThat(lake.checkpoint("kpop").sinceId())
                .isEqualTo(x.visibleIds(KPOP.query()).last());
        assertThat(lake.checkpoint("kpop").inFlight()).isNull();
        assertStoredExactlyOnceAndComplete(KPOP);
    }

    @Test
    void shouldWriteInterruptedManifestAndResumeAfterACrashWhileStoringAPage() throws Exception {
        // Given 55 tweets and an invocation that dies while storing its third page
        seed(KPOP, 55);
        store.crashOnPut(key -> key.endsWith(".json.gz"), 3);

        // When
        InvocationSummary crashed = run(KPOP);

        // Then two pages are stored, no manifest, and the checkpoint lists them as unmanifested
        assertThat(crashed.failedQueryNames()).containsExactly("kpop");
        assertThat(lake.pageKeys("kpop")).hasSize(2);
        assertThat(lake.manifests("kpop")).isEmpty();
        Checkpoint checkpoint = lake.checkpoint("kpop");
        assertThat(checkpoint.inFlight().unmanifestedPages()).hasSize(2);
        String crashedRun = checkpoint.inFlight().runId();

        // When the next invocation runs
        QuerySummary resumed = run(KPOP).queries().get(0);

        // Then it writes an interrupted manifest for the crashed run and fetches the rest
        assertThat(resumed.interruptedManifestKey()).isEqualTo(RawKeys.manifest("kpop", crashedRun));
        assertThat(lake.manifests("kpop"))
                .extracting(Manifest::runId, Manifest::stopReason, Manifest::pageCount)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(crashedRun, StopReason.INTERRUPTED, 2),
                        org.assertj.core.groups.Tuple.tuple(resumed.runId(), StopReason.COMPLETE, 4));
        assertThat(resumed.resumedFrom()).isEqualTo(crashedRun);
        assertStoredExactlyOnceAndComplete(KPOP);
    }

    @Test
    void shouldRecoverThePageStoredJustBeforeACrashInsteadOfFetchingItAgain() throws Exception {
        // Given an invocation that dies after storing page 3 but before checkpointing it (the
        // 4th checkpoint write: the first names the run)
        seedKpopDyingAtCheckpointWrite(55, 4);
        run(KPOP);
        assertThat(lake.pageKeys("kpop")).hasSize(3);
        assertThat(lake.checkpoint("kpop").inFlight().unmanifestedPages()).hasSize(2);
        String killedRun = lake.checkpoint("kpop").inFlight().runId();

        // When the next invocation runs
        QuerySummary next = run(KPOP).queries().get(0);

        // Then page 3 is taken from S3 into the interrupted manifest, and only pages 4-6 are fetched
        Manifest interrupted = lake.manifests("kpop").stream()
                .filter(m -> m.runId().equals(killedRun))
                .findFirst()
                .orElseThrow();
        assertThat(interrupted.stopReason()).isEqualTo(StopReason.INTERRUPTED);
        assertThat(interrupted.pages()).extracting(PageEntry::page).containsExactly(1, 2, 3);
        assertThat(interrupted.pages().get(2).sha256())
                .isEqualTo(RawPageStore.sha256Hex(x.servedPages().get(2)));
        assertThat(next.pagesStored()).isEqualTo(3);
        assertThat(x.servedPages()).hasSize(6);
        assertStoredExactlyOnceAndComplete(KPOP);
    }

    @Test
    void shouldRecoverTheFirstPageOfARunKilledBeforeItsFirstPageCheckpoint() throws Exception {
        // Given a first-ever run that dies right after storing page 1
        seedKpopDyingAtCheckpointWrite(35, 2);
        run(KPOP);
        assertThat(lake.pageKeys("kpop")).hasSize(1);

        // When
        run(KPOP);

        // Then page 1 is listed once (interrupted manifest) and X served every page once
        assertThat(lake.manifests("kpop"))
                .extracting(Manifest::stopReason, Manifest::pageCount)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(StopReason.INTERRUPTED, 1),
                        org.assertj.core.groups.Tuple.tuple(StopReason.COMPLETE, 3));
        assertThat(x.servedPages()).hasSize(4);
        assertStoredExactlyOnceAndComplete(KPOP);
    }

    @Test
    void shouldNotWriteAnInterruptedManifestWhenTheKilledRunHadWrittenItsOwn() throws Exception {
        // Given a run (2 requests of budget) killed after its manifest, before its last checkpoint write
        seedKpopDyingAtCheckpointWrite(45, 4);
        run(100, budgetForRequests(2), KPOP);
        assertThat(lake.manifests("kpop")).extracting(Manifest::stopReason).containsExactly(StopReason.TIME_BUDGET);
        assertThat(lake.checkpoint("kpop").inFlight().unmanifestedPages()).hasSize(2);

        // When
        QuerySummary next = run(KPOP).queries().get(0);

        // Then its pages are not listed a second time
        assertThat(next.interruptedManifestKey()).isNull();
        assertThat(lake.manifests("kpop"))
                .extracting(Manifest::stopReason)
                .containsExactlyInAnyOrder(StopReason.TIME_BUDGET, StopReason.COMPLETE);
        assertStoredExactlyOnceAndComplete(KPOP);
    }

    @Test
    void shouldWaitForA429ResetThatFitsInTheBudget() throws Exception {
        // Given 35 tweets and a 429 on the second request that resets in 60 s
        seed(KPOP, 35);
        x.fault(pass(), tooManyRequests(Duration.ofSeconds(60)));

        // When the budget is 10 minutes
        QuerySummary summary = run(KPOP).queries().get(0);

        // Then the fetcher slept until the reset and completed
        assertThat(summary.stopReason()).isEqualTo(StopReason.COMPLETE);
        assertThat(time.sleeps()).hasSize(1);
        assertThat(time.sleeps().get(0)).isBetween(Duration.ofSeconds(60), Duration.ofSeconds(62));
        assertStoredExactlyOnceAndComplete(KPOP);
    }

    @Test
    void shouldCheckpointAndStopWhenA429ResetIsBeyondTheBudget() throws Exception {
        // Given a 429 on the second request that resets in 30 minutes, with 5 minutes left
        seed(KPOP, 35);
        x.fault(pass(), tooManyRequests(Duration.ofMinutes(30)));

        // When
        QuerySummary summary = run(100, TimeBudget.from(time, Duration.ofMinutes(5)), KPOP)
                .queries()
                .get(0);

        // Then it stops cleanly after page 1, without sleeping, and records where to resume
        assertThat(summary.ok()).isTrue();
        assertThat(summary.stopReason()).isEqualTo(StopReason.RATE_LIMITED);
        assertThat(time.sleeps()).isEmpty();
        assertThat(lake.manifests("kpop"))
                .singleElement()
                .satisfies(m -> assertThat(m.stopReason()).isEqualTo(StopReason.RATE_LIMITED))
                .satisfies(m -> assertThat(m.pageCount()).isEqualTo(1));
        assertThat(lake.checkpoint("kpop").inFlight().nextToken()).isNotNull();

        // When the window has reset
        time.advance(Duration.ofMinutes(31));
        run(KPOP);

        // Then everything is fetched once
        assertStoredExactlyOnceAndComplete(KPOP);
    }

    @Test
    void shouldStopBeforeTheRequestWhenTheWindowIsExhaustedAndTheResetIsBeyondTheBudget() throws Exception {
        // Given a window of 2 requests
        seed(KPOP, 35);
        x.rateLimitPerWindow(2);

        // When
        QuerySummary summary = run(100, TimeBudget.from(time, Duration.ofMinutes(3)), KPOP)
                .queries()
                .get(0);

        // Then no request was wasted on a 429
        assertThat(summary.stopReason()).isEqualTo(StopReason.RATE_LIMITED);
        assertThat(summary.pagesStored()).isEqualTo(2);
        assertThat(x.requests()).hasSize(2);
    }

    @Test
    void shouldRetry503BurstsWithGrowingJitteredBackoff() throws Exception {
        // Given three 503s before the second page
        seed(KPOP, 35);
        x.fault(pass(), status(503), status(503), status(503));

        // When
        QuerySummary summary = run(KPOP).queries().get(0);

        // Then it retried three times, waiting 0.25-0.5 s, 0.5-1 s, 1-2 s
        assertThat(summary.stopReason()).isEqualTo(StopReason.COMPLETE);
        assertThat(time.sleeps()).hasSize(3);
        assertThat(time.sleeps().get(0)).isBetween(Duration.ofMillis(250), Duration.ofMillis(500));
        assertThat(time.sleeps().get(1)).isBetween(Duration.ofMillis(500), Duration.ofMillis(1000));
        assertThat(time.sleeps().get(2)).isBetween(Duration.ofMillis(1000), Duration.ofMillis(2000));
        assertStoredExactlyOnceAndComplete(KPOP);
    }

    @Test
    void shouldFailTheQueryWhen503sOutlastTheRetriesKeepingStoredPages() throws Exception {
        // Given four 503s (one more than the 3 retries) before the second page
        seed(KPOP, 35);
        x.fault(pass(), status(503), status(503), status(503), status(502));

        // When
        QuerySummary summary = run(KPOP).queries().get(0);

        // Then the query fails, page 1 is in an "error" manifest and the pagination stays resumable
        assertThat(summary.ok()).isFalse();
        assertThat(summary.error()).contains("4 attempts failed", "HTTP 502");
        assertThat(lake.manifests("kpop"))
                .singleElement()
                .satisfies(m -> assertThat(m.stopReason()).isEqualTo(StopReason.ERROR));
        assertThat(lake.checkpoint("kpop").inFlight().nextToken()).isNotNull();
        run(KPOP);
        assertStoredExactlyOnceAndComplete(KPOP);
    }

    @Test
    void shouldRetryMalformedTruncatedAndTimedOutResponsesWithoutStoringThem() throws Exception {
        // Given a malformed 200, a truncated body and a timeout before page 2
        seed(KPOP, 35);
        x.fault(
                pass(),
                FakeXApi.Fault.class.cast(new FakeXApi.Fault.Malformed()),
                new FakeXApi.Fault.Truncated(),
                new FakeXApi.Fault.Timeout());

        // When
        QuerySummary summary = run(KPOP).queries().get(0);

        // Then only good pages are stored, each a parseable response
        assertThat(summary.stopReason()).isEqualTo(StopReason.COMPLETE);
        assertThat(x.requests()).hasSize(4 + 3);
        assertThat(lake.pageKeys("kpop")).hasSize(4);
        for (String key : lake.pageKeys("kpop")) {
            assertThat(lake.tweetIds(key)).isNotEmpty();
        }
        assertStoredExactlyOnceAndComplete(KPOP);
    }

    @Test
    void shouldStoreNothingForAnEmptyResult() throws Exception {
        // Given no matching tweet
        // When
        QuerySummary summary = run(KPOP).queries().get(0);

        // Then the run completes with nothing stored; the checkpoint only records that it was reached
        assertThat(summary.ok()).isTrue();
        assertThat(summary.stopReason()).isEqualTo(StopReason.COMPLETE);
        assertThat(summary.pagesStored()).isZero();
        assertThat(summary.runId()).isNull();
        // (and the spend ledger, that its reservation was released: SpendAndBudgetTest)
        assertThat(store.keys("").stream().filter(k -> !k.startsWith(RawKeys.SPEND_PREFIX)))
                .containsExactly(RawKeys.checkpoint("kpop"));
        assertThat(lake.checkpoint("kpop"))
                .isEqualTo(new Checkpoint(
                        1, "kpop", KPOP.query(), null, "2026-11-25T20:00:00.000Z", null, summary.reachedAt()));
        assertThat(summary.reachedAt()).isEqualTo("2026-11-25T20:00:00.000Z");
    }

    @Test
    void shouldKeepTheCommittedSinceIdWhenNothingNewAppeared() throws Exception {
        // Given a completed run
        seed(KPOP, 12);
        run(KPOP);
        Checkpoint before = lake.checkpoint("kpop");
        long rawPuts = rawPuts();

        // When nothing new appeared by the next tick
        time.advance(Duration.ofMinutes(15));
        QuerySummary summary = run(KPOP).queries().get(0);

        // Then nothing was stored, and the checkpoint only records when the query was reached
        assertThat(summary.pagesStored()).isZero();
        assertThat(rawPuts()).isEqualTo(rawPuts);
        assertThat(lake.manifests("kpop")).hasSize(1);
        assertThat(lake.checkpoint("kpop"))
                .usingRecursiveComparison()
                .ignoringFields("updatedAt", "lastReachedAt")
                .isEqualTo(before);
        assertThat(lake.checkpoint("kpop").lastReachedAt()).isEqualTo("2026-11-25T20:15:00.000Z");
    }

    @Test
    void shouldFallBackToStartTimeWhenSinceIdIsTooOldAndRecordTheGap() throws Exception {
        // Given a checkpoint whose since_id X no longer accepts
        seed(KPOP, 15);
        run(KPOP);
        String oldSinceId = lake.checkpoint("kpop").sinceId();
        x.expireSinceIdsBelow(Long.toString(Long.parseLong(oldSinceId) + 1));
        List<String> newIds = x.addTweets(KPOP.query(), 5, T0.plusSeconds(10), Duration.ofSeconds(10));
        time.advance(Duration.ofMinutes(5));

        // When
        QuerySummary summary = run(KPOP).queries().get(0);

        // Then it retried from start_time = now - 7 days (+1 min) and recorded the gap
        assertThat(summary.stopReason()).isEqualTo(StopReason.COMPLETE);
        RecentSearchRequest retried = x.requests().get(x.requests().size() - 1);
        assertThat(retried.sinceId()).isNull();
        Instant expectedStart = time.instant().minus(Duration.ofDays(7)).plus(Duration.ofMinutes(1));
        assertThat(retried.startTime()).isEqualTo(expectedStart);
        Manifest manifest = lake.manifests("kpop").stream()
                .filter(m -> m.runId().equals(summary.runId()))
                .findFirst()
                .orElseThrow();
        assertThat(manifest.sinceId()).isNull();
        assertThat(manifest.startTime()).isEqualTo("2026-11-18T20:06:00.000Z");
        assertThat(manifest.gaps())
                .containsExactly(new Gap(Gap.SINCE_ID_EXPIRED, oldSinceId, "2026-11-18T20:06:00.000Z"));
        assertThat(lake.checkpoint("kpop").sinceId()).isEqualTo(newIds.get(4));
    }

    /** A run commits a since_id; then 8 days pass and X refuses it. */
    void commitASinceIdThatExpiresEightDaysLater() throws InterruptedException {
        seed(KPOP, 15);
        run(KPOP);
        String oldSinceId = lake.checkpoint("kpop").sinceId();
        x.expireSinceIdsBelow(Long.toString(Long.parseLong(oldSinceId) + 1));
        time.advance(Duration.ofDays(8));
    }

    @Test
    void shouldDropAnExpiredSinceIdWhenTheFallbackFindsNothing() throws Exception {
        // Given a checkpoint from 8 days ago and nothing posted since
        commitASinceIdThatExpiresEightDaysLater();

        // When two more ticks run
        QuerySummary fallback = run(KPOP).queries().get(0);
        int requestsBefore = x.requests().size();
        QuerySummary next = run(KPOP).queries().get(0);

        // Then the first falls back and commits "no lower bound"; the next is not refused again
        assertThat(fallback.stopReason()).isEqualTo(StopReason.COMPLETE);
        assertThat(fallback.sinceIdAfter()).isNull();
        assertThat(next.ok()).isTrue();
        assertThat(x.requests().subList(requestsBefore, x.requests().size()))
                .singleElement()
                .satisfies(r -> assertThat(r.sinceId()).isNull());
    }

    @Test
    void shouldContinueBelowTheLastOldestIdWhenTheFallbackStartTimeLeavesTheWindow() throws Exception {
        // Given an expired since_id and a start_time fallback stopped after 2 of its 4 pages
        QuerySummary fallback = startTimeFallbackStoppedAfterTwoPages();
        String refusedStart = lake.checkpoint("kpop").inFlight().startTime();

        // When the next tick runs 15 minutes later, when X no longer accepts that start_time
        time.advance(Duration.ofMinutes(15));
        QuerySummary resumed = resumeBelowTheLastOldestId(fallback);

        // Then it recorded the gap
        assertThat(lake.manifests("kpop"))
                .filteredOn(m -> m.runId().equals(resumed.runId()))
                .singleElement()
                .satisfies(
                        m -> assertThat(m.gaps()).containsExactly(new Gap(Gap.START_TIME_EXPIRED, null, refusedStart)));
    }

    @Test
    void shouldContinueBelowTheLastOldestIdWhenTheTokenOfAStartTimeFallbackIsRejected() throws Exception {
        // Given a start_time fallback stopped after 2 of its 4 pages, whose next_token X then refuses
        QuerySummary fallback = startTimeFallbackStoppedAfterTwoPages();
        x.invalidateIssuedTokens();

        // When / Then it continues below the oldest stored tweet instead of fetching them again
        QuerySummary resumed = resumeBelowTheLastOldestId(fallback);
        assertThat(lake.manifests("kpop"))
                .filteredOn(m -> m.runId().equals(resumed.runId()))
                .singleElement()
                .satisfies(m -> assertThat(m.gaps()).isEmpty());
    }

    @Test
    void shouldContinueBelowTheLastOldestIdWhenAPausedPaginationsSinceIdExpires() throws Exception {
        // Given a pagination stopped after 2 of 4 pages, then 8 days without a tick
        seed(KPOP, 15);
        run(KPOP);
        String sinceId = lake.checkpoint("kpop").sinceId();
        time.advance(Duration.ofDays(8));
        windowTweets = x.addTweets(KPOP.query(), 35, time.instant().minus(Duration.ofHours(1)), Duration.ofMinutes(1));
        QuerySummary paused = run(2, TimeBudget.from(time, Duration.ofMinutes(10)), KPOP)
                .queries()
                .get(0);
        assertThat(paused.stopReason()).isEqualTo(StopReason.MAX_PAGES);
        x.expireSinceIdsBelow(Long.toString(Long.parseLong(sinceId) + 1));

        // When / Then the next tick continues below the oldest stored tweet instead of starting over
        QuerySummary resumed = resumeBelowTheLastOldestId(paused);
        assertThat(lake.manifests("kpop"))
                .filteredOn(m -> m.runId().equals(resumed.runId()))
                .singleElement()
                .satisfies(m -> assertThat(m.gaps())
                        .singleElement()
                        .satisfies(gap -> assertThat(gap.sinceId()).isEqualTo(sinceId)));
    }

    List<String> windowTweets;

    QuerySummary startTimeFallbackStoppedAfterTwoPages() throws InterruptedException {
        commitASinceIdThatExpiresEightDaysLater();
        windowTweets = x.addTweets(KPOP.query(), 35, time.instant().minus(Duration.ofHours(1)), Duration.ofMinutes(1));
        QuerySummary fallback = run(2, TimeBudget.from(time, Duration.ofMinutes(10)), KPOP)
                .queries()
                .get(0);
        assertThat(fallback.stopReason()).isEqualTo(StopReason.MAX_PAGES);
        assertThat(lake.checkpoint("kpop").inFlight().startTime()).isNotNull();
        return fallback;
    }

    /** The next tick: X refuses the first request, the second continues below the oldest stored id. */
    QuerySummary resumeBelowTheLastOldestId(QuerySummary fallback) throws InterruptedException {
        String lastOldest = lake.checkpoint("kpop").inFlight().lastOldestId();
        int requestsBefore = x.requests().size();
        QuerySummary resumed = run(KPOP).queries().get(0);

        assertThat(resumed.ok()).as(resumed.error()).isTrue();
        assertThat(resumed.stopReason()).isEqualTo(StopReason.COMPLETE);
        RecentSearchRequest continued = x.requests().get(requestsBefore + 1);
        assertThat(continued.startTime()).isNull();
        assertThat(continued.sinceId()).isNull();
        assertThat(continued.paginationToken()).isNull();
        assertThat(continued.untilId()).isEqualTo(lastOldest);
        // the two runs hold the window's tweets exactly once
        List<String> ids = lake.manifests("kpop").stream()
                .filter(m -> m.runId().equals(fallback.runId()) || m.runId().equals(resumed.runId()))
                .flatMap(m -> m.pages().stream())
                .flatMap(p -> lake.tweetIds(p.key()).stream())
                .toList();
        assertThat(ids).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(windowTweets);
        assertThat(lake.checkpoint("kpop").sinceId()).isEqualTo(windowTweets.get(34));
        assertThat(lake.checkpoint("kpop").inFlight()).isNull();
        return resumed;
    }

    @Test
    void shouldFailLoudlyOn401AndLeaveTheCheckpointUnchanged() throws Exception {
        // Given a completed run, then X refusing the token
        seed(KPOP, 12);
        run(KPOP);
        StoredObject checkpointBefore = lake.object(RawKeys.checkpoint("kpop"));
        List<String> keysBefore = store.keys("");
        x.fault(problem(401, "Unauthorized", "Unauthorized"));

        // When
        QuerySummary summary = run(KPOP).queries().get(0);

        // Then the query fails with X's title/detail and nothing was written
        assertThat(summary.ok()).isFalse();
        assertThat(summary.error())
                .isEqualTo("Cannot fetch query kpop: X refused the request: HTTP 401 Unauthorized: Unauthorized");
        assertThat(x.requests()).hasSize(3);
        assertThat(store.keys("")).isEqualTo(keysBefore);
        assertThat(lake.object(RawKeys.checkpoint("kpop")).etag()).isEqualTo(checkpointBefore.etag());
    }

    @Test
    void shouldContinueBelowTheLastOldestIdWhenTheStoredTokenIsRejected() throws Exception {
        // Given a pagination stopped after 2 pages, whose next_token X later refuses
        List<String> ids = seed(KPOP, 45);
        run(100, budgetForRequests(2), KPOP);
        String lastOldest = lake.checkpoint("kpop").inFlight().lastOldestId();
        x.invalidateIssuedTokens();

        // When
        QuerySummary summary = run(KPOP).queries().get(0);

        // Then it continued with since_id unchanged and until_id = the oldest id stored
        assertThat(summary.stopReason()).isEqualTo(StopReason.COMPLETE);
        RecentSearchRequest fallback = x.requests().get(3);
        assertThat(fallback.untilId()).isEqualTo(lastOldest);
        assertThat(fallback.paginationToken()).isNull();
        assertThat(lake.checkpoint("kpop").sinceId()).isEqualTo(ids.get(44));
        assertStoredExactlyOnceAndComplete(KPOP);
    }

    @Test
    void shouldStopAtMaxPagesAndContinueNextTime() throws Exception {
        // Given 35 tweets and 2 pages per run
        seed(KPOP, 35);

        // When
        QuerySummary first = run(2, TimeBudget.from(time, Duration.ofMinutes(10)), KPOP)
                .queries()
                .get(0);
        QuerySummary second = run(2, TimeBudget.from(time, Duration.ofMinutes(10)), KPOP)
                .queries()
                .get(0);

        // Then
        assertThat(first.stopReason()).isEqualTo(StopReason.MAX_PAGES);
        assertThat(first.pagesStored()).isEqualTo(2);
        assertThat(second.stopReason()).isEqualTo(StopReason.COMPLETE);
        assertThat(second.pagesStored()).isEqualTo(2);
        assertStoredExactlyOnceAndComplete(KPOP);
    }

    @Test
    void shouldKeepQueriesIndependentWhenOneFails() throws Exception {
        // Given two queries, the first refused with 403
        seed(KPOP, 15);
        seed(NEWS, 15);
        x.fault(problem(403, "Forbidden", "Client Forbidden"));

        // When
        InvocationSummary summary = run(KPOP, NEWS);

        // Then the second still ran to completion
        assertThat(summary.failedQueryNames()).containsExactly("kpop");
        assertThat(summary.queries().get(1).stopReason()).isEqualTo(StopReason.COMPLETE);
        assertThat(lake.manifests("kpop")).isEmpty();
        assertThat(lake.checkpoint("kpop")).isNull();
        assertStoredExactlyOnceAndComplete(NEWS);
    }

    @Test
    void shouldFailTheQueryWhenAnotherInvocationChangedTheCheckpoint() throws Exception {
        // Given a pagination in flight, and another invocation rewriting the checkpoint while
        // this one stores its first page
        seed(KPOP, 35);
        run(2, TimeBudget.from(time, Duration.ofMinutes(10)), KPOP);
        String checkpointKey = RawKeys.checkpoint("kpop");
        byte[] theirs = lake.object(checkpointKey).content();
        store.interfereBeforePut(key -> key.endsWith(".json.gz"), () -> store.overwrite(checkpointKey, theirs));

        // When
        QuerySummary summary = run(KPOP).queries().get(0);

        // Then this invocation does not overwrite their progress
        assertThat(summary.ok()).isFalse();
        assertThat(summary.error()).contains(checkpointKey, "changed since ETag");
        assertThat(lake.object(checkpointKey).content()).isEqualTo(theirs);
    }

    @Test
    void shouldNeverWriteTheBearerTokenToLogsOrObjects() throws Exception {
        // Given failures of every kind on the way
        seed(KPOP, 25);
        seed(NEWS, 25);
        x.fault(pass(), status(503), new FakeXApi.Fault.Malformed(), tooManyRequests(Duration.ofSeconds(5)));
        store.crashOnPut(key -> key.startsWith("raw/x/recent-search/query=news/"), 2);

        // When
        InvocationSummary summary;
        List<String> logs;
        try (CapturedLogs captured = new CapturedLogs()) {
            summary = run(KPOP, NEWS);
            x.fault(problem(401, "Unauthorized", "Unauthorized"));
            run(KPOP, NEWS);
            logs = captured.lines();
        }

        // Then
        assertThat(logs).isNotEmpty().noneMatch(line -> line.contains(TOKEN));
        assertThat(String.join("\n", logs)).contains("kpop", "news");
        assertThat(dev.xlake.core.json.Json.toLine(summary)).doesNotContain(TOKEN);
        assertThat(lake.keys("")).isNotEmpty();
        assertThat(lake.keysContaining("", TOKEN)).isEmpty();
    }

    @Test
    void shouldWriteOneTickListingTheManifestsOfAllQueriesOfAnInvocation() throws Exception {
        // Given two queries with new tweets
        seed(KPOP, 12);
        seed(NEWS, 3);

        // When one invocation serves both
        InvocationSummary summary = run(KPOP, NEWS);

        // Then one tick object lists both runs' manifests, and the summary names it
        List<String> tickKeys = lake.keys(RawKeys.TICKS_PREFIX);
        assertThat(tickKeys).hasSize(1).containsExactly(summary.tickKey());
        Tick tick = Tick.read(store.get(summary.tickKey()).orElseThrow().content(), summary.tickKey());
        assertThat(RawKeys.parseTick(summary.tickKey())).contains(tick.tickId());
        assertThat(tick.manifests())
                .containsExactlyInAnyOrder(
                        summary.queries().get(0).manifestKey(),
                        summary.queries().get(1).manifestKey());

        // And an invocation that writes no manifest writes no tick
        time.advance(Duration.ofMinutes(15));
        assertThat(run(KPOP, NEWS).tickKey()).isNull();
        assertThat(lake.keys(RawKeys.TICKS_PREFIX)).hasSize(1);
    }
}
