package dev.xlake.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xlake.config.FetchConfig;
import dev.xlake.config.QuerySpec;
import dev.xlake.core.config.EnvNames;
import dev.xlake.core.layout.RunIds;
import dev.xlake.core.manifest.StopReason;
import dev.xlake.core.time.FakeTime;
import dev.xlake.s3.InMemoryObjectStore;
import dev.xlake.xapi.FakeXApi;
import dev.xlake.xapi.XApiClient;
import dev.xlake.xapi.XResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Many queries sharing one invocation's time budget and X's per-app rate limit (docs/fetch.md,
 * "Many queries"): who goes first, how much each may take, and what is reported about the rest.
 */
class ManyQueriesTest {

    static final Instant T0 = Instant.parse("2026-11-25T20:00:00Z");
    static final Duration TICK = Duration.ofMinutes(15);

    final FakeTime time = new FakeTime(T0);
    final FakeXApi x = new FakeXApi(time);
    final InMemoryObjectStore store = new InMemoryObjectStore("lake");
    final RawLakeReader lake = new RawLakeReader(store, store::keys);
    final AtomicInteger runCounter = new AtomicInteger();
    /** Every status X answered, in order. */
    final List<Integer> statuses = new ArrayList<>();
    /** Simulated time one request takes (advances the fake clock). */
    Duration latency = Duration.ZERO;

    final XApiClient client = request -> {
        time.advance(latency);
        XResponse response = x.search(request);
        statuses.add(response.status());
        return response;
    };

    static List<QuerySpec> queries(int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> new QuerySpec("q" + i, "topic " + i))
                .toList();
    }

    FetchService service(List<QuerySpec> queries, int maxPages, FetchService.Scheduling scheduling) {
        FetchConfig config = TestFetchConfig.of(queries)
                .with(EnvNames.X_BEARER_TOKEN, "token-0123456789")
                .with(EnvNames.MAX_PAGES, maxPages)
                .with(EnvNames.MAX_QUERY_WAIT, Duration.ofHours(1))
                .build();
        return new FetchService(
                        config,
                        client,
                        store,
                        time,
                        time,
                        new Random(7),
                        at -> RunIds.format(at, runCounter.incrementAndGet()))
                .scheduledBy(scheduling);
    }

    /** Tweets for {@code query} spread over the last {@code span}, ending now. */
    void post(QuerySpec query, int tweets, Duration span) {
        x.addTweets(query.query(), tweets, time.instant().minus(span), span.dividedBy(tweets));
    }

    void assertEveryQueryStoredExactlyOnceAndComplete(List<QuerySpec> queries) {
        for (QuerySpec query : queries) {
            List<String> ids = lake.manifestedTweetIds(query.name());
            assertThat(ids).as(query.name()).doesNotHaveDuplicates();
            assertThat(new HashSet<>(ids)).as(query.name()).isEqualTo(x.visibleIds(query.query()));
        }
    }

    /**
     * Three busy queries first in the configuration, with new tweets every tick; five quiet ones
     * after them; requests take a second and a tick has half a minute, far less than the busy
     * queries alone could use. Runs {@code ticks} ticks, returns their summaries.
     */
    List<InvocationSummary> busyFirstThenQuiet(FetchService.Scheduling scheduling, int ticks, List<QuerySpec> queries)
            throws InterruptedException {
        latency = Duration.ofSeconds(1);
        queries.subList(3, queries.size()).forEach(q -> post(q, 3, Duration.ofHours(1)));
        List<InvocationSummary> summaries = new ArrayList<>();
        for (int tick = 0; tick < ticks; tick++) {
            queries.subList(0, 3).forEach(q -> post(q, 200, TICK));
            summaries.add(service(queries, 100, scheduling).runOnce(TimeBudget.from(time, Duration.ofSeconds(30))));
            time.advance(TICK);
        }
        return summaries;
    }

    @Test
    void shouldStoreEveryQuerysTweetsWithinAFewTicksWhenTheFirstQueriesAlwaysHaveNewTweets() throws Exception {
        // Given three always-busy queries ahead of five quiet ones, and a budget for ~20 requests per tick
        List<QuerySpec> queries = queries(8);

        // When three ticks run
        List<InvocationSummary> ticks = busyFirstThenQuiet(FetchService.Scheduling.LEAST_RECENTLY_REACHED, 3, queries);

        // Then every query has stored pages, and the first busy one was capped to share the budget
        assertThat(queries)
                .allSatisfy(
                        q -> assertThat(lake.manifests(q.name())).as(q.name()).isNotEmpty());
        assertThat(ticks).allSatisfy(t -> assertThat(t.unreached()).isEmpty());
        QuerySummary first = ticks.get(0).queries().get(0);
        assertThat(first.queryName()).isEqualTo("q0");
        assertThat(first.stopReason()).isEqualTo(StopReason.MAX_PAGES);
        assertThat(first.pageCap()).isLessThan(10);

        // and once the busy queries calm down, every query ends up with every tweet exactly once
        for (int tick = 0; tick < 30; tick++) {
            service(queries, 100, FetchService.Scheduling.LEAST_RECENTLY_REACHED)
                    .runOnce(TimeBudget.from(time, Duration.ofSeconds(30)));
            time.advance(TICK);
        }
        assertEveryQueryStoredExactlyOnceAndComplete(queries);
    }

    @Test
    void shouldStarveTheLastQueriesInConfigurationOrder() throws Exception {
        // Given the same queries served in configuration order with no shares (the naive policy)
        List<QuerySpec> queries = queries(8);

        // When three ticks run
        InvocationSummary last = busyFirstThenQuiet(FetchService.Scheduling.CONFIGURATION_ORDER, 3, queries)
                .get(2);

        // Then the first busy query took every tick and the quiet ones were never reached: what
        // the fair order exists to prevent (this is the test above failing with the naive policy)
        assertThat(queries.subList(3, queries.size()))
                .allSatisfy(
                        q -> assertThat(lake.manifests(q.name())).as(q.name()).isEmpty());
        assertThat(last.unreached())
                .extracting(InvocationSummary.Unreached::queryName)
                .contains("q3", "q4", "q5", "q6", "q7");
    }

    @Test
    void shouldSendNoRequestOnceTheSharedWindowIsUsedUpAndNameTheQueriesNotReached() throws Exception {
        // Given ten busy queries and a window of 6 requests
        List<QuerySpec> queries = queries(10);
        queries.forEach(q -> post(q, 100, Duration.ofHours(2)));
        x.rateLimitPerWindow(6);

        // When one tick with a 5-minute budget runs (the window resets in 15)
        InvocationSummary first = service(queries, 50, FetchService.Scheduling.LEAST_RECENTLY_REACHED)
                .runOnce(TimeBudget.from(time, Duration.ofMinutes(5)));

        // Then each of the first six got one page (its fair share), no request was refused, and
        // the summary names the four queries left out, with the reason
        assertThat(statuses).hasSize(6).containsOnly(200);
        assertThat(first.queries().subList(0, 6))
                .allSatisfy(q -> assertThat(q.pagesStored()).isEqualTo(1))
                .extracting(QuerySummary::stopReason)
                .containsOnly(StopReason.MAX_PAGES);
        assertThat(first.unreached())
                .containsExactly(
                        new InvocationSummary.Unreached("q6", StopReason.RATE_LIMITED, null),
                        new InvocationSummary.Unreached("q7", StopReason.RATE_LIMITED, null),
                        new InvocationSummary.Unreached("q8", StopReason.RATE_LIMITED, null),
                        new InvocationSummary.Unreached("q9", StopReason.RATE_LIMITED, null));
        assertThat(first.anyFailed()).isFalse();
        assertThat(lake.checkpoint("q7")).isNull();

        // When the next tick comes after the reset
        time.advance(TICK);
        InvocationSummary second = service(queries, 50, FetchService.Scheduling.LEAST_RECENTLY_REACHED)
                .runOnce(TimeBudget.from(time, Duration.ofMinutes(5)));

        // Then the queries left out go first
        assertThat(second.queries().subList(0, 4))
                .extracting(QuerySummary::queryName)
                .containsExactly("q6", "q7", "q8", "q9");
        assertThat(second.queries().subList(0, 4))
                .allSatisfy(q -> assertThat(q.reached()).isTrue());
        assertThat(statuses).containsOnly(200);
    }

    @Test
    void shouldGiveWhatTheQuietQueriesLeftToTheQueryCutShortByItsShare() throws Exception {
        // Given one busy query (20 pages) ahead of two quiet ones, and a window of 15 requests
        List<QuerySpec> queries = queries(3);
        post(queries.get(0), 200, Duration.ofHours(2));
        post(queries.get(1), 3, Duration.ofHours(2));
        post(queries.get(2), 3, Duration.ofHours(2));
        x.rateLimitPerWindow(15);

        // When one tick runs
        InvocationSummary summary = service(queries, 50, FetchService.Scheduling.LEAST_RECENTLY_REACHED)
                .runOnce(TimeBudget.from(time, Duration.ofMinutes(5)));

        // Then the busy query took its share (15 / 3), the quiet ones one page each, and then the
        // busy query continued in a second run with the 8 requests they left, without a 429
        assertThat(summary.queries())
                .extracting(QuerySummary::queryName, QuerySummary::pagesStored, QuerySummary::stopReason)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("q0", 5, StopReason.MAX_PAGES),
                        org.assertj.core.groups.Tuple.tuple("q1", 1, StopReason.COMPLETE),
                        org.assertj.core.groups.Tuple.tuple("q2", 1, StopReason.COMPLETE),
                        org.assertj.core.groups.Tuple.tuple("q0", 8, StopReason.RATE_LIMITED));
        assertThat(summary.queries().get(3).resumedFrom())
                .isEqualTo(summary.queries().get(0).runId());
        assertThat(statuses).hasSize(15).containsOnly(200);
        assertThat(summary.unreached()).isEmpty();

        // and the rest follows next ticks, nothing lost or stored twice
        for (int tick = 0; tick < 3; tick++) {
            time.advance(TICK);
            service(queries, 50, FetchService.Scheduling.LEAST_RECENTLY_REACHED)
                    .runOnce(TimeBudget.from(time, Duration.ofMinutes(5)));
        }
        assertEveryQueryStoredExactlyOnceAndComplete(queries);
    }

    @Test
    void shouldSpendRequestsOnA429InConfigurationOrder() throws Exception {
        // Given the same window of 6 requests, served in configuration order
        List<QuerySpec> queries = queries(10);
        queries.forEach(q -> post(q, 100, Duration.ofHours(2)));
        x.rateLimitPerWindow(6);

        // When
        service(queries, 50, FetchService.Scheduling.CONFIGURATION_ORDER)
                .runOnce(TimeBudget.from(time, Duration.ofMinutes(5)));

        // Then the first query took the whole window, and every later one learnt it from a 429
        assertThat(statuses.subList(0, 6)).containsOnly(200);
        assertThat(statuses.subList(6, statuses.size())).hasSize(9).containsOnly(429);
    }

    @Test
    void shouldServeTheLeastRecentlyReachedQueryFirst() throws Exception {
        // Given three quiet queries reached in three separate ticks: c, then a, then b
        QuerySpec a = new QuerySpec("a", "topic a");
        QuerySpec b = new QuerySpec("b", "topic b");
        QuerySpec c = new QuerySpec("c", "topic c");
        for (QuerySpec only : List.of(c, a, b)) {
            service(List.of(only), 50, FetchService.Scheduling.LEAST_RECENTLY_REACHED)
                    .runOnce(TimeBudget.from(time, Duration.ofMinutes(5)));
            time.advance(TICK);
        }

        // When all three are configured, with a new one (d) at the end
        QuerySpec d = new QuerySpec("d", "topic d");
        InvocationSummary summary = service(List.of(a, b, c, d), 50, FetchService.Scheduling.LEAST_RECENTLY_REACHED)
                .runOnce(TimeBudget.from(time, Duration.ofMinutes(5)));

        // Then the never-reached one goes first, then the others by when they were last reached
        assertThat(summary.queries()).extracting(QuerySummary::queryName).containsExactly("d", "c", "a", "b");
        assertThat(lake.checkpoint("a").lastReachedAt())
                .isEqualTo(summary.queries().get(2).reachedAt());
    }

    @Test
    void shouldReportTheQueryThatWaitedLongest() throws Exception {
        // Given two quiet queries, both reached at T0
        List<QuerySpec> queries = queries(2);
        service(queries, 50, FetchService.Scheduling.LEAST_RECENTLY_REACHED)
                .runOnce(TimeBudget.from(time, Duration.ofMinutes(5)));
        time.advance(Duration.ofHours(2));

        // When, two hours later, a budget for one request reaches only q0 (equal times: configuration order)
        InvocationSummary summary = service(queries, 50, FetchService.Scheduling.LEAST_RECENTLY_REACHED)
                .runOnce(() -> statuses.size() < 3 ? Duration.ofMinutes(5) : Duration.ZERO);

        // Then q1 is reported as unreached and as the query waiting longest
        assertThat(summary.queries()).extracting(QuerySummary::queryName).containsExactly("q0", "q1");
        assertThat(summary.queries()).extracting(QuerySummary::reached).containsExactly(true, false);
        InvocationSummary.QueryWait longest = summary.longestWait();
        assertThat(longest.queryName()).isEqualTo("q1");
        assertThat(longest.waitSeconds()).isEqualTo(Duration.ofHours(2).toSeconds());
        assertThat(summary.unreached())
                .singleElement()
                .satisfies(u -> assertThat(u.reason()).isEqualTo(StopReason.TIME_BUDGET))
                .satisfies(u -> assertThat(u.lastReachedAt()).isEqualTo("2026-11-25T20:00:00.000Z"));
    }
}
