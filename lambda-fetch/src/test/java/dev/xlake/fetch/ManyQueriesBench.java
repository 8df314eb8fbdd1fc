package dev.xlake.fetch;

import dev.xlake.checkpoint.CheckpointStore;
import dev.xlake.config.BearerToken;
import dev.xlake.config.BearerTokenSource;
import dev.xlake.config.FetchConfig;
import dev.xlake.config.QuerySpec;
import dev.xlake.config.SpendSettings;
import dev.xlake.core.layout.RawKeys;
import dev.xlake.core.layout.RunIds;
import dev.xlake.core.manifest.StopReason;
import dev.xlake.core.time.Sleeper;
import dev.xlake.emulator.EmulatorClock;
import dev.xlake.emulator.XApiEmulator;
import dev.xlake.s3.InMemoryObjectStore;
import dev.xlake.s3.ObjectStore;
import dev.xlake.s3.S3ObjectStore;
import dev.xlake.s3embedded.EmbeddedS3;
import dev.xlake.xapi.HttpXApiClient;
import dev.xlake.xapi.XApiClient;
import dev.xlake.xapi.XResponse;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Many queries under one X rate limit: 50 queries (10 busy hashtags, 40 quiet ones) against the
 * emulator with its rate limit on (450 requests per 15 minutes), one tick every 15 emulated
 * minutes with the Lambda's default budget (300 s minus the 15 s margin) and 500 ms per request
 * (advanced on the emulator clock: nothing sleeps). Runs the fair policy and the configuration-order
 * policy on the same corpus and prints, for each: ticks until every query completed its pagination
 * in the same tick, the longest any query went unreached, requests refused with 429, requests and
 * pages. Then times reading 50 checkpoints from the embedded S3 (what each tick starts with).
 *
 * <p>Not a test. Run: {@code ./mvnw -pl lambda-fetch -am -Pbench-queries package -DskipTests}
 * (docs/benchmarks.md has the numbers).
 */
public final class ManyQueriesBench {

    static final Instant START = Instant.parse("2026-11-25T20:00:00Z");
    static final Duration TICK = Duration.ofMinutes(15);
    static final Duration LATENCY = Duration.ofMillis(500);
    static final Duration BUDGET = Duration.ofSeconds(300 - 15);
    static final int MAX_TICKS = 16;
    static final String TOKEN = "bench-token-0123456789";

    static final List<String> BUSY = List.of(
            "#kpop", "#BTS", "#Bitcoin", "#crypto", "#PremierLeague", "#AI", "#LLM", "#gaming", "#foodie", "#Brexit");
    static final List<String> QUIET = List.of(
            "#BLACKPINK",
            "#Butter",
            "#NewJeans",
            "#KpopComeback",
            "#UKPolitics",
            "#BrexitShambles",
            "#GTTO",
            "#Ethereum",
            "#DeFi",
            "#HODL",
            "#UCL",
            "#LaLiga",
            "#MUFC",
            "#YNWA",
            "#ClimateAction",
            "#ClimateCrisis",
            "#COP30",
            "#NetZero",
            "#MachineLearning",
            "#OpenSource",
            "#DataScience",
            "#ramen",
            "#BakingDay",
            "#vegan",
            "#NintendoSwitch",
            "#PS5",
            "#indiegame",
            "#speedrun",
            "#kpop lang:ja",
            "#kpop lang:ko",
            "#BTS lang:es",
            "#Bitcoin lang:de",
            "#crypto lang:fr",
            "#PremierLeague lang:es",
            "#AI lang:fr",
            "#LLM lang:de",
            "#gaming lang:ja",
            "#foodie lang:it",
            "#Brexit lang:de",
            "#Brexit lang:nl");

    private ManyQueriesBench() {}

    /** What one policy did over the ticks. */
    record Result(
            FetchService.Scheduling policy,
            int caughtUpTick,
            Duration longestWait,
            String longestWaiting,
            int refused,
            int requests,
            long pages,
            int maxUnreached) {}

    public static void main(String[] args) throws Exception {
        List<QuerySpec> queries = new ArrayList<>();
        for (int i = 0; i < BUSY.size(); i++) {
            queries.add(new QuerySpec("busy-" + i, BUSY.get(i)));
        }
        for (int i = 0; i < QUIET.size(); i++) {
            queries.add(new QuerySpec("quiet-" + i, QUIET.get(i)));
        }
        System.out.printf(
                "%d queries (%d busy first in the configuration, %d quiet), 450 requests / 15 min, "
                        + "tick every %d min, budget %d s, %d ms per request, at most %d ticks%n",
                queries.size(),
                BUSY.size(),
                QUIET.size(),
                TICK.toMinutes(),
                BUDGET.toSeconds(),
                LATENCY.toMillis(),
                MAX_TICKS);
        List<Result> results = new ArrayList<>();
        for (FetchService.Scheduling policy : FetchService.Scheduling.values()) {
            results.add(run(policy, queries));
        }
        System.out.println();
        System.out.printf(
                "%-24s %10s %14s %-10s %8s %9s %7s %10s%n",
                "policy", "caught up", "longest wait", "(query)", "429s", "requests", "pages", "unreached");
        for (Result r : results) {
            System.out.printf(
                    "%-24s %10s %11d min %-10s %8d %9d %7d %10d%n",
                    r.policy().name().toLowerCase(java.util.Locale.ROOT),
                    r.caughtUpTick() < 0 ? "not in " + MAX_TICKS : "tick " + r.caughtUpTick(),
                    r.longestWait().toMinutes(),
                    r.longestWaiting(),
                    r.refused(),
                    r.requests(),
                    r.pages(),
                    r.maxUnreached());
        }
        timeCheckpointReads(queries);
    }

    static Result run(FetchService.Scheduling policy, List<QuerySpec> queries) throws Exception {
        EmulatorClock clock = EmulatorClock.fixed(START);
        AtomicInteger refused = new AtomicInteger();
        AtomicInteger requests = new AtomicInteger();
        try (XApiEmulator emulator = XApiEmulator.builder()
                .seed(17)
                .bearerToken(TOKEN)
                .clock(clock)
                .tweetsPerMinute(20)
                .start()) {
            HttpXApiClient http = new HttpXApiClient(
                    URI.create(emulator.baseUrl()), BearerToken.of(TOKEN, "bench"), Duration.ofSeconds(20));
            XApiClient timed = request -> {
                clock.advance(LATENCY);
                XResponse response = http.search(request);
                requests.incrementAndGet();
                if (response.status() == 429) {
                    refused.incrementAndGet();
                }
                return response;
            };
            FetchConfig config = new FetchConfig(
                    "bench",
                    queries,
                    new BearerTokenSource.Value(BearerToken.of(TOKEN, "bench")),
                    URI.create(emulator.baseUrl()),
                    FetchConfig.DEFAULT_PAGE_SIZE,
                    FetchConfig.DEFAULT_MAX_PAGES,
                    Duration.ofSeconds(15),
                    Duration.ofSeconds(20),
                    FetchConfig.DEFAULT_MAX_RETRIES,
                    FetchConfig.DEFAULT_MAX_QUERY_WAIT,
                    SpendSettings.UNLIMITED);
            InMemoryObjectStore store = new InMemoryObjectStore("bench");
            Sleeper sleeper = clock::advance;
            AtomicInteger runs = new AtomicInteger();
            Map<String, Instant> lastReached = new HashMap<>();
            queries.forEach(q -> lastReached.put(q.name(), START));
            Duration longestWait = Duration.ZERO;
            String longestWaiting = "-";
            int caughtUp = -1;
            int maxUnreached = 0;
            long pages = 0;
            for (int tick = 1; tick <= MAX_TICKS && caughtUp < 0; tick++) {
                Instant tickStart = START.plus(TICK.multipliedBy(tick - 1L));
                clock.set(tickStart);
                FetchService service = new FetchService(
                                config,
                                timed,
                                store,
                                clock,
                                sleeper,
                                new Random(tick),
                                at -> RunIds.format(at, runs.incrementAndGet()))
                        .scheduledBy(policy);
                InvocationSummary summary = service.runOnce(TimeBudget.until(tickStart.plus(BUDGET), clock));
                // A query cut short by its share may have a second run in the tick: its last one counts.
                Map<String, StopReason> lastStop = new HashMap<>();
                for (QuerySummary q : summary.queries()) {
                    pages += q.pagesStored();
                    lastStop.put(q.queryName(), q.stopReason());
                    if (q.reached()) {
                        lastReached.put(q.queryName(), Instant.parse(q.reachedAt()));
                    }
                }
                boolean allComplete = lastStop.values().stream().allMatch(r -> r == StopReason.COMPLETE);
                Instant tickEnd = clock.instant();
                for (Map.Entry<String, Instant> e : lastReached.entrySet()) {
                    Duration wait = Duration.between(e.getValue(), tickEnd);
                    if (wait.compareTo(longestWait) > 0) {
                        longestWait = wait;
                        longestWaiting = e.getKey();
                    }
                }
                maxUnreached = Math.max(maxUnreached, summary.unreached().size());
                System.out.printf(
                        "%-24s tick %2d: %3d reached, %2d unreached, %4d pages, %3d requests so far refused %d%n",
                        policy.name().toLowerCase(java.util.Locale.ROOT),
                        tick,
                        summary.queries().stream()
                                .filter(QuerySummary::reached)
                                .map(QuerySummary::queryName)
                                .distinct()
                                .count(),
                        summary.unreached().size(),
                        summary.queries().stream()
                                .mapToInt(QuerySummary::pagesStored)
                                .sum(),
                        requests.get(),
                        refused.get());
                if (allComplete) {
                    caughtUp = tick;
                }
            }
            return new Result(
                    policy, caughtUp, longestWait, longestWaiting, refused.get(), requests.get(), pages, maxUnreached);
        }
    }

    /** The tick's first step, on an S3 endpoint (embedded S3: local, so a lower bound for real S3). */
    static void timeCheckpointReads(List<QuerySpec> queries) {
        try (EmbeddedS3 s3 = EmbeddedS3.builder().start();
                S3Client client = s3.newClient()) {
            s3.createBucket("bench");
            ObjectStore store = new S3ObjectStore(client, "bench");
            CheckpointStore checkpoints = new CheckpointStore(store);
            for (QuerySpec q : queries) {
                checkpoints.save(
                        dev.xlake.checkpoint.Checkpoint.initial(q.name(), q.query())
                                .reachedAt("2026-11-25T20:00:00.000Z", "2026-11-25T20:00:00.000Z"),
                        null);
            }
            long best = Long.MAX_VALUE;
            for (int round = 0; round < 5; round++) {
                long started = System.nanoTime();
                for (QuerySpec q : queries) {
                    checkpoints.load(q.name(), q.query());
                }
                best = Math.min(best, System.nanoTime() - started);
            }
            System.out.printf(
                    "%nreading %d checkpoints (%s...) from the embedded S3, sequentially: %d ms (best of 5)%n",
                    queries.size(), RawKeys.checkpoint(queries.get(0).name()), best / 1_000_000);
        }
    }
}
