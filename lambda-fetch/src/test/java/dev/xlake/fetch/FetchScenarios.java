package dev.xlake.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.xlake.backfill.BackfillJob;
import dev.xlake.backfill.BackfillStore;
import dev.xlake.config.FetchConfig;
import dev.xlake.config.QuerySpec;
import dev.xlake.core.config.EnvNames;
import dev.xlake.core.json.Json;
import dev.xlake.core.layout.RawKeys;
import dev.xlake.core.manifest.Gap;
import dev.xlake.core.manifest.Manifest;
import dev.xlake.core.manifest.StopReason;
import dev.xlake.emulator.RecordedRequest;
import dev.xlake.emulator.XApiEmulator;
import dev.xlake.rawstore.RawPageStore;
import dev.xlake.s3.CrashingObjectStore;
import dev.xlake.s3.LocalS3;
import dev.xlake.s3.ObjectStore;
import dev.xlake.s3.StoredObject;
import dev.xlake.testing.CapturedLogs;
import dev.xlake.xapi.HttpXApiClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The fetcher end to end over HTTP: the X API emulator and an S3 endpoint (embedded S3 in
 * {@link FetchEmulatorIT}, LocalStack in {@link FetchLocalStackIT}), with the Lambda's own
 * url-connection S3 client. Waits advance the emulator's clock, never real time.
 */
abstract class FetchScenarios extends EmulatedFetchFixture {

    static final String TOKEN = "it-emulator-bearer-0123456789abcdef";
    static final QuerySpec KPOP = new QuerySpec("kpop", "#kpop");
    static final QuerySpec FOOTBALL = new QuerySpec("football", "football");

    /** The operator's access to the lake: starting a backfill as {@code xlake backfill --create-only} does. */
    ObjectStore operator;

    int maxRetries = 3;

    FetchScenarios(LocalS3 localS3) {
        super(localS3, TOKEN, "fetch-it-");
    }

    @BeforeEach
    void start() {
        operator = store;
    }

    /** The same emulator (seed, clock, tweets), allowing {@code requests} per 15-minute window. */
    void restartEmulatorWithRateLimit(int requests) {
        emulator.close();
        emulator = EmulatedX.emulator(clock, TOKEN).rateLimitPerWindow(requests).start();
    }

    FetchService service(ObjectStore target, String token, int pageSize, QuerySpec... queries) {
        return service(target, token, pageSize, false, queries);
    }

    /** The Lambda's service: recent search, then the queries' backfill jobs. */
    FetchService serviceWithBackfills(ObjectStore target, QuerySpec... queries) {
        return service(target, TOKEN, 20, true, queries);
    }

    private FetchService service(
            ObjectStore target, String token, int pageSize, boolean backfills, QuerySpec... queries) {
        FetchConfig config = config(token, pageSize, queries)
                .with(EnvNames.MAX_RETRIES, maxRetries)
                .build();
        HttpXApiClient x = client(config, token);
        return new FetchService(config, x, backfills ? x : null, target, clock, sleeper(), new Random(5), runIds());
    }

    QuerySummary fetch(QuerySpec query) throws InterruptedException {
        return service(store, TOKEN, 20, query)
                .runOnce(budget(Duration.ofMinutes(10)))
                .queries()
                .get(0);
    }

    TimeBudget budget(Duration length) {
        return TimeBudget.until(clock.instant().plus(length), clock);
    }

    /** Like a Lambda whose time runs out after {@code requests} X requests. */
    TimeBudget budgetForRequests(int requests) {
        return () -> emulator.requestCount() < requests ? Duration.ofMinutes(5) : Duration.ZERO;
    }

    SortedSet<String> truth(QuerySpec query, Instant from) {
        return emulator.groundTruthIds(query.query(), from, clock.instant().plusMillis(1));
    }

    void assertLakeHoldsExactly(QuerySpec query, SortedSet<String> truth) {
        List<String> ids = lake.manifestedTweetIds(query.name());
        assertThat(ids).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(truth);
        assertThat(lake.manifestedPageKeys(query.name())).doesNotHaveDuplicates();
    }

    List<RecordedRequest> searches() {
        return EmulatedX.requestsTo(emulator, XApiEmulator.SEARCH_PATH);
    }

    List<RecordedRequest> fullArchiveRequests() {
        return EmulatedX.requestsTo(emulator, XApiEmulator.FULL_ARCHIVE_PATH);
    }

    @Test
    void shouldContinueABackfillJobInTheTimeEachTickLeavesAfterRecentSearch() throws Exception {
        // Given a backfill job of the configured query, written as `xlake backfill --create-only` writes it
        Instant start = Instant.parse("2026-11-02T00:00:00Z");
        Instant end = start.plus(Duration.ofDays(4));
        new BackfillStore(operator)
                .save(BackfillJob.create("kpop", "#kpop", start, end, 20, true, null, clock.instant()), null);
        SortedSet<String> window = emulator.groundTruthIds("#kpop", start, end);
        assertThat(window).as("more than 3 pages of 20").hasSizeGreaterThan(60);
        FetchHandler handler = new FetchHandler(serviceWithBackfills(store, KPOP));

        // When a tick runs out of time after 3 full-archive requests (then only the 15 s margin is left)
        JsonNode first = Json.MAPPER.valueToTree(handler.handleRequest(
                Map.of(), FetchHandlerTest.context(() -> fullArchiveRequests().size() < 3 ? 60_000 : 15_000)));

        // Then recent search went first and completed; the backfill took the time left, and its
        // manifest is in the tick with recent search's
        assertThat(first.at("/queries/0/stop_reason").asText()).isEqualTo("complete");
        assertLakeHoldsExactly(KPOP, truth(KPOP, NOW.minus(Duration.ofDays(7))));
        assertThat(first.path("backfills")).hasSize(1);
        assertThat(first.at("/backfills/0/stop_reason").asText()).isEqualTo("time_budget");
        assertThat(first.at("/backfills/0/pages_stored").asInt()).isEqualTo(3);
        assertThat(first.at("/backfills/0/complete").asBoolean()).isFalse();
        assertThat(fullArchiveRequests()).hasSize(3);
        assertThat(new String(lake.object(first.path("tick_key").asText()).content(), StandardCharsets.UTF_8))
                .contains(
                        first.at("/queries/0/manifest_key").asText(),
                        first.at("/backfills/0/manifest_key").asText());

        // When the next tick has time enough
        clock.advance(Duration.ofMinutes(5));
        JsonNode second =
                Json.MAPPER.valueToTree(handler.handleRequest(Map.of(), FetchHandlerTest.context(() -> 600_000)));

        // Then the backfill resumed where the first stopped and completed: the window once each
        assertThat(second.at("/backfills/0/complete").asBoolean()).isTrue();
        assertThat(second.at("/backfills/0/resumed_from").asText())
                .isEqualTo(first.at("/backfills/0/run_id").asText());
        assertThat(lake.manifestedTweetIds(RawKeys.Source.FULL_ARCHIVE, "kpop"))
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(window);
        int requests = fullArchiveRequests().size();

        // When a third tick runs, the complete job costs no X request
        clock.advance(Duration.ofMinutes(5));
        JsonNode third =
                Json.MAPPER.valueToTree(handler.handleRequest(Map.of(), FetchHandlerTest.context(() -> 600_000)));
        assertThat(third.path("backfills")).isEmpty();
        assertThat(fullArchiveRequests()).hasSize(requests);
        assertThat(new BackfillStore(operator)
                        .load("kpop")
                        .orElseThrow()
                        .value()
                        .complete())
                .isTrue();
    }

    @Test
    void shouldStoreAMultiPagePaginationThatMatchesTheGroundTruth() throws Exception {
        // When
        QuerySummary summary = fetch(KPOP);

        // Then
        SortedSet<String> truth = truth(KPOP, NOW.minus(Duration.ofDays(7)));
        assertThat(summary.stopReason()).isEqualTo(StopReason.COMPLETE);
        assertThat(summary.pagesStored()).isGreaterThan(2);
        assertThat(summary.tweetCount()).isEqualTo(truth.size());
        assertLakeHoldsExactly(KPOP, truth);
        Manifest manifest = lake.manifests("kpop").get(0);
        assertThat(manifest.pageCount()).isEqualTo(summary.pagesStored());
        for (var page : manifest.pages()) {
            byte[] body = lake.pageBody(page.key());
            StoredObject object = lake.object(page.key());
            assertThat(object.metadata())
                    .containsEntry("xlake-sha256", RawPageStore.sha256Hex(body))
                    .containsEntry("xlake-run-id", manifest.runId());
            assertThat(page.rateLimit().limit()).isEqualTo(450L);
            assertThat(new String(body, StandardCharsets.UTF_8))
                    .contains("\"includes\"", "\"users\"", "\"created_at\"");
        }
        assertThat(lake.checkpoint("kpop").sinceId()).isEqualTo(truth.last());
        assertThat(searches()).allSatisfy(r -> assertThat(r.params()).doesNotContainKey("since_id"));
    }

    @Test
    void shouldFetchOnlyNewTweetsOnTheSecondRun() throws Exception {
        // Given a first run, and 30 minutes of new tweets
        fetch(KPOP);
        String sinceId = lake.checkpoint("kpop").sinceId();
        int before = searches().size();
        clock.advance(Duration.ofHours(4));

        // When
        QuerySummary second = fetch(KPOP);

        // Then every request of the second run used the first run's newest id, and nothing repeats
        assertThat(searches().subList(before, searches().size()))
                .allSatisfy(r -> assertThat(r.params()).containsEntry("since_id", sinceId));
        assertThat(second.tweetCount())
                .isPositive()
                .isEqualTo(emulator.groundTruthIds(
                                KPOP.query(), NOW.plusMillis(1), clock.instant().plusMillis(1))
                        .size());
        assertLakeHoldsExactly(KPOP, truth(KPOP, NOW.minus(Duration.ofDays(7))));
    }

    @Test
    void shouldResumeARunThatRanOutOfTimeAfterPageTwo() throws Exception {
        // When the first invocation may send only 2 requests, the second has time
        QuerySummary first = service(store, TOKEN, 20, KPOP)
                .runOnce(budgetForRequests(2))
                .queries()
                .get(0);
        QuerySummary second = service(store, TOKEN, 20, KPOP)
                .runOnce(budget(Duration.ofMinutes(10)))
                .queries()
                .get(0);

        // Then
        assertThat(first.stopReason()).isEqualTo(StopReason.TIME_BUDGET);
        assertThat(first.pagesStored()).isEqualTo(2);
        assertThat(second.resumedFrom()).isEqualTo(first.runId());
        assertThat(second.stopReason()).isEqualTo(StopReason.COMPLETE);
        assertLakeHoldsExactly(KPOP, truth(KPOP, NOW.minus(Duration.ofDays(7))));
    }

    @Test
    void shouldResumeAnInvocationKilledWhileStoringPageThree() throws Exception {
        // Given an invocation that dies storing its 3rd page
        ObjectStore crashing = new CrashingObjectStore(store, key -> key.endsWith(".json.gz"), 3);
        InvocationSummary killed = service(crashing, TOKEN, 20, KPOP).runOnce(budget(Duration.ofMinutes(10)));
        assertThat(killed.failedQueryNames()).containsExactly("kpop");
        assertThat(lake.pageKeys("kpop")).hasSize(2);
        assertThat(lake.manifests("kpop")).isEmpty();

        // When the next invocation runs
        QuerySummary resumed = service(store, TOKEN, 20, KPOP)
                .runOnce(budget(Duration.ofMinutes(10)))
                .queries()
                .get(0);

        // Then the killed run got an interrupted manifest, and the union is the ground truth
        assertThat(resumed.interruptedManifestKey()).isNotNull();
        assertThat(lake.manifests("kpop"))
                .extracting(Manifest::stopReason)
                .containsExactlyInAnyOrder(StopReason.INTERRUPTED, StopReason.COMPLETE);
        assertLakeHoldsExactly(KPOP, truth(KPOP, NOW.minus(Duration.ofDays(7))));
    }

    @Test
    void shouldResumeAnInvocationKilledBetweenAPageAndItsCheckpointWithoutFetchingThePageAgain() throws Exception {
        // Given an invocation that dies right after storing its 3rd page (before the 4th
        // checkpoint write: the first names the run)
        ObjectStore crashing = new CrashingObjectStore(store, key -> key.endsWith("checkpoint.json"), 4);
        service(crashing, TOKEN, 20, KPOP).runOnce(budget(Duration.ofMinutes(10)));
        assertThat(lake.pageKeys("kpop")).hasSize(3);

        // When the next invocation runs
        service(store, TOKEN, 20, KPOP).runOnce(budget(Duration.ofMinutes(10)));

        // Then page 3 came from S3, not from X again (one good response per manifested page),
        // and the union is the ground truth
        assertThat(lake.manifests("kpop"))
                .filteredOn(m -> m.stopReason() == StopReason.INTERRUPTED)
                .singleElement()
                .satisfies(m -> assertThat(m.pageCount()).isEqualTo(3));
        assertThat(searches().stream().filter(r -> r.status() == 200).count())
                .isEqualTo(lake.manifestedPageKeys("kpop").size());
        assertLakeHoldsExactly(KPOP, truth(KPOP, NOW.minus(Duration.ofDays(7))));
    }

    @Test
    void shouldWaitForA429ResetInsideTheBudget() throws Exception {
        // Given a 429 resetting in 30 s
        emulator.faults().rateLimited(1, Duration.ofSeconds(30));

        // When
        QuerySummary summary = fetch(KPOP);

        // Then it waited (on the emulator clock) and completed
        assertThat(summary.stopReason()).isEqualTo(StopReason.COMPLETE);
        assertThat(sleeps).hasSize(1);
        assertThat(sleeps.get(0)).isBetween(Duration.ofSeconds(30), Duration.ofSeconds(32));
        assertLakeHoldsExactly(KPOP, truth(KPOP, NOW.minus(Duration.ofDays(7))));
    }

    @Test
    void shouldStopCleanlyWhenTheRateLimitResetIsBeyondTheBudget() throws Exception {
        // Given a 429 resetting in 20 minutes and 5 minutes left
        emulator.faults().rateLimited(1, Duration.ofMinutes(20));

        // When
        QuerySummary summary = service(store, TOKEN, 100, KPOP)
                .runOnce(budget(Duration.ofMinutes(5)))
                .queries()
                .get(0);

        // Then nothing was stored (but the spend ledger, whose reservation the run released), nothing
        // waited, and it is not a failure
        assertThat(summary.ok()).isTrue();
        assertThat(summary.stopReason()).isEqualTo(StopReason.RATE_LIMITED);
        assertThat(sleeps).isEmpty();
        assertThat(lister(bucket).apply("").stream().filter(k -> !k.startsWith(RawKeys.SPEND_PREFIX)))
                .isEmpty();
    }

    @Test
    void shouldStopWhenTheWindowIsUsedUpAndResumeAfterTheReset() throws Exception {
        // Given an emulator allowing 2 requests per 15-minute window
        restartEmulatorWithRateLimit(2);

        // When the first run uses the window, and the second comes after the reset
        QuerySummary first = service(store, TOKEN, 20, KPOP)
                .runOnce(budget(Duration.ofMinutes(5)))
                .queries()
                .get(0);
        clock.advance(Duration.ofMinutes(15));
        List<QuerySummary> later = new ArrayList<>();
        for (int i = 0;
                i < 10 && (later.isEmpty() || later.get(later.size() - 1).stopReason() != StopReason.COMPLETE);
                i++) {
            later.add(service(store, TOKEN, 20, KPOP)
                    .runOnce(budget(Duration.ofMinutes(5)))
                    .queries()
                    .get(0));
            clock.advance(Duration.ofMinutes(15));
        }

        // Then the first stopped after 2 pages without provoking a 429
        assertThat(first.stopReason()).isEqualTo(StopReason.RATE_LIMITED);
        assertThat(first.pagesStored()).isEqualTo(2);
        assertThat(searches()).noneMatch(r -> r.status() == 429);
        assertThat(later.get(later.size() - 1).stopReason()).isEqualTo(StopReason.COMPLETE);
        // and the lake holds the pagination started at NOW, down to the 7-day window of its last
        // request (older tweets left X's window while the pagination waited: X's limit, not ours)
        Instant lastRequest = searches().get(searches().size() - 1).at();
        assertLakeHoldsExactly(
                KPOP, emulator.groundTruthIds(KPOP.query(), lastRequest.minus(Duration.ofDays(7)), NOW.plusMillis(1)));
    }

    @Test
    void shouldShareTheEmulatorsRateLimitAcrossQueriesWithoutA429AndReachTheRestFirstNextTime() throws Exception {
        // Given an emulator allowing 5 requests per 15-minute window, and four queries with a
        // backlog of several pages each
        restartEmulatorWithRateLimit(5);
        QuerySpec crypto = new QuerySpec("crypto", "crypto");
        QuerySpec music = new QuerySpec("music", "music");
        QuerySpec[] queries = {KPOP, FOOTBALL, crypto, music};
        List<InvocationSummary> ticks = new ArrayList<>();

        // When ticks run every 15 minutes until every query has completed its pagination
        for (int i = 0; i < 40 && (ticks.isEmpty() || !allComplete(ticks.get(ticks.size() - 1))); i++) {
            ticks.add(service(store, TOKEN, 10, queries).runOnce(budget(Duration.ofMinutes(5))));
            clock.advance(Duration.ofMinutes(15));
        }

        // Then no request was refused, and each tick shared its 5 requests: every query was
        // reached in the first two ticks, the unreached ones listed and served first next time
        assertThat(searches())
                .isNotEmpty()
                .allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
        InvocationSummary first = ticks.get(0);
        assertThat(first.queries().stream()
                        .filter(QuerySummary::reached)
                        .map(QuerySummary::queryName)
                        .distinct())
                .hasSize(4);
        assertThat(first.queries()).allSatisfy(q -> assertThat(q.pagesStored()).isLessThanOrEqualTo(2));
        assertThat(allComplete(ticks.get(ticks.size() - 1))).isTrue();
        // and every query holds its first pagination exactly once, down to the 7-day window of the
        // last request (older tweets may have left X's window while it waited: X's limit, not ours)
        Instant lastRequest = searches().get(searches().size() - 1).at();
        for (QuerySpec query : queries) {
            List<String> ids = lake.manifestedTweetIds(query.name());
            assertThat(ids).as(query.name()).doesNotHaveDuplicates();
            assertThat(ids)
                    .as(query.name())
                    .containsAll(emulator.groundTruthIds(
                            query.query(), lastRequest.minus(Duration.ofDays(7)), NOW.plusMillis(1)))
                    .isSubsetOf(emulator.groundTruthIds(query.query(), NOW.minus(Duration.ofDays(7)), clock.instant()));
        }
    }

    /** Every query's last run of the tick completed (one cut short by its share may have a second run). */
    private static boolean allComplete(InvocationSummary tick) {
        Map<String, StopReason> last = new HashMap<>();
        tick.queries().forEach(q -> last.put(q.queryName(), q.stopReason()));
        return last.values().stream().allMatch(r -> r == StopReason.COMPLETE);
    }

    @Test
    void shouldRetry503BurstsAndBadBodiesWithoutStoringThem() throws Exception {
        // Given a burst of 503s, then a malformed, a truncated and a dropped response (6 in a row)
        maxRetries = 6;
        emulator.faults().unavailable(3).malformed(1).truncated(1).disconnect(1);

        // When
        QuerySummary summary = fetch(KPOP);

        // Then
        assertThat(summary.stopReason()).isEqualTo(StopReason.COMPLETE);
        assertThat(searches()).filteredOn(r -> r.fault() != null).hasSize(6);
        assertThat(sleeps).hasSize(6);
        for (String key : lake.pageKeys("kpop")) {
            assertThat(lake.tweetIds(key)).isNotEmpty();
        }
        assertLakeHoldsExactly(KPOP, truth(KPOP, NOW.minus(Duration.ofDays(7))));
    }

    @Test
    void shouldStoreNothingForAnEmptyResult() throws Exception {
        // When
        QuerySummary summary = fetch(new QuerySpec("nothing", "#nosuchtagatall"));

        // Then
        assertThat(summary.stopReason()).isEqualTo(StopReason.COMPLETE);
        assertThat(summary.pagesStored()).isZero();
        assertThat(lister(bucket).apply("raw/")).isEmpty();
        assertThat(lake.checkpoint("nothing").lastReachedAt()).isEqualTo(summary.reachedAt());
    }

    @Test
    void shouldFallBackToStartTimeWhenTheCheckpointIsOlderThanSevenDays() throws Exception {
        // Given a checkpoint from 8 days ago
        fetch(KPOP);
        String oldSinceId = lake.checkpoint("kpop").sinceId();
        clock.advance(Duration.ofDays(8));

        // When
        QuerySummary summary = fetch(KPOP);

        // Then X's 400 led to a start_time run, with the gap recorded
        assertThat(summary.ok()).isTrue();
        assertThat(searches())
                .anyMatch(r -> r.status() == 400 && oldSinceId.equals(r.params().get("since_id")));
        Manifest manifest = lake.manifests("kpop").stream()
                .filter(m -> m.runId().equals(summary.runId()))
                .findFirst()
                .orElseThrow();
        assertThat(manifest.sinceId()).isNull();
        assertThat(manifest.gaps()).singleElement().satisfies(gap -> {
            assertThat(gap.reason()).isEqualTo(Gap.SINCE_ID_EXPIRED);
            assertThat(gap.sinceId()).isEqualTo(oldSinceId);
            assertThat(gap.startTime()).isEqualTo(manifest.startTime());
        });
        Instant start = Instant.parse(manifest.startTime());
        assertThat(start).isEqualTo(clock.instant().minus(Duration.ofDays(7)).plus(Duration.ofMinutes(1)));
        List<String> secondRunIds = new ArrayList<>();
        manifest.pages().forEach(p -> secondRunIds.addAll(lake.tweetIds(p.key())));
        assertThat(new HashSet<>(secondRunIds))
                .isEqualTo(truth(KPOP, start.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
    }

    @Test
    void shouldFailLoudlyOn401AndLeaveTheCheckpointUnchanged() throws Exception {
        // Given a completed run
        fetch(KPOP);
        StoredObject before = lake.object(RawKeys.checkpoint("kpop"));
        List<String> keysBefore = lister(bucket).apply("");

        // When the token is wrong
        QuerySummary summary = service(store, "wrong-token", 100, KPOP)
                .runOnce(budget(Duration.ofMinutes(5)))
                .queries()
                .get(0);

        // Then
        assertThat(summary.ok()).isFalse();
        assertThat(summary.error())
                .isEqualTo("Cannot fetch query kpop: X refused the request: HTTP 401 Unauthorized: Unauthorized");
        assertThat(lister(bucket).apply("")).isEqualTo(keysBefore);
        assertThat(lake.object(RawKeys.checkpoint("kpop")).content()).isEqualTo(before.content());
    }

    @Test
    void shouldRunEveryQueryWhenOneFailsAndKeepTheTokenOutOfLogsAndObjects() throws Exception {
        // Given three queries, one of which X refuses, and faults on the way
        QuerySpec broken = new QuerySpec("broken", "(unbalanced");
        emulator.faults().unavailable(1).rateLimited(1, Duration.ofSeconds(5)).malformed(1);

        // When
        InvocationSummary summary;
        List<String> logs;
        try (CapturedLogs captured = new CapturedLogs()) {
            summary = service(store, TOKEN, 100, KPOP, broken, FOOTBALL).runOnce(budget(Duration.ofMinutes(10)));
            service(store, "wrong-" + TOKEN, 100, KPOP).runOnce(budget(Duration.ofMinutes(1)));
            logs = captured.lines();
        }

        // Then
        assertThat(summary.failedQueryNames()).containsExactly("broken");
        assertThat(summary.queries().get(1).error()).contains("HTTP 400 Invalid Request");
        assertLakeHoldsExactly(KPOP, truth(KPOP, NOW.minus(Duration.ofDays(7))));
        assertLakeHoldsExactly(FOOTBALL, truth(FOOTBALL, NOW.minus(Duration.ofDays(7))));
        assertThat(logs).isNotEmpty().noneMatch(line -> line.contains(TOKEN));
        assertThat(lake.keys("")).isNotEmpty();
        assertThat(lake.keysContaining("", TOKEN)).isEmpty();
    }
}
