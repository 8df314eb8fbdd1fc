package dev.xlake.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import dev.xlake.backfill.BackfillJob;
import dev.xlake.backfill.BackfillStore;
import dev.xlake.config.FetchConfig;
import dev.xlake.config.QuerySpec;
import dev.xlake.core.config.EnvNames;
import dev.xlake.core.json.Json;
import dev.xlake.core.layout.RunIds;
import dev.xlake.core.manifest.RateLimit;
import dev.xlake.core.manifest.StopReason;
import dev.xlake.core.time.FakeTime;
import dev.xlake.s3.InMemoryObjectStore;
import dev.xlake.testing.CapturedLogs;
import dev.xlake.xapi.FakeXApi;
import dev.xlake.xapi.FullArchiveClient;
import dev.xlake.xapi.XResponse;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

class FetchHandlerTest {

    /** JSON numbers equal by value (0.000 and 0.0), everything else as JsonNode.equals. */
    static final java.util.Comparator<JsonNode> BY_NUMERIC_VALUE =
            (a, b) -> a.isNumber() && b.isNumber() ? a.decimalValue().compareTo(b.decimalValue()) : a.equals(b) ? 0 : 1;

    final FakeTime time = new FakeTime(Instant.parse("2026-11-25T20:00:00Z"));
    final FakeXApi x = new FakeXApi(time);
    final InMemoryObjectStore store = new InMemoryObjectStore("lake");
    final AtomicInteger runs = new AtomicInteger();

    FetchHandler handler(QuerySpec... queries) {
        return handler(null, queries);
    }

    FetchHandler handler(FullArchiveClient fullArchive, QuerySpec... queries) {
        FetchConfig config = TestFetchConfig.of(queries)
                .with(EnvNames.X_BEARER_TOKEN, "tok")
                .with(EnvNames.MAX_PAGES, 5)
                .with(EnvNames.MAX_RETRIES, 2)
                .build();
        return new FetchHandler(new FetchService(
                config,
                x,
                fullArchive,
                store,
                time,
                time,
                new Random(1),
                at -> RunIds.format(at, runs.incrementAndGet())));
    }

    static Context context(long remainingMillis) {
        return context(() -> remainingMillis);
    }

    static Context context(LongSupplier remainingMillis) {
        return (Context) Proxy.newProxyInstance(
                Context.class.getClassLoader(),
                new Class<?>[] {Context.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getRemainingTimeInMillis" -> (int) remainingMillis.getAsLong();
                    case "getAwsRequestId" -> "req-1";
                    case "getFunctionName" -> "xlake-fetch";
                    default -> null;
                });
    }

    @Test
    void shouldReturnAndLogThePerQuerySummaryAsOneJsonLine() throws Exception {
        x.addTweets("#kpop", 12, time.instant().minusSeconds(3600), Duration.ofMinutes(1));

        Map<String, Object> result;
        List<String> lines;
        try (CapturedLogs logs = new CapturedLogs()) {
            result = handler(new QuerySpec("kpop", "#kpop")).handleRequest(Map.of(), context(60_000));
            lines = logs.lines().stream()
                    .filter(l -> l.startsWith("INFO dev.xlake.fetch.FetchHandler "))
                    .toList();
        }

        assertThat(lines).hasSize(1);
        JsonNode logged = Json.MAPPER.readTree(lines.get(0).substring("INFO dev.xlake.fetch.FetchHandler ".length()));
        assertThat(logged.path("queries").get(0).path("query_name").asText()).isEqualTo("kpop");
        assertThat(logged.path("queries").get(0).path("tweet_count").asLong()).isEqualTo(12);
        assertThat(logged.path("queries").get(0).path("stop_reason").asText()).isEqualTo("complete");
        assertThat(result).containsKey("queries");
        // numbers compared by value: the returned map holds the dollar amounts as doubles
        assertThat(Json.MAPPER.readTree(Json.toLine(result)).equals(BY_NUMERIC_VALUE, logged))
                .as(Json.toLine(result))
                .isTrue();
    }

    @Test
    void shouldPublishTheLongestQueryWaitAsOneEmbeddedMetricLine() throws Exception {
        // Given two queries reached once, then a tick 3 hours later whose budget reaches only the first
        FetchHandler handler = handler(new QuerySpec("a", "a"), new QuerySpec("b", "b"));
        handler.handleRequest(Map.of(), context(60_000));
        time.advance(Duration.ofHours(3));

        // When (20 s left after the first request: less than the 15 s margin plus one 10 s request)
        List<String> lines;
        try (CapturedLogs logs = new CapturedLogs()) {
            handler.handleRequest(Map.of(), context(() -> x.requests().size() < 3 ? 60_000 : 20_000));
            lines = logs.lines().stream()
                    .filter(l -> l.startsWith("INFO xlake.metrics ") && l.contains("MaxQueryWaitSeconds"))
                    .toList();
        }

        // Then one line in CloudWatch's embedded metric format reports b's wait and one unreached query
        // (the spend metrics come in lines of their own)
        assertThat(lines).hasSize(1);
        JsonNode emf = Json.MAPPER.readTree(lines.get(0).substring("INFO xlake.metrics ".length()));
        JsonNode directive = emf.at("/_aws/CloudWatchMetrics/0");
        assertThat(directive.path("Namespace").asText()).isEqualTo("xlake");
        assertThat(directive.path("Dimensions").toString()).isEqualTo("[[\"FunctionName\"]]");
        assertThat(directive.path("Metrics").findValuesAsText("Name"))
                .containsExactly("MaxQueryWaitSeconds", "UnreachedQueries");
        assertThat(emf.at("/_aws/Timestamp").asLong()).isEqualTo(time.instant().toEpochMilli());
        assertThat(emf.path("FunctionName").asText()).isEqualTo("xlake-fetch");
        assertThat(emf.path("MaxQueryWaitSeconds").asLong())
                .isEqualTo(Duration.ofHours(3).toSeconds());
        assertThat(emf.path("UnreachedQueries").asInt()).isEqualTo(1);
    }

    @Test
    void shouldFailTheInvocationNamingTheFailedQueriesAfterRunningAll() {
        x.addTweets("ok", 5, time.instant().minusSeconds(3600), Duration.ofMinutes(1));
        x.fault(
                FakeXApi.problem(401, "Unauthorized", "Unauthorized"),
                FakeXApi.pass(),
                FakeXApi.problem(400, "Invalid Request", "bad query"));
        FetchHandler handler =
                handler(new QuerySpec("first", "a"), new QuerySpec("second", "ok"), new QuerySpec("third", "c"));

        assertThatThrownBy(() -> handler.handleRequest(Map.of(), context(60_000)))
                .isInstanceOf(FetchHandler.FetchFailedException.class)
                .hasMessage("Cannot complete fetch: queries failed: first, third");
        assertThat(store.keys("raw/x/recent-search/query=second/")).hasSize(2);
    }

    @Test
    void shouldFailTheInvocationOnAFailedBackfillAfterStoringTheRecentSearchWork() {
        // Given a query whose backfill job object cannot be read
        x.addTweets("#kpop", 12, time.instant().minusSeconds(3600), Duration.ofMinutes(1));
        store.putIfAbsent(
                "state/x/full-archive/query=kpop/backfill.json",
                "not json".getBytes(StandardCharsets.UTF_8),
                "application/json",
                Map.of());
        FullArchiveClient neverCalled = request -> {
            throw new AssertionError("no full-archive request expected");
        };
        FetchHandler handler = handler(neverCalled, new QuerySpec("kpop", "#kpop"));

        // When / Then the invocation fails naming the backfill, after recent search stored its pages and tick
        assertThatThrownBy(() -> handler.handleRequest(Map.of(), context(60_000)))
                .isInstanceOf(FetchHandler.FetchFailedException.class)
                .hasMessage("Cannot complete fetch: backfills failed: kpop");
        assertThat(store.keys("raw/x/recent-search/query=kpop/"))
                .filteredOn(k -> k.endsWith("/_manifest.json"))
                .hasSize(1);
        assertThat(store.keys("raw/x/ticks/")).hasSize(1);
    }

    @Test
    void shouldFailTheInvocationOn402InABackfillKeepingTheJobAndTheRecentSearchWork() {
        // Given a backfill job of the query, and X answering its full-archive request with 402
        x.addTweets("#kpop", 12, time.instant().minusSeconds(3600), Duration.ofMinutes(1));
        Instant start = time.instant().minus(Duration.ofDays(30));
        BackfillJob job = BackfillJob.create(
                "kpop", "#kpop", start, start.plus(Duration.ofDays(1)), 10, true, null, time.instant());
        new BackfillStore(store).save(job, null);
        AtomicInteger fullArchiveRequests = new AtomicInteger();
        FullArchiveClient depleted = request -> {
            fullArchiveRequests.incrementAndGet();
            return new XResponse(
                    402,
                    "{\"title\":\"CreditsDepleted\",\"detail\":\"no credits\",\"type\":\"about:blank\",\"status\":402}"
                            .getBytes(StandardCharsets.UTF_8),
                    RateLimit.NONE);
        };

        // When / Then the invocation fails with the 402 message after recent search stored its run
        assertThatThrownBy(() ->
                        handler(depleted, new QuerySpec("kpop", "#kpop")).handleRequest(Map.of(), context(60_000)))
                .isInstanceOf(FetchHandler.FetchFailedException.class)
                .hasMessageContaining("402 CreditsDepleted");
        assertThat(fullArchiveRequests).hasValue(1);
        assertThat(store.keys("raw/x/recent-search/query=kpop/"))
                .filteredOn(k -> k.endsWith("/_manifest.json"))
                .hasSize(1);
        BackfillJob kept = new BackfillStore(store).load("kpop").orElseThrow().value();
        assertThat(kept.complete()).isFalse();
        assertThat(kept.lastStopReason()).isEqualTo(StopReason.CREDITS_DEPLETED);
    }

    @Test
    void shouldKeepTheSafetyMarginOutOfTheBudget() {
        x.addTweets("#kpop", 12, time.instant().minusSeconds(3600), Duration.ofMinutes(1));

        // 20 s left, 15 s margin: 5 s < one 10 s request timeout, so nothing is sent
        Map<String, Object> result = handler(new QuerySpec("kpop", "#kpop")).handleRequest(Map.of(), context(20_000));

        assertThat(x.requests()).isEmpty();
        assertThat(((JsonNode) Json.MAPPER.valueToTree(result))
                        .path("queries")
                        .get(0)
                        .path("stop_reason")
                        .asText())
                .isEqualTo("time_budget");
    }

    @Test
    void shouldReadTheSecretOnFirstUseNotAtInitialisation() {
        // Given a configuration whose token lives in Secrets Manager (SnapStart publishes versions
        // by running initialisation, possibly before the secret has a value)
        AtomicInteger secretReads = new AtomicInteger();
        Map<String, String> env = Map.of(
                "XLAKE_BUCKET", "lake",
                "XLAKE_QUERIES", "[{\"name\":\"kpop\",\"query\":\"#kpop\"}]",
                "XLAKE_X_BEARER_SECRET_ID", "xlake/x-bearer",
                "AWS_ENDPOINT_URL", "http://127.0.0.1:9",
                "AWS_REGION", "us-east-1",
                "AWS_ACCESS_KEY_ID", "k",
                "AWS_SECRET_ACCESS_KEY", "s");

        // When the handler's service is prepared, then used twice
        var service = FetchHandler.fromEnvironment(env, id -> {
            secretReads.incrementAndGet();
            assertThat(id).isEqualTo("xlake/x-bearer");
            return "the-token";
        });

        // Then nothing was read at initialisation, and the secret is read once, on first use
        assertThat(secretReads).hasValue(0);
        FetchService first = service.get();
        assertThat(service.get()).isSameAs(first);
        assertThat(secretReads).hasValue(1);
    }

    @Test
    void shouldStillFailInitialisationOnBadConfiguration() {
        assertThatThrownBy(() -> FetchHandler.fromEnvironment(Map.of("XLAKE_BUCKET", "lake"), id -> "t"))
                .hasMessageContaining("XLAKE_QUERIES");
    }
}
