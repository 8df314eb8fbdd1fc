package dev.xlake.fetch;

import static dev.xlake.xapi.FakeXApi.pass;
import static dev.xlake.xapi.FakeXApi.problem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.xlake.checkpoint.Checkpoint;
import dev.xlake.config.FetchConfig;
import dev.xlake.config.QuerySpec;
import dev.xlake.core.config.EnvNames;
import dev.xlake.core.json.Json;
import dev.xlake.core.layout.RawKeys;
import dev.xlake.core.layout.RunIds;
import dev.xlake.core.manifest.Manifest;
import dev.xlake.core.manifest.StopReason;
import dev.xlake.core.spend.Prices;
import dev.xlake.core.time.FakeTime;
import dev.xlake.s3.ForwardingObjectStore;
import dev.xlake.s3.InMemoryObjectStore;
import dev.xlake.s3.ObjectStore;
import dev.xlake.s3.VersionedJson.Versioned;
import dev.xlake.spend.DayLedger;
import dev.xlake.spend.SpendLedger;
import dev.xlake.xapi.FakeXApi;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What runs cost: the manifest's billable counts, the spend ledger, budgets checked before every
 * request, and 402 CreditsDepleted (docs/fetch.md, "What it costs"). Pages of 10: one page's worst
 * case is 30 posts and 30 users, $0.45 at today's prices.
 */
class SpendAndBudgetTest {

    static final Instant T0 = Instant.parse("2026-11-25T20:00:00Z");
    static final LocalDate DAY = LocalDate.parse("2026-11-25");
    static final QuerySpec KPOP = new QuerySpec("kpop", "#kpop lang:en");
    static final QuerySpec NEWS = new QuerySpec("news", "breaking news");
    static final Map<String, String> NO_BUDGETS = Map.of();

    final FakeTime time = new FakeTime(T0);
    final FakeXApi x = new FakeXApi(time).includeAuthors();
    final InMemoryObjectStore store = new InMemoryObjectStore("lake");
    final RawLakeReader lake = new RawLakeReader(store, store::keys);
    final SpendLedger ledger = new SpendLedger(store);
    final AtomicInteger runCounter = new AtomicInteger();
    ObjectStore serviceStore = store;

    /** @param budgets the deployment's spend budgets, as {@code XLAKE_*_BUDGET_USD} variables */
    InvocationSummary run(Map<String, String> budgets, QuerySpec... queries) throws InterruptedException {
        TestFetchConfig settings =
                TestFetchConfig.of(queries).with(EnvNames.X_BEARER_TOKEN, "AAAAAAAAAAAAAAAAAAAA-test-token");
        budgets.forEach(settings::with);
        FetchConfig config = settings.build();
        return new FetchService(
                        config,
                        x,
                        serviceStore,
                        time,
                        time,
                        new Random(7),
                        at -> RunIds.format(at, runCounter.incrementAndGet()))
                .runOnce(TimeBudget.from(time, Duration.ofMinutes(10)));
    }

    static Map<String, String> daily(String usd) {
        return Map.of(EnvNames.DAILY_BUDGET_USD, usd);
    }

    void seed(QuerySpec query, int tweets) {
        x.addTweets(query.query(), tweets, T0.minus(Duration.ofHours(3)), Duration.ofMinutes(1));
    }

    DayLedger ledgerOf(LocalDate day) {
        return ledger.load(day).value();
    }

    /** User objects in every page X served so far. */
    long usersServed() throws IOException {
        long users = 0;
        for (byte[] body : x.servedPages()) {
            users += Json.MAPPER.readTree(body).path("includes").path("users").size();
        }
        return users;
    }

    void assertStoredExactlyOnceAndComplete(QuerySpec query) {
        List<String> ids = lake.manifestedTweetIds(query.name());
        assertThat(ids).doesNotHaveDuplicates();
        assertThat(new HashSet<>(ids)).isEqualTo(x.visibleIds(query.query()));
    }

    @Test
    void shouldRecordWhatEachRunWasChargedForInTheManifestTheSummaryAndTheLedger() throws Exception {
        // Given 35 tweets: four pages, every page carrying its authors
        seed(KPOP, 35);

        // When
        QuerySummary summary = run(NO_BUDGETS, KPOP).queries().get(0);

        // Then the manifest counts every post and user object X returned, priced at today's table
        Manifest manifest = lake.manifests("kpop").get(0);
        long users = usersServed();
        assertThat(manifest.billablePosts()).isEqualTo(35);
        assertThat(manifest.billableUsers()).isEqualTo(users).isPositive();
        BigDecimal cost = Prices.DEFAULT.readCost(35, users);
        assertThat(manifest.estimatedCostUsd()).isEqualByComparingTo(cost);
        assertThat(manifest.prices()).isEqualTo(Prices.DEFAULT);
        assertThat(summary.estimatedCostUsd()).isEqualByComparingTo(cost);
        // and the day's ledger holds the settled run, with no reservation left open
        DayLedger day = ledgerOf(DAY);
        assertThat(day.open()).isEmpty();
        assertThat(day.settled().get("kpop")).isEqualTo(new DayLedger.Amount(35, users, cost));
        assertThat(day.totalUsd()).isEqualByComparingTo(cost);
    }

    @Test
    void shouldStopBeforeARequestThatCouldExceedTheDailyBudgetAndResumeWithNoLossOnceRaised() throws Exception {
        // Given 80 tweets (eight pages of about $0.15 each) and a daily budget of $1
        seed(KPOP, 80);

        // When
        QuerySummary first = run(daily("1.00"), KPOP).queries().get(0);

        // Then pages are fetched while spent + $0.45 worst case <= $1, and the run stops cleanly
        assertThat(first.ok()).isTrue();
        assertThat(first.stopReason()).isEqualTo(StopReason.BUDGET_EXHAUSTED);
        assertThat(first.pagesStored()).isBetween(3, 5);
        assertThat(ledgerOf(DAY).totalUsd()).isLessThanOrEqualTo(new BigDecimal("1.00"));
        Manifest manifest = lake.manifests("kpop").get(0);
        assertThat(manifest.stopReason()).isEqualTo(StopReason.BUDGET_EXHAUSTED);
        Checkpoint checkpoint = lake.checkpoint("kpop");
        assertThat(checkpoint.inFlight()).isNotNull();
        int requests = x.requests().size();

        // When a later tick of the same day runs with the same budget
        time.advance(Duration.ofMinutes(15));
        QuerySummary second = run(daily("1.00"), KPOP).queries().get(0);

        // Then it sends X no request
        assertThat(x.requests()).hasSize(requests);
        assertThat(second.stopReason()).isEqualTo(StopReason.BUDGET_EXHAUSTED);
        assertThat(second.reached()).isFalse();

        // When the budget is raised
        time.advance(Duration.ofMinutes(15));
        QuerySummary third = run(daily("10"), KPOP).queries().get(0);

        // Then the harvest continues from the checkpoint: nothing lost, nothing twice
        assertThat(third.stopReason()).isEqualTo(StopReason.COMPLETE);
        assertThat(third.resumedFrom()).isEqualTo(first.runId());
        assertStoredExactlyOnceAndComplete(KPOP);
        assertThat(ledgerOf(DAY).open()).isEmpty();
        assertThat(ledgerOf(DAY).settled().get("kpop").posts()).isEqualTo(80);
    }

    @Test
    void shouldCountEarlierDaysOfTheMonthAgainstTheMonthlyBudget() throws Exception {
        // Given $9.80 already spent on the 3rd of the month, and a monthly budget of $10
        seed(KPOP, 20);
        ledger.save(
                DayLedger.empty("2026-11-03")
                        .settle("r", "kpop", new DayLedger.Amount(1960, 0, new BigDecimal("9.80"))),
                null);

        // When
        InvocationSummary summary = run(Map.of(EnvNames.MONTHLY_BUDGET_USD, "10"), KPOP);

        // Then no request could fit ($0.45 worst case)
        assertThat(x.requests()).isEmpty();
        assertThat(summary.queries().get(0).stopReason()).isEqualTo(StopReason.BUDGET_EXHAUSTED);
        assertThat(summary.spend().monthUsd()).isEqualByComparingTo("9.80");
        assertThat(summary.spend().todayUsd()).isEqualByComparingTo("0");
    }

    @Test
    void shouldHoldAQueryToItsOwnDailyBudgetWhileTheOthersGoOn() throws Exception {
        // Given two queries of 40 tweets, one with a daily budget of $0.50 (one page fits)
        seed(KPOP, 40);
        seed(NEWS, 40);

        // When
        InvocationSummary summary = run(NO_BUDGETS, KPOP.withDailyBudget(new BigDecimal("0.50")), NEWS);

        // Then
        QuerySummary kpop = summary.queries().stream()
                .filter(q -> q.queryName().equals("kpop"))
                .findFirst()
                .orElseThrow();
        QuerySummary news = summary.queries().stream()
                .filter(q -> q.queryName().equals("news"))
                .findFirst()
                .orElseThrow();
        assertThat(kpop.stopReason()).isEqualTo(StopReason.BUDGET_EXHAUSTED);
        assertThat(kpop.pagesStored()).isEqualTo(1);
        assertThat(news.stopReason()).isEqualTo(StopReason.COMPLETE);
        assertThat(ledgerOf(DAY).queryUsd("kpop")).isLessThanOrEqualTo(new BigDecimal("0.50"));
    }

    @Test
    void shouldStopOn402WithoutRetryKeepTheCheckpointAndSendNoOtherQueryARequest() throws Exception {
        // Given 35 tweets and X out of credits from the third request on
        seed(KPOP, 35);
        seed(NEWS, 5);
        x.fault(
                pass(),
                pass(),
                problem(
                        402,
                        "CreditsDepleted",
                        "Your enrolled account does not have any credits to fulfill this" + " request."));

        // When
        InvocationSummary summary = run(NO_BUDGETS, KPOP, NEWS);

        // Then the 402 was not retried and nothing else was asked
        assertThat(x.requests()).hasSize(3);
        assertThat(summary.creditsDepleted()).isTrue();
        QuerySummary kpop = summary.queries().get(0);
        assertThat(kpop.ok()).isFalse();
        assertThat(kpop.stopReason()).isEqualTo(StopReason.CREDITS_DEPLETED);
        assertThat(kpop.error()).contains("402 CreditsDepleted").contains("add credits");
        QuerySummary news = summary.queries().get(1);
        assertThat(news.reached()).isFalse();
        assertThat(news.stopReason()).isEqualTo(StopReason.CREDITS_DEPLETED);
        // the two pages are manifested as credits_depleted, and the checkpoint resumes after them
        Manifest manifest = lake.manifests("kpop").get(0);
        assertThat(manifest.stopReason()).isEqualTo(StopReason.CREDITS_DEPLETED);
        assertThat(manifest.pageCount()).isEqualTo(2);
        assertThat(lake.checkpoint("kpop").inFlight()).isNotNull();

        // When credits are added and the next tick runs
        time.advance(Duration.ofMinutes(15));
        InvocationSummary next = run(NO_BUDGETS, KPOP, NEWS);

        // Then both harvests complete with nothing lost or fetched twice
        assertThat(next.anyFailed()).isFalse();
        assertStoredExactlyOnceAndComplete(KPOP);
        assertStoredExactlyOnceAndComplete(NEWS);
    }

    @Test
    void shouldKeepAnotherWritersLedgerEntryWhenTheirWriteLandsBetweenOurReadAndOurWrite() throws Exception {
        // Given another invocation that settles $2 of another query just before our second ledger write
        seed(KPOP, 15);
        AtomicInteger ledgerWrites = new AtomicInteger();
        serviceStore = new ForwardingObjectStore(store) {
            @Override
            public String replaceIfMatch(
                    String key, byte[] content, String contentType, Map<String, String> metadata, String etag) {
                if (key.startsWith(RawKeys.SPEND_PREFIX) && ledgerWrites.incrementAndGet() == 1) {
                    Versioned<DayLedger> theirs = ledger.load(DAY);
                    ledger.save(
                            theirs.value()
                                    .settle("other", "news", new DayLedger.Amount(400, 0, new BigDecimal("2.00"))),
                            theirs.etag());
                }
                return super.replaceIfMatch(key, content, contentType, metadata, etag);
            }
        };

        // When
        run(NO_BUDGETS, KPOP);

        // Then our conditional write lost, re-read and re-applied: both are in the ledger
        DayLedger day = ledgerOf(DAY);
        assertThat(day.settled().keySet()).containsExactly("kpop", "news");
        assertThat(day.settled().get("kpop").posts()).isEqualTo(15);
        assertThat(day.totalUsd()).isGreaterThan(new BigDecimal("2.00"));
    }

    @Test
    void shouldLeaveAKilledRunsReservationCountedSoTheLedgerNeverUndercounts() throws Exception {
        // Given an invocation killed by its settling write to the ledger (after 2 pages)
        seed(KPOP, 15);
        store.crashOnPut(key -> key.startsWith(RawKeys.SPEND_PREFIX), 3);
        try {
            run(NO_BUDGETS, KPOP);
        } catch (InMemoryObjectStore.SimulatedCrash expected) {
            // the Lambda died
        }

        // Then the run is still open with its last reservation: at least what X charged is counted
        DayLedger day = ledgerOf(DAY);
        assertThat(day.open()).hasSize(1);
        BigDecimal charged = Prices.DEFAULT.readCost(15, usersServed());
        assertThat(day.totalUsd()).isGreaterThanOrEqualTo(charged);
        assertThat(Map.copyOf(day.settled())).isEmpty();
    }
}
