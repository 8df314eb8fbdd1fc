package dev.xlake.convert;

import static dev.xlake.convert.fixtures.LakeAssertions.assertSameRows;
import static dev.xlake.convert.fixtures.LakeFolder.catalog;
import static dev.xlake.convert.fixtures.LakeFolder.warehouse;
import static dev.xlake.convert.fixtures.LocalRuns.RUN_A;
import static dev.xlake.convert.fixtures.LocalRuns.RUN_B;
import static dev.xlake.convert.fixtures.LocalRuns.T1;
import static dev.xlake.convert.fixtures.LocalRuns.T2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.xlake.convert.fixtures.DuckDbLake;
import dev.xlake.convert.fixtures.ExpectedRows;
import dev.xlake.convert.fixtures.FlakyLocalFileSystem;
import dev.xlake.convert.fixtures.LakeInTempDir;
import dev.xlake.convert.fixtures.LakeInTempDir.WithRetriedTasks;
import dev.xlake.convert.fixtures.PageGenerator;
import dev.xlake.convert.fixtures.RawRunWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Snapshot;
import org.junit.jupiter.api.Test;

/**
 * The converter end to end on local folders, into Iceberg tables on a JDBC (SQLite) catalog, read
 * back by Iceberg's generic reader and compared with the input JSON. Pages are read through
 * {@code flaky://} so that tasks can be made to fail; s3a is covered by {@link ConverterS3IT}.
 */
@WithRetriedTasks
class ConverterIT extends LakeInTempDir {

    /** Runs whose pages are quarantined (core's manifest reader wants real run ids). */
    private static final String BAD_RUN = "20261125T201500Z-badbad";

    private static final String GONE_RUN = "20261125T201500Z-dead00";

    ConverterIT() {
        super(Reading.FLAKY, new PageGenerator(7, 500));
    }

    private org.apache.hadoop.fs.Path run(
            String query, String runId, Instant startedAt, List<String> ids, long boost, ExpectedRows expected) {
        return runs.run(query, runId, startedAt, ids, boost, expected);
    }

    /**
     * Two runs of kpop over {@code ids}: A (run aaaaaa, T1) the first {@code aEnd}, B (run bbbbbb,
     * fetched later at T2, with higher metrics) from {@code bStart} on; returns their manifests.
     */
    private List<org.apache.hadoop.fs.Path> overlappingRuns(
            List<String> ids, int aEnd, int bStart, ExpectedRows expected) {
        return List.of(
                run("kpop", RUN_A, T1, ids.subList(0, aEnd), 0, expected),
                run("kpop", RUN_B, T2, ids.subList(bStart, ids.size()), 1000, expected));
    }

    @Test
    void shouldConvertRealPagesSoThatIcebergsGenericReaderReadsEveryFieldAsInTheJson() {
        // Given a run of the real X pages
        ExpectedRows expected = new ExpectedRows();
        org.apache.hadoop.fs.Path manifest = runs.run("kpop", RUN_A, T1, SamplePages.capturedTexts(), expected);

        // When
        ConvertSummary summary = convert(manifest);

        // Then every row and field is what the JSON says, and each table got one snapshot naming the run
        assertSameRows(lake.tweets(), expected.tweets());
        assertSameRows(lake.users(), expected.users());
        assertThat(summary.tweetsRead()).isEqualTo(202);
        assertThat(summary.tweetsWritten()).isEqualTo(expected.tweets().size());
        assertThat(summary.usersWritten()).isEqualTo(expected.users().size());
        assertThat(summary.usersRead())
                .as("each task's users, counted")
                .isGreaterThanOrEqualTo(expected.users().size());
        for (String table : List.of("tweets", "users")) {
            assertThat(lake.snapshots(table))
                    .singleElement()
                    .satisfies(s -> assertThat(s.summary()).containsEntry("xlake.runs", RUN_A));
        }
        assertThat(((org.apache.iceberg.HasTableOperations) lake.table("tweets"))
                        .operations()
                        .current()
                        .formatVersion())
                .isEqualTo(2);
        assertThat(lake.table("tweets").properties()).containsEntry("write.metadata.metrics.column.id", "full");
        assertThat(lake.table("tweets").spec().toString()).contains("identity", "day");
        assertThat(lake.table("users").spec().toString()).contains("bucket[16]");
    }

    @Test
    void shouldSkipRunsTheTablesHaveCommittedWhenTheSameManifestIsConvertedAgain() {
        // Given a converted run over several days
        ExpectedRows expected = new ExpectedRows();
        org.apache.hadoop.fs.Path manifest =
                run("kpop", "20261125T201500Z-000001", T1, PageGenerator.idsBackFrom(T1, 1500, 400_000), 0, expected);
        ConvertSummary first = convert(manifest);

        // When it is converted again
        ConvertSummary second = convert(manifest);

        // Then nothing was converted, and the tables are as they were, one snapshot each
        assertThat(first.tweetsWritten()).isEqualTo(1500);
        assertThat(second.pages()).isZero();
        assertSameRows(lake.tweets(), expected.tweets());
        assertSameRows(lake.users(), expected.users());
        assertThat(lake.snapshots("tweets")).hasSize(1);
        assertThat(lake.snapshots("users")).hasSize(1);
    }

    @Test
    void shouldKeepNewestFetchWhenOverlappingRunsAreConvertedOutOfOrder() {
        // Given two overlapping runs (B fetched later, with higher metrics) and an unrelated query
        List<String> ids = PageGenerator.idsBackFrom(T1, 450, 600_000);
        ExpectedRows expected = new ExpectedRows();
        List<org.apache.hadoop.fs.Path> ab = overlappingRuns(ids, 300, 150, expected);
        org.apache.hadoop.fs.Path a = ab.get(0);
        org.apache.hadoop.fs.Path b = ab.get(1);
        org.apache.hadoop.fs.Path other = run(
                "brexit",
                "20261125T201500Z-cccccc",
                T1,
                PageGenerator.idsBackFrom(T1.minusSeconds(86_400 * 3), 100, 1000),
                0,
                expected);
        convert(other);

        // When B is converted before A
        convert(b);
        ConvertSummary late = convert(a);

        // Then B's copy of the overlap wins and nothing of either run is lost
        Map<String, ObjectNode> tweets = lake.tweets();
        assertSameRows(tweets, expected.tweets());
        assertThat(tweets).hasSize(550);
        String overlapId = ids.get(200);
        assertThat(tweets.get("kpop/" + overlapId).path("like_count").asLong())
                .isEqualTo(generator.likeCount(overlapId, 1000));
        assertSameRows(lake.users(), expected.users());
        assertThat(late.tweetsRead()).isEqualTo(300);
        assertThat(late.tweetsWritten()).isEqualTo(150); // the 150 ids B did not have
        assertThat(late.partitionsTouched()).noneMatch(p -> p.startsWith("query=brexit"));
        // one snapshot per conversion, each naming its run
        assertThat(lake.snapshots("tweets"))
                .extracting(s -> s.summary().get("xlake.runs"))
                .containsExactly("20261125T201500Z-cccccc", RUN_B, RUN_A);
    }

    @Test
    void shouldDeduplicateOverlappingRunsConvertedTogetherIntoAnEmptyLake() {
        // Given two overlapping runs and no lake yet
        ExpectedRows expected = new ExpectedRows();
        List<org.apache.hadoop.fs.Path> ab =
                overlappingRuns(PageGenerator.idsBackFrom(T1, 300, 600_000), 200, 100, expected);
        org.apache.hadoop.fs.Path a = ab.get(0);
        org.apache.hadoop.fs.Path b = ab.get(1);

        // When both are converted in one job
        ConvertSummary summary = convert(b, a);

        // Then each tweet is there once, the later fetch's copy
        assertSameRows(lake.tweets(), expected.tweets());
        assertSameRows(lake.users(), expected.users());
        assertThat(summary.tweetsRead()).isEqualTo(400);
        assertThat(summary.tweetsWritten()).isEqualTo(300);
        assertThat(summary.duplicatesDropped()).isEqualTo(100);
        assertThat(lake.snapshots("tweets"))
                .singleElement()
                .satisfies(s -> assertThat(s.summary()).containsEntry("xlake.runs", RUN_A + "," + RUN_B));
    }

    @Test
    void shouldAppendAnIncrementalRunWithoutMergingWhenTheIdBoundsCannotCollide() {
        // Given a converted run, and the next tick's run: only newer tweets, on the same day
        ExpectedRows expected = new ExpectedRows();
        convert(run("kpop", RUN_A, T1, PageGenerator.idsBackFrom(T1, 500, 60_000), 0, expected));
        org.apache.hadoop.fs.Path next = run("kpop", RUN_B, T2, PageGenerator.idsBackFrom(T2, 200, 1_000), 0, expected);

        // When it is converted
        ConvertSummary summary = convert(next);

        // Then its files were added as they are (no delete files), and each tweet is there once
        assertSameRows(lake.tweets(), expected.tweets());
        assertSameRows(lake.users(), expected.users());
        assertThat(summary.tweetsWritten()).isEqualTo(200);
        Snapshot tick = lake.snapshots("tweets").get(1);
        assertThat(tick.summary())
                .containsEntry("xlake.runs", RUN_B)
                .containsEntry("added-records", "200")
                .doesNotContainKey("added-delete-files")
                // the converter's own append, not a Spark MERGE (which records its application id)
                .doesNotContainKey("spark.app.id");
        // the users upsert: the tick's rows and equality deletes for their ids, no table scan (no
        // MERGE, no data file rewritten or removed)
        Snapshot usersTick = lake.snapshots("users").get(1);
        assertThat(usersTick.summary())
                .containsEntry("xlake.runs", RUN_B)
                .containsKey("added-equality-delete-files")
                .doesNotContainKey("added-position-delete-files")
                .doesNotContainKey("deleted-data-files")
                .doesNotContainKey("spark.app.id");
        // into the empty table: appended after the dedup, no MERGE and no deletes
        assertThat(lake.snapshots("users").get(0).summary())
                .doesNotContainKey("added-delete-files")
                .doesNotContainKey("spark.app.id");
    }

    @Test
    void shouldCommitOnlyTheRetriedAttemptWhenATaskDiesAfterWritingSomeTweets() {
        // Given a run of 20 pages whose task holding page 5 dies there once, after writing earlier pages
        ExpectedRows expected = new ExpectedRows();

        // When
        convertRetried(2_000, () -> FlakyLocalFileSystem.failOpening("page-00005.json.gz", 1), expected);

        // Then (convertRetried) the first attempt did die, and the tables hold each row once
        assertSameRows(lake.users(), expected.users());
    }

    /**
     * Converts a run of {@code tweets} tweets after {@code failOnce} made one page's read fail
     * once; checks that it did fail, and that the retried task brought every tweet in, once.
     */
    private ConvertSummary convertRetried(int tweets, Runnable failOnce, ExpectedRows expected) {
        org.apache.hadoop.fs.Path manifest =
                run("kpop", "20261125T201500Z-000001", T1, PageGenerator.idsBackFrom(T1, tweets, 300_000), 0, expected);
        failOnce.run();

        ConvertSummary summary = convert(manifest);

        assertThat(FlakyLocalFileSystem.failedOpens()).isEqualTo(1);
        assertSameRows(lake.tweets(), expected.tweets());
        assertThat(summary.tweetsWritten()).isEqualTo(tweets);
        return summary;
    }

    @Test
    void shouldLeaveTheTablesAsTheyWereWhenATaskFailsForGoodAndConvertTheRunWhenRetried() {
        // Given a converted run, and a second, later run whose page 5 cannot be read
        ExpectedRows first = new ExpectedRows();
        convert(run("kpop", "20261125T201500Z-000001", T1, PageGenerator.idsBackFrom(T1, 1_000, 300_000), 0, first));
        ExpectedRows second = new ExpectedRows();
        org.apache.hadoop.fs.Path failing =
                run("kpop", "20261125T203000Z-000002", T2, PageGenerator.idsBackFrom(T2, 2_000, 300_000), 0, second);
        FlakyLocalFileSystem.failOpening("page-00005.json.gz", Integer.MAX_VALUE);

        // When / Then the conversion fails, and the tables are the first run's, at their snapshot
        assertThatThrownBy(() -> convert(failing)).hasStackTraceContaining("injected failure opening");
        assertSameRows(lake.tweets(), first.tweets());
        assertThat(lake.snapshots("tweets")).hasSize(1);
        assertThat(lake.snapshots("users")).hasSize(1);

        // When the page can be read again and the run is converted again, Then both runs are there once
        FlakyLocalFileSystem.failOpening(null, 0);
        convert(failing);
        assertSameRows(lake.tweets(), newerOver(first.tweets(), second.tweets()));
        assertSameRows(lake.users(), newerOver(first.users(), second.users()));
    }

    /** The rows of an earlier fetch with those of a later one over them. */
    private static Map<String, ObjectNode> newerOver(Map<String, ObjectNode> older, Map<String, ObjectNode> newer) {
        Map<String, ObjectNode> rows = new java.util.HashMap<>(older);
        rows.putAll(newer);
        return rows;
    }

    @Test
    void shouldRetryAPageWhoseReadFailedTransientlyInsteadOfQuarantiningIt() {
        // Given a run whose page 7 cannot be read the first time (a reset connection)
        ExpectedRows expected = new ExpectedRows();

        // When
        ConvertSummary summary = convertRetried(
                1_000, () -> FlakyLocalFileSystem.failOpeningTransiently("page-00007.json.gz", 1), expected);

        // Then the task was retried and the page converted: nothing lost, nothing twice, nothing quarantined
        assertThat(summary.quarantined()).isZero();
        assertThat(bucket.resolve("quarantine")).doesNotExist();
    }

    @Test
    void shouldFailInOneLineNamingThePageAndRootCauseWhenATaskFailsForGood() {
        // Given a run whose page 3 can never be read
        org.apache.hadoop.fs.Path manifest = run(
                "kpop",
                "20261125T201500Z-000001",
                T1,
                PageGenerator.idsBackFrom(T1, 500, 300_000),
                0,
                new ExpectedRows());
        FlakyLocalFileSystem.failOpeningTransiently("page-00003.json.gz", Integer.MAX_VALUE);

        // When / Then the failure is one short line: the runs, the page and the root cause, no stack trace
        assertThatThrownBy(() -> convert(manifest))
                .isInstanceOf(ConvertException.class)
                .hasMessageStartingWith("Cannot convert runs 20261125T201500Z-000001: Cannot read page flaky:")
                .hasMessageContaining("page-00003.json.gz")
                .hasMessageEndingWith("injected connection reset opening "
                        + runs.rawObject(RawRunWriter.pageKey("kpop", "20261125T201500Z-000001", T1, 3)))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").hasSizeLessThan(400))
                .hasRootCauseInstanceOf(java.net.SocketException.class);
    }

    @Test
    void shouldQuarantineBadPagesAndTweetsAndConvertEverythingElse() {
        // Given a run with a good page, a truncated gzip, an HTML error page, X's default-fields page
        // (no created_at) and a tweet without id
        List<String> goodIds = PageGenerator.idsBackFrom(T1, 100, 1000);
        byte[] truncatedGzip = java.util.Arrays.copyOf(
                RawRunWriter.gzip(generator.page(goodIds, 0).getBytes(StandardCharsets.UTF_8)), 200);
        List<byte[]> bodies = List.of(
                generator.page(goodIds, 0).getBytes(StandardCharsets.UTF_8),
                truncatedGzip,
                "<html>502 Bad Gateway</html>".getBytes(StandardCharsets.UTF_8),
                SamplePages.bytes("default-fields-recent-search-page.json"),
                "{\"data\":[{\"text\":\"no id\",\"created_at\":\"2026-11-25T10:00:00Z\"}]}"
                        .getBytes(StandardCharsets.UTF_8));
        org.apache.hadoop.fs.Path manifest = runs.writer().writeRawRun("kpop", BAD_RUN, T1, bodies);
        // a gzip page with a bad body is stored gzipped by writeRawRun, so re-store the truncated one raw
        runs.writer().write(RawRunWriter.pageKey("kpop", BAD_RUN, T1, 2), truncatedGzip);

        // When
        ConvertSummary summary = convert(manifest);

        // Then the good page is in the table, and each problem is in the run's quarantine with its reason
        assertThat(summary.tweetsWritten()).isEqualTo(100);
        assertThat(lake.tweets()).hasSize(100);
        assertThat(summary.quarantined()).isEqualTo(1 + 1 + 10 + 1);
        assertThat(quarantined(BAD_RUN, "reason = 'invalid_gzip' AND raw_object LIKE '%page-00002.json.gz'"))
                .isEqualTo(1);
        assertThat(quarantined(BAD_RUN, "reason = 'invalid_json' AND raw_object LIKE '%page-00003.json.gz'"))
                .isEqualTo(1);
        assertThat(quarantined(BAD_RUN, "reason = 'invalid_created_at' AND item_id IS NOT NULL AND record LIKE '{%'"))
                .isEqualTo(10);
        assertThat(quarantined(BAD_RUN, "reason = 'invalid_tweet_id'")).isEqualTo(1);
    }

    @Test
    void shouldQuarantinePageTheManifestNamesButStorageLacks() throws java.io.IOException {
        // Given a manifest whose second page object is gone
        ExpectedRows expected = new ExpectedRows();
        org.apache.hadoop.fs.Path manifest =
                run("kpop", GONE_RUN, T1, PageGenerator.idsBackFrom(T1, 200, 1000), 0, expected);
        java.nio.file.Files.delete(bucket.resolve(RawRunWriter.pageKey("kpop", GONE_RUN, T1, 2)));

        // When
        ConvertSummary summary = convert(manifest);

        // Then the first page is converted and the second reported
        assertThat(summary.tweetsWritten()).isEqualTo(100);
        assertThat(summary.quarantined()).isEqualTo(1);
        assertThat(quarantined(GONE_RUN, "reason = 'unreadable' AND detail LIKE 'FileNotFoundException%'"))
                .isEqualTo(1);
    }

    @Test
    void shouldFailFastAndWriteNothingWhenManifestOrOutputIsBad() throws java.io.IOException {
        org.apache.hadoop.fs.Path missing = new org.apache.hadoop.fs.Path(
                bucket.resolve("raw/nope/_manifest.json").toUri());
        assertThatThrownBy(() -> convert(missing))
                .isInstanceOf(ConvertException.class)
                .hasMessageContaining("Cannot read manifest")
                .hasMessageContaining("does not exist");

        Path future = bucket.resolve("raw/future/_manifest.json");
        java.nio.file.Files.createDirectories(future.getParent());
        java.nio.file.Files.writeString(
                future, "{\"manifest_version\": 2, \"run_id\": \"R\", \"query_name\": \"q\", \"pages\": []}");
        assertThatThrownBy(() -> convert(new org.apache.hadoop.fs.Path(future.toUri())))
                .isInstanceOf(ConvertException.class)
                .hasMessageContaining("manifest_version is 2");

        org.apache.hadoop.fs.Path good = run(
                "kpop", "20261125T201500Z-c0ffee", T1, PageGenerator.idsBackFrom(T1, 10, 1000), 0, new ExpectedRows());
        assertThatThrownBy(() -> convert(good, missing)).isInstanceOf(ConvertException.class);

        Path fileAsOutput = java.nio.file.Files.writeString(bucket.resolve("not-a-folder"), "x");
        assertThatThrownBy(() -> Converter.run(
                        spark(),
                        ConvertOptions.ofManifests(
                                List.of(manifestName(good)), fileAsOutput.toString(), catalog(bucket))))
                .isInstanceOf(ConvertException.class)
                .hasMessageContaining("it is a file");

        assertThat(bucket.resolve("curated")).doesNotExist();
        assertThat(bucket.resolve("quarantine")).doesNotExist();
    }

    @Test
    void shouldConvertPagesCopiedInByHandUsingFoldersAndLastModifiedAsRunAdhoc() throws java.io.IOException {
        // Given pages without manifest: one in the raw layout, one loose file with no query in its path
        List<String> ids = PageGenerator.idsBackFrom(T1, 50, 1000);
        String key = "raw/x/recent-search/query=handmade/dt=2026-11-25/run=R-hand/page-00001.json.gz";
        runs.writer().write(key, RawRunWriter.gzip(generator.page(ids, 0).getBytes(StandardCharsets.UTF_8)));
        runs.writer().write("raw/loose/page.json", generator.page(ids, 0).getBytes(StandardCharsets.UTF_8));
        Instant modified = Instant.parse("2026-11-24T08:00:00Z");
        assertThat(bucket.resolve(key).toFile().setLastModified(modified.toEpochMilli()))
                .isTrue();

        // When the raw prefix is converted (listed as local files: flaky:// lists no permissions)
        ConvertSummary summary = Converter.run(
                spark(), ConvertOptions.ofInput(bucket.resolve("raw").toString(), warehouse(bucket), catalog(bucket)));

        // Then fetched_at is the object's last-modified time, the loose page is quarantined, and
        // the snapshot records the run of the page's run= folder
        String rawObject = new org.apache.hadoop.fs.Path(new org.apache.hadoop.fs.Path(bucket.toUri()), key).toString();
        ExpectedRows expected =
                new ExpectedRows().addPage(generator.page(ids, 0), "handmade", "R-hand", rawObject, modified);
        assertSameRows(lake.tweets(), expected.tweets());
        assertThat(summary.pages()).isEqualTo(2);
        assertThat(quarantined("adhoc", "reason = 'unknown_query'")).isEqualTo(1);
        assertThat(lake.snapshots("tweets"))
                .singleElement()
                .satisfies(s -> assertThat(s.summary().get("xlake.runs")).contains("R-hand"));
    }

    /** Quarantine records of a run matching a condition, read by DuckDB. */
    private long quarantined(String run, String condition) {
        return DuckDbLake.count("SELECT count(*) FROM read_json('" + bucket.resolve("quarantine/convert/run=" + run)
                + "/*.json') WHERE " + condition);
    }
}
