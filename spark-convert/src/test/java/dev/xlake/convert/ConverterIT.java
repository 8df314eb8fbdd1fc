package dev.xlake.convert;

import static dev.xlake.convert.fixtures.LakeAssertions.assertSameRows;
import static dev.xlake.convert.fixtures.LocalRuns.T1;
import static dev.xlake.convert.fixtures.LocalRuns.T2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.xlake.convert.fixtures.DuckDbLake;
import dev.xlake.convert.fixtures.ExpectedRows;
import dev.xlake.convert.fixtures.LocalRuns;
import dev.xlake.convert.fixtures.PageGenerator;
import dev.xlake.convert.fixtures.RawRunWriter;
import dev.xlake.convert.fixtures.TestSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The converter end to end on local folders; s3a is covered by {@link ConverterS3IT}. */
class ConverterIT {

    /** Runs whose pages are quarantined (core's manifest reader wants real run ids). */
    private static final String BAD_RUN = "20261125T201500Z-badbad";

    private static final String GONE_RUN = "20261125T201500Z-dead00";
    private static SparkSession spark;

    @TempDir
    Path bucket;

    private final PageGenerator generator = new PageGenerator(7, 500);
    private LocalRuns runs;
    private RawRunWriter writer;

    @BeforeAll
    static void startSpark() {
        spark = TestSpark.start("ConverterIT");
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    @BeforeEach
    void setUp() {
        runs = new LocalRuns(
                bucket,
                generator,
                key -> new org.apache.hadoop.fs.Path(new org.apache.hadoop.fs.Path(bucket.toUri()), key).toString());
        writer = runs.writer();
    }

    private String curated() {
        return runs.curated();
    }

    private ConvertSummary convert(org.apache.hadoop.fs.Path... manifests) {
        return Converter.run(
                spark,
                ConvertOptions.ofManifests(
                        Stream.of(manifests).map(Object::toString).toList(), curated()));
    }

    /** Writes a run of generated pages and records what each page should become. */
    private org.apache.hadoop.fs.Path run(
            String query, String runId, Instant startedAt, List<String> ids, long boost, ExpectedRows expected) {
        return runs.run(query, runId, startedAt, ids, boost, expected);
    }

    private static String sample(String name) {
        return new String(SamplePages.bytes(name), StandardCharsets.UTF_8);
    }

    @Test
    void shouldConvertRealPagesSoThatDuckDbReadsEveryFieldAsInTheJson() {
        // Given a run of the real X pages: all expansions, an errors array, a poll, an edited tweet,
        // verified_type and impression counts
        List<String> bodies = Stream.of(
                        "kpop-recent-search-page.json",
                        "brexit-recent-search-page.json",
                        "edited-tweet-lookup.json",
                        "verified-type-tweet-lookup.json")
                .map(ConverterIT::sample)
                .toList();
        ExpectedRows expected = new ExpectedRows();
        org.apache.hadoop.fs.Path manifest = runs.run("kpop", "20261125T201500Z-aaaaaa", T1, bodies, expected);

        // When
        ConvertSummary summary = convert(manifest);

        // Then every row and every field is what the JSON says, read by an independent reader
        assertSameRows(DuckDbLake.tweets(curated() + "/tweets"), expected.tweets());
        assertSameRows(DuckDbLake.users(curated() + "/users"), expected.users());
        assertThat(summary.pages()).isEqualTo(4);
        assertThat(summary.tweetsRead()).isEqualTo(202);
        assertThat(summary.tweetsWritten()).isEqualTo(expected.tweets().size());
        assertThat(summary.usersWritten()).isEqualTo(expected.users().size());
        assertThat(summary.duplicatesDropped())
                .isEqualTo(202 - expected.tweets().size());
        assertThat(summary.quarantined()).isZero();
        assertThat(summary.partitionsTouched()).contains("query=kpop/dt=2021-09-22", "query=kpop/dt=2022-10-03");
    }

    @Test
    void shouldWriteIdenticalTableWhenTheSameManifestIsConvertedAgain() throws IOException {
        // Given a converted run over several days
        ExpectedRows expected = new ExpectedRows();
        org.apache.hadoop.fs.Path manifest =
                run("kpop", "20261125T201500Z-000001", T1, PageGenerator.idsBackFrom(T1, 1500, 400_000), 0, expected);
        ConvertSummary first = convert(manifest);
        Map<String, ObjectNode> before = DuckDbLake.tweets(curated() + "/tweets");

        // When it is converted again
        ConvertSummary second = convert(manifest);

        // Then the table is the same, every new row was a duplicate, and each partition is one file
        Map<String, ObjectNode> after = DuckDbLake.tweets(curated() + "/tweets");
        assertSameRows(after, before);
        assertSameRows(after, expected.tweets());
        assertSameRows(DuckDbLake.users(curated() + "/users"), expected.users());
        assertThat(first.tweetsWritten()).isEqualTo(1500);
        assertThat(first.duplicatesDropped()).isZero();
        assertThat(second.tweetsWritten()).isEqualTo(1500);
        assertThat(second.usersWritten())
                .isEqualTo(first.usersWritten())
                .isEqualTo(expected.users().size());
        assertThat(second.duplicatesDropped()).isEqualTo(1500);
        assertThat(second.partitionsTouched()).hasSize(8).isEqualTo(first.partitionsTouched());
        for (String partition : second.partitionsTouched()) {
            try (Stream<Path> files =
                    Files.list(bucket.resolve("curated/tweets").resolve(partition))) {
                assertThat(files.filter(f -> f.toString().endsWith(".parquet")))
                        .as(partition)
                        .hasSize(1);
            }
        }
    }

    @Test
    void shouldKeepNewestFetchWhenOverlappingRunsAreConvertedOutOfOrder() throws IOException {
        // Given two overlapping runs (B fetched later, with higher metrics) and an unrelated query
        List<String> ids = PageGenerator.idsBackFrom(T1, 450, 600_000);
        ExpectedRows expected = new ExpectedRows();
        org.apache.hadoop.fs.Path a = run("kpop", "20261125T201500Z-aaaaaa", T1, ids.subList(0, 300), 0, expected);
        org.apache.hadoop.fs.Path b = run("kpop", "20261125T203000Z-bbbbbb", T2, ids.subList(150, 450), 1000, expected);
        org.apache.hadoop.fs.Path other = run(
                "brexit",
                "20261125T201500Z-cccccc",
                T1,
                PageGenerator.idsBackFrom(T1.minusSeconds(86_400 * 3), 100, 1000),
                0,
                expected);
        convert(other);
        Path otherPartition = bucket.resolve("curated/tweets/query=brexit/dt=2026-11-22");
        List<String> otherFiles = fileNames(otherPartition);

        // When B is converted before A, then both again in one job
        convert(b);
        ConvertSummary late = convert(a);

        // Then B's copy of the overlap wins, nothing of either run is lost, other partitions are untouched
        Map<String, ObjectNode> tweets = DuckDbLake.tweets(curated() + "/tweets");
        assertSameRows(tweets, expected.tweets());
        assertThat(tweets).hasSize(550);
        String overlapId = ids.get(200);
        assertThat(tweets.get("kpop/" + overlapId).path("like_count").asLong())
                .isEqualTo(generator.likeCount(overlapId, 1000));
        assertThat(tweets.get("kpop/" + overlapId).path("run_id").asText()).isEqualTo("20261125T203000Z-bbbbbb");
        assertSameRows(DuckDbLake.users(curated() + "/users"), expected.users());
        assertThat(late.tweetsRead()).isEqualTo(300);
        assertThat(late.duplicatesDropped()).isEqualTo(150);
        assertThat(late.partitionsTouched()).noneMatch(p -> p.startsWith("query=brexit"));
        assertThat(fileNames(otherPartition)).isEqualTo(otherFiles);

        ConvertSummary together = convert(a, b);
        assertSameRows(DuckDbLake.tweets(curated() + "/tweets"), expected.tweets());
        assertThat(together.tweetsRead()).isEqualTo(600);
        assertThat(together.duplicatesDropped()).isEqualTo(600);
    }

    @Test
    void shouldDeduplicateOverlappingRunsConvertedTogetherIntoAnEmptyLake() {
        // Given two overlapping runs and no lake yet
        List<String> ids = PageGenerator.idsBackFrom(T1, 300, 600_000);
        ExpectedRows expected = new ExpectedRows();
        org.apache.hadoop.fs.Path a = run("kpop", "20261125T201500Z-aaaaaa", T1, ids.subList(0, 200), 0, expected);
        org.apache.hadoop.fs.Path b = run("kpop", "20261125T203000Z-bbbbbb", T2, ids.subList(100, 300), 1000, expected);

        // When both are converted in one job
        ConvertSummary summary = convert(b, a);

        // Then each tweet is there once, the later fetch's copy
        assertSameRows(DuckDbLake.tweets(curated() + "/tweets"), expected.tweets());
        assertSameRows(DuckDbLake.users(curated() + "/users"), expected.users());
        assertThat(summary.tweetsRead()).isEqualTo(400);
        assertThat(summary.tweetsWritten()).isEqualTo(300);
        assertThat(summary.duplicatesDropped()).isEqualTo(100);
    }

    /**
     * Converts a run of 500 tweets of 2026-11-25, then writes the next tick's run (200 newer tweets,
     * same day) without converting it; returns that run's manifest.
     */
    private org.apache.hadoop.fs.Path convertedRunAndNextTick(ExpectedRows expected) {
        convert(run("kpop", "20261125T201500Z-aaaaaa", T1, PageGenerator.idsBackFrom(T1, 500, 60_000), 0, expected));
        return run("kpop", "20261125T203000Z-bbbbbb", T2, PageGenerator.idsBackFrom(T2, 200, 1_000), 0, expected);
    }

    /** The table holds each expected tweet once, {@code written} rows were written, none was a duplicate. */
    private void assertEachTweetOnceNoneDropped(ConvertSummary summary, ExpectedRows expected, long written) {
        assertSameRows(DuckDbLake.tweets(curated() + "/tweets"), expected.tweets());
        assertThat(summary.tweetsWritten()).isEqualTo(written);
        assertThat(summary.duplicatesDropped()).isZero();
    }

    @Test
    void shouldAddTheFilesOfAnIncrementalRunBesideThePartitionsOwnFiles() throws IOException {
        // Given a converted run, and the next tick's run: only newer tweets, on the same day
        ExpectedRows expected = new ExpectedRows();
        org.apache.hadoop.fs.Path next = convertedRunAndNextTick(expected);
        Path partition = bucket.resolve("curated/tweets/query=kpop/dt=2026-11-25");
        List<String> filesBefore = fileNames(partition);

        // When it is converted
        ConvertSummary summary = convert(next);

        // Then the old files are untouched, the new tweets come in new files, each tweet is there once
        List<String> filesAfter = fileNames(partition);
        assertThat(filesAfter).containsAll(filesBefore).hasSizeGreaterThan(filesBefore.size());
        assertSameRows(DuckDbLake.users(curated() + "/users"), expected.users());
        assertThat(summary.tweetsRead()).isEqualTo(200);
        assertEachTweetOnceNoneDropped(summary, expected, 700); // all rows now in the touched partition
    }

    @Test
    void shouldAlsoAddFilesWhenAResumedBackfillBringsOnlyOlderTweets() throws IOException {
        // Given a converted run of the last hour, and a resumed backfill run with the hour before it
        ExpectedRows expected = new ExpectedRows();
        convert(run("kpop", "20261125T201500Z-aaaaaa", T1, PageGenerator.idsBackFrom(T1, 300, 10_000), 0, expected));
        Path partition = bucket.resolve("curated/tweets/query=kpop/dt=2026-11-25");
        List<String> filesBefore = fileNames(partition);
        org.apache.hadoop.fs.Path older = run(
                "kpop",
                "20261125T203000Z-bbbbbb",
                T2,
                PageGenerator.idsBackFrom(T1.minusSeconds(3_600), 300, 10_000),
                0,
                expected);

        // When it is converted
        ConvertSummary summary = convert(older);

        // Then its files were added and the old ones left alone
        assertThat(fileNames(partition)).containsAll(filesBefore).hasSizeGreaterThan(filesBefore.size());
        assertEachTweetOnceNoneDropped(summary, expected, 600);
    }

    @Test
    void shouldCompactAPartitionInsteadOfAddingFilesBeyondTheLimit() throws IOException {
        // Given a converted run, a limit of one file per partition, and the next tick's newer tweets
        ExpectedRows expected = new ExpectedRows();
        org.apache.hadoop.fs.Path next = convertedRunAndNextTick(expected);
        Path partition = bucket.resolve("curated/tweets/query=kpop/dt=2026-11-25");
        List<String> filesBefore = fileNames(partition);
        spark.conf().set(Converter.MAX_FILES_KEY, "1");
        try {
            // When it is converted
            ConvertSummary summary = convert(next);

            // Then the partition was rewritten as one file holding old and new tweets once each
            List<String> filesAfter = fileNames(partition);
            assertThat(filesAfter).hasSize(1).doesNotContainAnyElementsOf(filesBefore);
            assertEachTweetOnceNoneDropped(summary, expected, 700);
        } finally {
            spark.conf().unset(Converter.MAX_FILES_KEY);
        }
    }

    @Test
    void shouldQuarantineBadPagesAndTweetsAndConvertEverythingElse() {
        // Given a run with a good page, a truncated gzip, an HTML error page, X's default-fields page
        // (no created_at) and a tweet without id, plus a page the manifest names but S3 lacks
        List<String> goodIds = PageGenerator.idsBackFrom(T1, 100, 1000);
        byte[] truncatedGzip = java.util.Arrays.copyOf(
                RawRunWriter.gzip(generator.page(goodIds, 0).getBytes()), 200);
        List<byte[]> bodies = List.of(
                generator.page(goodIds, 0).getBytes(StandardCharsets.UTF_8),
                truncatedGzip,
                "<html>502 Bad Gateway</html>".getBytes(StandardCharsets.UTF_8),
                SamplePages.bytes("default-fields-recent-search-page.json"),
                "{\"data\":[{\"text\":\"no id\",\"created_at\":\"2026-11-25T10:00:00Z\"}]}"
                        .getBytes(StandardCharsets.UTF_8));
        org.apache.hadoop.fs.Path manifest = writer.writeRawRun("kpop", BAD_RUN, T1, bodies);
        // a gzip page with a bad body is stored gzipped by writeRawRun, so re-store the truncated one raw
        writer.write(RawRunWriter.pageKey("kpop", BAD_RUN, T1, 2), truncatedGzip);

        // When
        ConvertSummary summary = convert(manifest);

        // Then
        assertThat(summary.tweetsWritten()).isEqualTo(100);
        assertThat(summary.quarantined()).isEqualTo(1 + 1 + 10 + 1);
        String quarantine = bucket.resolve("quarantine/convert/run=" + BAD_RUN).toString();
        assertThat(DuckDbLake.count("SELECT count(*) FROM read_json('" + quarantine + "/*.json')"
                        + " WHERE reason = 'invalid_gzip' AND raw_object LIKE '%page-00002.json.gz'"))
                .isEqualTo(1);
        assertThat(DuckDbLake.count("SELECT count(*) FROM read_json('" + quarantine + "/*.json')"
                        + " WHERE reason = 'invalid_json' AND raw_object LIKE '%page-00003.json.gz'"))
                .isEqualTo(1);
        assertThat(DuckDbLake.count("SELECT count(*) FROM read_json('" + quarantine + "/*.json')"
                        + " WHERE reason = 'invalid_created_at' AND item_id IS NOT NULL AND record LIKE '{%'"))
                .isEqualTo(10);
        assertThat(DuckDbLake.count("SELECT count(*) FROM read_json('" + quarantine + "/*.json')"
                        + " WHERE reason = 'invalid_tweet_id'"))
                .isEqualTo(1);

        // And converting again rewrites the run's quarantine instead of appending to it
        convert(manifest);
        assertThat(DuckDbLake.count("SELECT count(*) FROM read_json('" + quarantine + "/*.json')"))
                .isEqualTo(13);
    }

    @Test
    void shouldQuarantinePageTheManifestNamesButStorageLacks() throws IOException {
        // Given a manifest whose second page object is gone
        ExpectedRows expected = new ExpectedRows();
        org.apache.hadoop.fs.Path manifest =
                run("kpop", GONE_RUN, T1, PageGenerator.idsBackFrom(T1, 200, 1000), 0, expected);
        Files.delete(bucket.resolve(RawRunWriter.pageKey("kpop", GONE_RUN, T1, 2)));

        // When
        ConvertSummary summary = convert(manifest);

        // Then the first page is converted and the second reported
        assertThat(summary.tweetsWritten()).isEqualTo(100);
        assertThat(summary.quarantined()).isEqualTo(1);
        assertThat(DuckDbLake.count(
                        "SELECT count(*) FROM read_json('" + bucket.resolve("quarantine/convert/run=" + GONE_RUN)
                                + "/*.json') WHERE reason = 'unreadable' AND detail LIKE 'FileNotFoundException%'"))
                .isEqualTo(1);
    }

    @Test
    void shouldFailFastAndWriteNothingWhenManifestOrOutputIsBad() throws IOException {
        org.apache.hadoop.fs.Path missing = new org.apache.hadoop.fs.Path(
                bucket.resolve("raw/nope/_manifest.json").toUri());
        assertThatThrownBy(() -> convert(missing))
                .isInstanceOf(ConvertException.class)
                .hasMessageContaining("Cannot read manifest")
                .hasMessageContaining("does not exist");

        Path future = bucket.resolve("raw/future/_manifest.json");
        Files.createDirectories(future.getParent());
        Files.writeString(future, "{\"manifest_version\": 2, \"run_id\": \"R\", \"query_name\": \"q\", \"pages\": []}");
        assertThatThrownBy(() -> convert(new org.apache.hadoop.fs.Path(future.toUri())))
                .isInstanceOf(ConvertException.class)
                .hasMessageContaining("manifest_version is 2");

        ExpectedRows ignored = new ExpectedRows();
        org.apache.hadoop.fs.Path good =
                run("kpop", "20261125T201500Z-c0ffee", T1, PageGenerator.idsBackFrom(T1, 10, 1000), 0, ignored);
        assertThatThrownBy(() -> convert(good, missing)).isInstanceOf(ConvertException.class);

        Path fileAsOutput = Files.writeString(bucket.resolve("not-a-folder"), "x");
        assertThatThrownBy(() -> Converter.run(
                        spark, ConvertOptions.ofManifests(List.of(good.toString()), fileAsOutput.toString())))
                .isInstanceOf(ConvertException.class)
                .hasMessageContaining("it is a file");

        assertThat(bucket.resolve("curated")).doesNotExist();
        assertThat(bucket.resolve("quarantine")).doesNotExist();
    }

    @Test
    void shouldConvertPagesCopiedInByHandUsingFoldersAndLastModified() throws IOException {
        // Given pages without manifest: one in the raw layout, one loose file with no query in its path
        List<String> ids = PageGenerator.idsBackFrom(T1, 50, 1000);
        String key = "raw/x/recent-search/query=handmade/dt=2026-11-25/run=R-hand/page-00001.json.gz";
        writer.write(key, RawRunWriter.gzip(generator.page(ids, 0).getBytes(StandardCharsets.UTF_8)));
        writer.write("raw/loose/page.json", generator.page(ids, 0).getBytes(StandardCharsets.UTF_8));
        Instant modified = Instant.parse("2026-11-24T08:00:00Z");
        assertThat(bucket.resolve(key).toFile().setLastModified(modified.toEpochMilli()))
                .isTrue();

        // When the raw prefix is converted
        ConvertSummary summary = Converter.run(
                spark, ConvertOptions.ofInput(bucket.resolve("raw").toString(), curated()));

        // Then fetched_at is the object's last-modified time and the loose page is quarantined
        ExpectedRows expected =
                new ExpectedRows().addPage(generator.page(ids, 0), "handmade", "R-hand", runs.rawObject(key), modified);
        assertSameRows(DuckDbLake.tweets(curated() + "/tweets"), expected.tweets());
        assertThat(summary.pages()).isEqualTo(2);
        assertThat(DuckDbLake.count("SELECT count(*) FROM read_json('" + bucket.resolve("quarantine/convert/run=adhoc")
                        + "/*.json') WHERE reason = 'unknown_query'"))
                .isEqualTo(1);
    }

    /** The Parquet files of a folder, with their modification times. */
    private static List<String> fileNames(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.toString().endsWith(".parquet"))
                    .map(f -> f.getFileName() + "@" + f.toFile().lastModified())
                    .sorted()
                    .toList();
        }
    }
}
