package dev.xlake.cli.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.xlake.config.QuerySpec;
import dev.xlake.core.net.RefusingPort;
import dev.xlake.emulator.ComplianceSchedule;
import dev.xlake.emulator.GroundTruthTweet;
import dev.xlake.emulator.XApiEmulator;
import dev.xlake.s3embedded.EmbeddedS3;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code xlake local} end to end, with faults on, checked with tools of its own: the tables read
 * by Iceberg's generic reader, the ground truth from a second emulator with the same seed, the S3 objects from disk.
 */
class LocalPipelineIT {

    private static final Instant START = Instant.parse("2026-03-02T09:00:00Z");
    private static final long SEED = 7;
    private static final double TWEETS_PER_MINUTE = 2;
    private static final List<QuerySpec> QUERIES =
            List.of(new QuerySpec("kpop", "#kpop OR #BTS"), new QuerySpec("crypto", "(#Bitcoin OR $BTC) -is:retweet"));
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    @Test
    void shouldLoseAndDuplicateNothingDespiteFaultsAndContinueOnSecondRun() throws Exception {
        // Given X failing in every way the fetcher retries, a fetch killed after 2 pages, every
        // manifest event delivered three times, the first tick's conversion dying, and pages
        // capped so paginations span ticks
        LocalFaults faults =
                LocalFaults.parse("503x2,429=30s,truncated,malformed,500,kill-fetch=2,dup-events,fail-convert=1");

        // When
        StringWriter firstOut = new StringWriter();
        LocalPipeline.Result first = new LocalPipeline(settings(3, faults), new PrintWriter(firstOut)).run();

        // Then the pipeline's own check passed, and it saw the faults happen
        assertThat(first.ok()).as(firstOut.toString()).isTrue();
        assertThat(firstOut.toString())
                .contains("KILLED mid-pagination")
                .contains("duplicate events ignored")
                .contains("CONVERSION FAILED (its runs are caught up by the next conversion)")
                .contains("(resumed)")
                .contains("compliance pass ")
                .containsPattern("\\(users\\) .* OK")
                .doesNotContain("MISMATCH");
        // ... a killed run's pages were settled with an interrupted manifest, and every manifest's
        // run was claimed and submitted exactly once
        List<JsonNode> manifests = manifests();
        assertThat(manifests)
                .extracting(m -> m.get("stop_reason").asText())
                .contains("interrupted", "max_pages", "complete");
        assertThat(claims())
                .extracting(c -> c.get("run_id").asText())
                .containsExactlyInAnyOrderElementsOf(
                        manifests.stream().map(m -> m.get("run_id").asText()).toList());
        assertThat(claims())
                .allSatisfy(c -> assertThat(c.get("step_id").asText()).startsWith("local-"));
        // ... and the lake, read by Iceberg's generic reader, is exactly the ground truth
        assertLakeMatchesGroundTruth();

        // When a second run continues on the same directory, without faults
        StringWriter secondOut = new StringWriter();
        LocalPipeline.Result second =
                new LocalPipeline(settings(1, LocalFaults.none()), new PrintWriter(secondOut)).run();

        // Then the clock moved on, new tweets came in, and still nothing is missing or doubled
        assertThat(second.ok()).as(secondOut.toString()).isTrue();
        assertThat(secondOut.toString()).contains("clock continued from");
        assertLakeMatchesGroundTruth();
    }

    @Test
    void shouldFailNamingTheQueryWhenTheXApiRejectsTheToken() throws Exception {
        // Given an X API that answers 401 to the token we have
        try (XApiEmulator x =
                XApiEmulator.builder().seed(SEED).bearerToken("the-right-token").start()) {
            StringWriter out = new StringWriter();

            // When
            LocalPipeline.Result result = new LocalPipeline(
                            againstXApi(URI.create(x.baseUrl()), "a-wrong-token"), new PrintWriter(out))
                    .run();

            // Then the run fails, names the query and why, and its check line does not say OK
            String report = out.toString();
            assertThat(result.ok()).as(report).isFalse();
            assertThat(result.failedFetches()).as(report).containsOnlyKeys("kpop");
            assertThat(result.failedFetches().get("kpop")).contains("401");
            assertThat(checkLine(report, "kpop"))
                    .contains("FETCH FAILED")
                    .contains("401")
                    .doesNotContain("OK");
            // ... and with nothing converted, no negative conversion time
            assertThat(report).containsPattern("convert \\d").doesNotContainPattern("convert -");
        }
    }

    @Test
    void shouldFailNamingHostAndPortWhenTheXApiRefusesConnections() throws Exception {
        // Given a port that refuses connections
        try (RefusingPort refusing = new RefusingPort()) {
            int port = refusing.port();
            StringWriter out = new StringWriter();

            // When
            LocalPipeline.Result result = new LocalPipeline(
                            againstXApi(URI.create("http://127.0.0.1:" + port), "any-token"), new PrintWriter(out))
                    .run();

            // Then
            String report = out.toString();
            assertThat(result.ok()).as(report).isFalse();
            assertThat(checkLine(report, "kpop"))
                    .contains("FETCH FAILED")
                    .contains("127.0.0.1:" + port + ": connection refused");
        }
    }

    /** One tick of one query against another X API, as {@code --x-api-url} with X_BEARER_TOKEN set. */
    private LocalSettings againstXApi(URI xApi, String token) {
        return new LocalSettings(
                dataDir,
                1,
                Duration.ofMinutes(15),
                List.of(QUERIES.get(0)),
                Optional.of(xApi),
                Optional.empty(),
                LocalFaults.none(),
                "lake",
                SEED,
                TWEETS_PER_MINUTE,
                5,
                START,
                Map.of("X_BEARER_TOKEN", token));
    }

    private static String checkLine(String report, String query) {
        String check = report.substring(report.indexOf("check "));
        return check.lines()
                .filter(line -> line.trim().startsWith(query + " "))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no check line for " + query + " in:\n" + report));
    }

    private LocalSettings settings(int ticks, LocalFaults faults) {
        return new LocalSettings(
                dataDir,
                ticks,
                Duration.ofMinutes(15),
                QUERIES,
                Optional.empty(),
                Optional.empty(),
                faults,
                "lake",
                SEED,
                TWEETS_PER_MINUTE,
                5,
                START,
                Map.of());
    }

    /**
     * The lake, read by Iceberg's generic reader, against a second emulator's corpus and
     * compliance schedule: every required tweet X has not deleted is there once, nothing else, and
     * no tweet X deleted before the run's compliance pass (which ended at the saved clock, and
     * took seconds of emulator time) is left.
     */
    private void assertLakeMatchesGroundTruth() throws Exception {
        EmulatorState state =
                EmulatorState.read(dataDir.resolve("emulator-state.json")).orElseThrow();
        XApiEmulator groundTruth = XApiEmulator.builder()
                .seed(SEED)
                .tweetsPerMinute(TWEETS_PER_MINUTE)
                .complianceRates(LocalPipeline.COMPLIANCE_RATES)
                .build();
        Instant windowStart = state.firstFetchAt().minus(Duration.ofDays(7));
        Instant end = state.clock().plusMillis(1);
        Instant passEnd = state.clock();
        Instant surelyBeforePass = passEnd.minus(Duration.ofMinutes(1));
        ComplianceSchedule schedule = groundTruth.compliance();
        int goneOnX = 0;
        for (QuerySpec query : QUERIES) {
            List<String> rows = lakeIds(query.name());
            long sinceId =
                    Long.parseLong(checkpoint(query.name()).get("since_id").asText());
            List<GroundTruthTweet> truth = groundTruth
                    .groundTruth(Map.of(query.name(), query.query()), windowStart, end)
                    .get(query.name());
            Set<String> allowed = new HashSet<>();
            List<String> required = new ArrayList<>();
            Set<String> gone = new HashSet<>();
            for (GroundTruthTweet tweet : truth) {
                allowed.add(tweet.id());
                if (deleted(schedule.post(tweet, surelyBeforePass))) {
                    gone.add(tweet.id());
                }
                if (!deleted(schedule.post(tweet, passEnd))
                        && !tweet.createdAt().isBefore(windowStart.plus(Duration.ofHours(1)))
                        && Long.parseLong(tweet.id()) <= sinceId) {
                    required.add(tweet.id());
                }
            }
            goneOnX += gone.size();

            assertThat(rows).as("rows of %s", query.name()).doesNotHaveDuplicates();
            assertThat(required).as("ground truth of %s", query.name()).hasSizeGreaterThan(100);
            assertThat(new HashSet<>(rows))
                    .as("rows of %s", query.name())
                    .containsAll(required)
                    .allMatch(allowed::contains)
                    .noneMatch(gone::contains);
        }
        assertThat(goneOnX).as("tweets X deleted before the pass").isPositive();
    }

    private static boolean deleted(Optional<ComplianceSchedule.Event> event) {
        return event.isPresent() && event.get().action().equals(ComplianceSchedule.DELETE);
    }

    /**
     * The tweet ids of a query, read by Iceberg's generic reader through a JDBC catalog of its own
     * on the run's catalog file, and an S3 server of its own on the run's S3 folder.
     */
    private List<String> lakeIds(String query) throws IOException {
        try (EmbeddedS3 s3 = EmbeddedS3.builder().dataDir(dataDir.resolve("s3")).start();
                JdbcCatalog catalog = new JdbcCatalog()) {
            Configuration conf = new Configuration();
            S3Target.embedded(s3).hadoopSettings().forEach(conf::set);
            conf.setBoolean("fs.s3.impl.disable.cache", true);
            conf.setBoolean("fs.s3a.impl.disable.cache", true);
            catalog.setConf(conf);
            catalog.initialize(
                    "xlake",
                    Map.of(
                            "uri", "jdbc:sqlite:" + dataDir.resolve("catalog.db"),
                            "warehouse", "s3://lake/curated",
                            "jdbc.schema-version", "V1"));
            Table tweets = catalog.loadTable(TableIdentifier.of("xlake", "tweets"));
            List<String> ids = new ArrayList<>();
            try (CloseableIterable<Record> rows = IcebergGenerics.read(tweets)
                    .select("query", "id")
                    .where(Expressions.equal("query", query))
                    .build()) {
                rows.forEach(row -> ids.add(row.getField("id").toString()));
            }
            return ids;
        }
    }

    private JsonNode checkpoint(String query) throws IOException {
        return JSON.readTree(dataDir.resolve("s3/lake/state/x/recent-search/query=" + query + "/checkpoint.json")
                .toFile());
    }

    private List<JsonNode> manifests() throws IOException {
        return jsonFiles(dataDir.resolve("s3/lake/raw"), "_manifest.json");
    }

    private List<JsonNode> claims() throws IOException {
        return jsonFiles(dataDir.resolve("s3/lake/state/submit"), ".json");
    }

    private static List<JsonNode> jsonFiles(Path root, String suffix) throws IOException {
        List<JsonNode> nodes = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(suffix))
                    .toList()) {
                nodes.add(JSON.readTree(file.toFile()));
            }
        }
        return nodes;
    }
}
