package dev.xlake.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.xlake.backfill.BackfillJob;
import dev.xlake.backfill.BackfillStore;
import dev.xlake.config.FetchConfig;
import dev.xlake.config.QuerySpec;
import dev.xlake.core.layout.RawKeys;
import dev.xlake.core.manifest.Manifest;
import dev.xlake.core.manifest.PageEntry;
import dev.xlake.core.manifest.StopReason;
import dev.xlake.emulator.FaultPlan;
import dev.xlake.emulator.RecordedRequest;
import dev.xlake.emulator.XApiEmulator;
import dev.xlake.s3.CrashingObjectStore;
import dev.xlake.s3.InMemoryObjectStore;
import dev.xlake.s3.LocalS3;
import dev.xlake.s3.ObjectStore;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.SortedSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Full-archive backfills end to end: the X API emulator's {@code /2/tweets/search/all} and the
 * embedded S3, with the Lambda's own S3 client. Waits advance the emulator's clock, never real
 * time. The oracle is the emulator's ground truth of the window: every backfill, however often it
 * is killed or stopped, must end with exactly those tweets in its manifested pages, once each.
 */
class BackfillEmulatorIT extends EmulatedFetchFixture {

    @RegisterExtension
    static final LocalS3 S3 = LocalS3.embedded();

    static final String TOKEN = "it-backfill-bearer-0123456789abcdef";
    /** Two days, three weeks ago: far outside recent search's 7 days. */
    static final Instant START = Instant.parse("2026-11-02T00:00:00Z");

    static final Instant END = Instant.parse("2026-11-04T00:00:00Z");
    final FaultPlan faults = FaultPlan.none();

    BackfillEmulatorIT() {
        super(S3, TOKEN, "backfill-it-");
    }

    @Override
    XApiEmulator startEmulator(XApiEmulator.Builder builder) {
        return builder.faults(faults).start();
    }

    BackfillService service(ObjectStore target) {
        FetchConfig config = config(TOKEN, 20, new QuerySpec("kpop", "kpop")).build();
        return new BackfillService(config, client(config, TOKEN), target, clock, sleeper(), new Random(5), runIds());
    }

    BackfillJob job(BigDecimal budgetUsd) {
        return BackfillJob.create("kpop", "kpop", START, END, 20, true, budgetUsd, clock.instant());
    }

    BackfillSummary backfill(ObjectStore target, BigDecimal budgetUsd) throws InterruptedException {
        return service(target)
                .backfill(job(budgetUsd), TimeBudget.until(clock.instant().plus(Duration.ofHours(1)), clock));
    }

    SortedSet<String> truth() {
        return emulator.groundTruthIds("kpop", START, END);
    }

    List<Manifest> manifests() {
        return lake.manifests(RawKeys.Source.FULL_ARCHIVE, "kpop");
    }

    List<String> manifestedIds() {
        return lake.manifestedTweetIds(RawKeys.Source.FULL_ARCHIVE, "kpop");
    }

    void assertLakeHoldsExactlyTheWindow() {
        assertThat(manifestedIds()).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(truth());
        assertThat(manifests().stream().flatMap(m -> m.pages().stream()).map(PageEntry::key))
                .doesNotHaveDuplicates()
                .allSatisfy(k -> assertThat(k).startsWith("raw/x/full-archive/query=kpop/dt="));
    }

    BackfillJob storedJob() {
        return new BackfillStore(store).load("kpop").orElseThrow().value();
    }

    List<RecordedRequest> fullArchiveRequests() {
        return EmulatedX.requestsTo(emulator, XApiEmulator.FULL_ARCHIVE_PATH);
    }

    @Test
    void shouldBackfillAWindowOlderThanSevenDaysAtOneRequestPerSecond() throws Exception {
        // When
        BackfillSummary summary = backfill(store, null);

        // Then every tweet of the window is stored once, in the recent-search page format, with a manifest
        assertThat(summary.ok()).isTrue();
        assertThat(summary.complete()).isTrue();
        assertThat(summary.stopReason()).isEqualTo(StopReason.COMPLETE);
        assertThat(summary.pagesStored()).isGreaterThan(2);
        assertThat(summary.tweetCount()).isEqualTo(truth().size());
        assertLakeHoldsExactlyTheWindow();
        Manifest manifest = manifests().get(0);
        assertThat(manifest.queryName()).isEqualTo("kpop");
        assertThat(manifest.startTime()).isEqualTo("2026-11-02T00:00:00.000Z");
        assertThat(manifest.billablePosts()).isPositive();
        assertThat(storedJob().complete()).isTrue();
        assertThat(storedJob().inFlight()).isNull();
        assertThat(storedJob().spent().posts()).isEqualTo(manifest.billablePosts());
        // X's 1 request/second was honoured: never a 429, a 1 s wait before every request but the first
        assertThat(fullArchiveRequests()).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
        assertThat(fullArchiveRequests())
                .allSatisfy(r -> assertThat(r.params())
                        .containsEntry("start_time", "2026-11-02T00:00:00Z")
                        .containsEntry("end_time", "2026-11-04T00:00:00Z")
                        .containsEntry("max_results", "20"));
        assertThat(sleeps).hasSize(fullArchiveRequests().size() - 1).allMatch(d -> d.equals(Duration.ofSeconds(1)));
    }

    @Test
    void shouldDoNothingWhenTheSameBackfillIsAlreadyComplete() throws Exception {
        backfill(store, null);
        int requests = fullArchiveRequests().size();

        BackfillSummary again = backfill(store, null);

        assertThat(again.complete()).isTrue();
        assertThat(again.pagesStored()).isZero();
        assertThat(fullArchiveRequests()).hasSize(requests);
    }

    @Test
    void shouldResumeABackfillKilledAtAnyPageWithNothingLostOrFetchedTwice() throws Exception {
        // Given a backfill killed while storing its 2nd page, then at every later write of the job
        assertThatThrownBy(() -> backfill(new CrashingObjectStore(store, k -> k.endsWith(".json.gz"), 2), null))
                .isInstanceOf(InMemoryObjectStore.SimulatedCrash.class);
        for (int killAt = 3; killAt < 40 && !storedJob().complete(); killAt += 3) {
            try {
                backfill(new CrashingObjectStore(store, k -> k.endsWith("backfill.json"), killAt), null);
            } catch (InMemoryObjectStore.SimulatedCrash expected) {
                // killed: the next run resumes
            }
        }

        // When it runs to the end
        BackfillSummary last = backfill(store, null);

        // Then the union of all runs is the window, once each; killed runs got interrupted manifests
        assertThat(last.complete()).isTrue();
        assertLakeHoldsExactlyTheWindow();
        assertThat(manifests()).extracting(Manifest::stopReason).contains(StopReason.INTERRUPTED);
    }

    @Test
    void shouldTakeAPageStoredJustBeforeAKillFromS3InsteadOfFetchingItAgain() throws Exception {
        // Given a run killed writing the job after its first page (job writes: create, name the run, page 1)
        assertThatThrownBy(() -> backfill(new CrashingObjectStore(store, k -> k.endsWith("backfill.json"), 3), null))
                .isInstanceOf(InMemoryObjectStore.SimulatedCrash.class);
        assertThat(lake.keys("raw/x/full-archive/query=kpop/"))
                .singleElement()
                .satisfies(k -> assertThat(k).endsWith("page-00001.json.gz"));

        // When the backfill continues
        backfill(store, null);

        // Then that page was manifested as interrupted and every page was served by X exactly once
        assertThat(manifests())
                .filteredOn(m -> m.stopReason() == StopReason.INTERRUPTED)
                .singleElement()
                .satisfies(m -> assertThat(m.pageCount()).isEqualTo(1));
        long served =
                fullArchiveRequests().stream().filter(r -> r.status() == 200).count();
        assertThat(served)
                .isEqualTo(manifests().stream().mapToLong(m -> m.pages().size()).sum());
        assertLakeHoldsExactlyTheWindow();
    }

    @Test
    void shouldRetryA503DuringTheBackfill() throws Exception {
        // Given X answers 503 twice (after the first page)
        BackfillSummary first = service(store)
                .backfill(job(null), () -> fullArchiveRequests().size() < 1 ? Duration.ofMinutes(5) : Duration.ZERO);
        faults.unavailable(2);

        // When the backfill continues
        BackfillSummary summary = backfill(store, null);

        // Then it retried and completed, nothing stored for the 503s
        assertThat(first.stopReason()).isEqualTo(StopReason.TIME_BUDGET);
        assertThat(summary.complete()).isTrue();
        assertThat(fullArchiveRequests()).filteredOn(r -> r.status() == 503).hasSize(2);
        assertLakeHoldsExactlyTheWindow();
    }

    @Test
    void shouldStopCleanlyOn402AndResumeAfterATopUp() throws Exception {
        // Given an account with credits for about two pages
        emulator.close();
        emulator = startEmulator(EmulatedX.emulator(clock, TOKEN).creditsUsd(new BigDecimal("0.5")));

        // When the backfill runs out of credits
        BackfillSummary depleted = backfill(store, null);

        // Then it stopped with credits_depleted: pages so far manifested, the job kept
        assertThat(depleted.ok()).isFalse();
        assertThat(depleted.stopReason()).isEqualTo(StopReason.CREDITS_DEPLETED);
        assertThat(depleted.error()).contains("CreditsDepleted");
        assertThat(depleted.pagesStored()).isPositive();
        assertThat(manifests())
                .singleElement()
                .satisfies(m -> assertThat(m.stopReason()).isEqualTo(StopReason.CREDITS_DEPLETED));
        assertThat(storedJob().complete()).isFalse();
        assertThat(storedJob().lastStopReason()).isEqualTo(StopReason.CREDITS_DEPLETED);

        // When credits are added, it resumes with no loss and no duplicate
        emulator.credits().add(new BigDecimal("100"));
        BackfillSummary resumed = backfill(store, null);
        assertThat(resumed.complete()).isTrue();
        assertThat(resumed.resumedFrom()).isEqualTo(depleted.runId());
        assertLakeHoldsExactlyTheWindow();
    }

    @Test
    void shouldStopAtItsBudgetAndContinueAfterARaise() throws Exception {
        // Given a budget of $1.20: a page of 20 can cost up to $0.90 (60 posts, 60 users)
        BigDecimal budget = new BigDecimal("1.20");
        BackfillSummary stopped = backfill(store, budget);

        // Then it stopped before a request that could cross the budget
        assertThat(stopped.ok()).isTrue();
        assertThat(stopped.stopReason()).isEqualTo(StopReason.BUDGET_EXHAUSTED);
        assertThat(stopped.complete()).isFalse();
        assertThat(stopped.pagesStored()).isPositive();
        assertThat(stopped.spentUsd()).isLessThanOrEqualTo(budget);
        assertThat(stopped.spentUsd().add(new BigDecimal("0.90"))).isGreaterThan(budget);
        int requests = fullArchiveRequests().size();

        // When run again with the same budget: no request
        BackfillSummary same = backfill(store, budget);
        assertThat(same.stopReason()).isEqualTo(StopReason.BUDGET_EXHAUSTED);
        assertThat(fullArchiveRequests()).hasSize(requests);

        // When the budget is raised, it continues from the job with nothing lost or fetched twice
        BackfillSummary raised = backfill(store, new BigDecimal("100"));
        assertThat(raised.complete()).isTrue();
        assertThat(storedJob().budgetUsd()).isEqualByComparingTo("100");
        assertLakeHoldsExactlyTheWindow();
    }

    @Test
    void shouldRefuseAnotherWindowWhileABackfillOfThatNameIsUnfinished() throws Exception {
        backfill(store, BigDecimal.ZERO);

        BackfillJob other =
                BackfillJob.create("kpop", "kpop", START.minus(Duration.ofDays(1)), END, 20, true, null, NOW);

        assertThatThrownBy(() -> service(store).backfill(other, TimeBudget.until(NOW.plusSeconds(60), clock)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unfinished backfill")
                .hasMessageContaining("2026-11-02T00:00:00.000Z");
    }
}
