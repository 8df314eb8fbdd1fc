package dev.xlake.convert;

import static dev.xlake.convert.fixtures.LakeAssertions.assertSameRows;
import static dev.xlake.convert.fixtures.LocalRuns.T1;
import static dev.xlake.convert.fixtures.LocalRuns.T2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.xlake.convert.fixtures.DuckDbLake;
import dev.xlake.convert.fixtures.ExpectedRows;
import dev.xlake.convert.fixtures.FlakyLocalFileSystem;
import dev.xlake.convert.fixtures.LocalRuns;
import dev.xlake.convert.fixtures.PageGenerator;
import dev.xlake.convert.fixtures.TestSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tasks that die halfway: the converter stages tweets from inside its tasks, so a failed attempt
 * leaves files behind, and only complete attempts may reach the table.
 */
class ConverterTaskFailureIT {

    private static SparkSession spark;

    @TempDir
    Path bucket;

    private LocalRuns runs;

    @BeforeAll
    static void startSpark() {
        spark = TestSpark.startWithRetriedTasks("ConverterTaskFailureIT");
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    @BeforeEach
    void setUp() {
        runs = LocalRuns.readThroughFlaky(bucket, new PageGenerator(11, 300));
    }

    @Test
    void shouldCommitOnlyTheRetriedAttemptWhenATaskDiesAfterStagingSomeTweets() {
        // Given a run of 20 pages; with flaky:// paths the converter makes 8 tasks of 2-3 pages, and
        // the task holding pages 3-5 dies on page 5 after staging pages 3 and 4
        ExpectedRows expected = new ExpectedRows();

        // When
        ConvertSummary summary =
                convertRetried(2_000, () -> FlakyLocalFileSystem.failOpening("page-00005.json.gz", 1), expected);

        // Then the first attempt did die, and the table holds each tweet once, as in the JSON
        assertSameRows(DuckDbLake.users(curated() + "/users"), expected.users());
        assertThat(summary.tweetsRead()).isEqualTo(2_000);
        assertThat(summary.duplicatesDropped()).isZero();
        assertThat(bucket.resolve("curated/_xlake_staging")).doesNotExist();
    }

    @Test
    void shouldRetryAPageWhoseReadFailedTransientlyInsteadOfQuarantiningIt() {
        // Given a run whose page 7 cannot be read the first time (a reset connection)
        ExpectedRows expected = new ExpectedRows();

        // When
        ConvertSummary summary = convertRetried(
                1_000, () -> FlakyLocalFileSystem.failOpeningTransiently("page-00007.json.gz", 1), expected);

        // Then the task was retried and the page converted: nothing lost, nothing quarantined
        assertThat(summary.quarantined()).isZero();
        assertThat(bucket.resolve("quarantine")).doesNotExist();
    }

    /**
     * Converts a run of {@code tweets} tweets after {@code failOnce} made one page's read fail
     * once; checks that it did fail, and that the retried task brought every tweet in, once.
     */
    private ConvertSummary convertRetried(int tweets, Runnable failOnce, ExpectedRows expected) {
        String manifest =
                run("kpop", "20261125T201500Z-000001", T1, PageGenerator.idsBackFrom(T1, tweets, 300_000), expected);
        failOnce.run();

        ConvertSummary summary = convert(manifest);

        assertThat(FlakyLocalFileSystem.failedOpens()).isEqualTo(1);
        assertSameRows(DuckDbLake.tweets(curated() + "/tweets"), expected.tweets());
        assertThat(summary.tweetsWritten()).isEqualTo(tweets);
        return summary;
    }

    @Test
    void shouldLeaveTheTableAsItWasWhenATaskFailsForGood() throws IOException {
        // Given a converted run, and a second run touching the same days whose page 5 cannot be read
        ExpectedRows first = new ExpectedRows();
        String converted =
                run("kpop", "20261125T201500Z-000001", T1, PageGenerator.idsBackFrom(T1, 1_000, 300_000), first);
        convert(converted);
        List<String> filesBefore = parquetFiles();
        String failing = run(
                "kpop",
                "20261125T203000Z-000002",
                T2,
                PageGenerator.idsBackFrom(T2, 2_000, 300_000),
                new ExpectedRows());
        FlakyLocalFileSystem.failOpening("page-00005.json.gz", Integer.MAX_VALUE);

        // When / Then the conversion fails, naming the cause
        assertThatThrownBy(() -> convert(failing)).hasStackTraceContaining("injected failure opening");

        // and the table is exactly the first run's, in the same files, with no staging left behind
        assertThat(parquetFiles()).isEqualTo(filesBefore);
        assertSameRows(DuckDbLake.tweets(curated() + "/tweets"), first.tweets());
        assertThat(bucket.resolve("curated/_xlake_staging")).doesNotExist();
    }

    @Test
    void shouldLoseNoRowWhenAConversionDiesReplacingPartitionsAndRepairThemInTheNextConversion() {
        // Given a converted run over four days, and a later run overlapping two of them, whose
        // conversion dies after moving the first rewritten day in but before deleting its old files
        ExpectedRows expected = new ExpectedRows();
        List<String> firstIds = PageGenerator.idsBackFrom(T1, 1_000, 300_000);
        convert(run("kpop", "20261125T201500Z-000001", T1, firstIds, expected));
        String overlapping =
                run("kpop", "20261125T203000Z-000002", T2, PageGenerator.idsBackFrom(T2, 200, 400_000), expected);
        FlakyLocalFileSystem.failDeletingParquetFiles();
        assertThatThrownBy(() -> convert(overlapping))
                .isInstanceOf(ConvertException.class)
                .hasMessageContaining("No row that was in the table is lost");
        FlakyLocalFileSystem.failOpening(null, 0);

        // Then every tweet the table held is still there, some twice, and the swap is on record
        String tweets = "read_parquet('" + curated() + "/tweets/*/*/*.parquet')";
        String firstRun = firstIds.stream().map(id -> "'" + id + "'").collect(java.util.stream.Collectors.joining(","));
        assertThat(DuckDbLake.count("SELECT count(DISTINCT id) FROM " + tweets + " WHERE id IN (" + firstRun + ")"))
                .isEqualTo(firstIds.size());
        assertThat(DuckDbLake.count("SELECT count(*) FROM " + tweets))
                .isGreaterThan(DuckDbLake.count("SELECT count(DISTINCT id) FROM " + tweets));
        assertThat(bucket.resolve("curated/" + PartitionSwap.JOURNAL_DIR)
                        .toFile()
                        .list())
                .hasSize(1);

        // When the next run, on a new day that touches neither damaged day, is converted
        Instant t3 = Instant.parse("2026-11-26T06:00:00Z");
        convert(run("kpop", "20261125T204500Z-000003", t3, PageGenerator.idsBackFrom(t3, 100, 60_000), expected));

        // Then the damaged day was rewritten too: no tweet twice, and no journal left
        assertThat(DuckDbLake.count("SELECT count(*) FROM " + tweets))
                .isEqualTo(DuckDbLake.count("SELECT count(DISTINCT id) FROM " + tweets));
        assertThat(bucket.resolve("curated/" + PartitionSwap.JOURNAL_DIR)
                        .toFile()
                        .list())
                .isEmpty();

        // and converting the failed run again, as after any failed conversion, completes the lake
        convert(overlapping);
        assertSameRows(DuckDbLake.tweets(curated() + "/tweets"), expected.tweets());
        assertSameRows(DuckDbLake.users(curated() + "/users"), expected.users());
    }

    private String curated() {
        return runs.curated();
    }

    private ConvertSummary convert(String manifest) {
        return Converter.run(
                spark, ConvertOptions.ofManifests(List.of(manifest), FlakyLocalFileSystem.SCHEME + "://" + curated()));
    }

    /** Writes a run of 100-tweet pages; returns its manifest as a flaky:// URI. */
    private String run(String query, String runId, Instant startedAt, List<String> ids, ExpectedRows expected) {
        return FlakyLocalFileSystem.SCHEME + "://"
                + runs.run(query, runId, startedAt, ids, 0, expected).toUri().getPath();
    }

    private List<String> parquetFiles() throws IOException {
        try (Stream<Path> files = Files.walk(bucket.resolve("curated/tweets"))) {
            return files.filter(file -> file.toString().endsWith(".parquet"))
                    .map(file -> file + "@" + file.toFile().lastModified())
                    .sorted()
                    .toList();
        }
    }
}
