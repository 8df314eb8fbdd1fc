package dev.xlake.convert;

import static dev.xlake.convert.fixtures.LakeAssertions.assertSameRows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.xlake.convert.fixtures.DuckDbLake;
import dev.xlake.convert.fixtures.ExpectedRows;
import dev.xlake.convert.fixtures.PageGenerator;
import dev.xlake.convert.fixtures.RawRunWriter;
import dev.xlake.convert.fixtures.TestSpark;
import dev.xlake.s3embedded.EmbeddedS3;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The converter reading raw pages from and writing Parquet to the embedded S3 server through
 * s3a, with the {@code s3://} URIs manifests use, as {@code xlake convert --s3-endpoint} runs it.
 */
class ConverterS3IT {

    private static final Instant T1 = Instant.parse("2026-11-25T20:15:00Z");
    private static final Instant T2 = Instant.parse("2026-11-25T20:30:00Z");
    private static EmbeddedS3 s3;
    private static S3Client client;
    private static SparkSession spark;
    private static int bucketCounter;

    private final PageGenerator generator = new PageGenerator(11, 300);
    private String bucket;
    private RawRunWriter writer;

    @TempDir
    Path downloads;

    @BeforeAll
    static void start() {
        s3 = EmbeddedS3.builder().start();
        client = s3.newClient();
        spark = TestSpark.start("ConverterS3IT");
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        conf.set("fs.s3a.access.key", s3.accessKey());
        conf.set("fs.s3a.secret.key", s3.secretKey());
        conf.set("fs.s3a.endpoint.region", s3.region().id());
        S3aSettings.pointAt(conf, s3.endpoint().toString());
    }

    @AfterAll
    static void stop() {
        spark.stop();
        client.close();
        s3.close();
    }

    @BeforeEach
    void newBucket() {
        bucket = "lake" + (++bucketCounter);
        s3.createBucket(bucket);
        writer = new RawRunWriter(
                new org.apache.hadoop.fs.Path("s3://" + bucket + "/"),
                spark.sparkContext().hadoopConfiguration());
    }

    private ConvertSummary convert(org.apache.hadoop.fs.Path... manifests) {
        List<String> uris = new ArrayList<>();
        for (org.apache.hadoop.fs.Path manifest : manifests) {
            uris.add(manifest.toString());
        }
        return Converter.run(
                spark,
                ConvertOptions.ofManifests(uris, "s3://" + bucket + "/curated")
                        .withS3Endpoint(s3.endpoint().toString()));
    }

    private org.apache.hadoop.fs.Path run(
            String runId, Instant startedAt, List<String> ids, long boost, ExpectedRows expected) {
        List<String> bodies = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += 100) {
            bodies.add(generator.page(ids.subList(from, Math.min(ids.size(), from + 100)), boost));
        }
        org.apache.hadoop.fs.Path manifest = writer.writeRun("kpop", runId, startedAt, bodies);
        for (int i = 0; i < bodies.size(); i++) {
            expected.addPage(
                    bodies.get(i),
                    "kpop",
                    runId,
                    "s3://" + bucket + "/" + RawRunWriter.pageKey("kpop", runId, startedAt, i + 1),
                    startedAt.plusSeconds(i + 1));
        }
        return manifest;
    }

    /** Copies a prefix of the bucket to a local folder, for DuckDB (which has no S3 access here). */
    private Path download(String prefix) throws IOException {
        Path target = Files.createDirectories(downloads.resolve(bucket));
        for (S3Object object : client.listObjectsV2Paginator(
                        r -> r.bucket(bucket).prefix(prefix))
                .contents()) {
            Path file = target.resolve(object.key());
            Files.createDirectories(file.getParent());
            Files.write(
                    file,
                    client.getObjectAsBytes(r -> r.bucket(bucket).key(object.key()))
                            .asByteArray());
        }
        return target.resolve(prefix);
    }

    @Test
    void shouldConvertOverlappingRunsOutOfOrderInS3() throws IOException {
        // Given two overlapping runs in S3, B fetched later with higher metrics
        List<String> ids = PageGenerator.idsBackFrom(T1, 400, 900_000);
        ExpectedRows expected = new ExpectedRows();
        org.apache.hadoop.fs.Path a = run("20261125T201500Z-aaaaaa", T1, ids.subList(0, 300), 0, expected);
        org.apache.hadoop.fs.Path b = run("20261125T203000Z-bbbbbb", T2, ids.subList(100, 400), 500, expected);

        // When B, then A, then A again are converted
        ConvertSummary first = convert(b);
        convert(a);
        ConvertSummary again = convert(a);

        // Then the lake holds each tweet once, B's copy of the overlap, read back by DuckDB
        Path curated = download("curated/");
        Map<String, ObjectNode> tweets =
                DuckDbLake.tweets(curated.resolve("tweets").toString());
        assertSameRows(tweets, expected.tweets());
        assertSameRows(DuckDbLake.users(curated.resolve("users").toString()), expected.users());
        assertThat(tweets.get("kpop/" + ids.get(150)).path("like_count").asLong())
                .isEqualTo(generator.likeCount(ids.get(150), 500));
        assertThat(first.tweetsWritten()).isEqualTo(300);
        // A's partitions (its days) also hold B's tweets of those days
        long rowsInPartitionsOfA = tweets.values().stream()
                .filter(row -> again.partitionsTouched()
                        .contains("query=kpop/dt=" + row.path("dt").asText()))
                .count();
        assertThat(rowsInPartitionsOfA).isGreaterThan(300).isLessThan(400);
        assertThat(again.tweetsWritten()).isEqualTo(rowsInPartitionsOfA);
        assertThat(again.duplicatesDropped()).isEqualTo(300);
        assertThat(client.listObjectsV2(r -> r.bucket(bucket).prefix("curated/tweets/"))
                        .contents())
                .filteredOn(o -> o.key().endsWith(".parquet"))
                .as("one file per partition")
                .hasSize((int) tweets.values().stream()
                        .map(row -> row.path("dt").asText())
                        .distinct()
                        .count());
    }

    @Test
    void shouldTakeFetchedAtFromObjectMetadataWhenThereIsNoManifest() throws IOException {
        // Given a page stored by hand with the fetcher's metadata but no manifest
        List<String> ids = PageGenerator.idsBackFrom(T1, 20, 1000);
        String body = generator.page(ids, 0);
        String key = RawRunWriter.pageKey("kpop", "R-meta", T1, 1);
        Instant fetchedAt = Instant.parse("2026-11-25T20:15:07.250Z");
        client.putObject(
                r -> r.bucket(bucket)
                        .key(key)
                        .contentType("application/gzip")
                        .metadata(Map.of("xlake-fetched-at", fetchedAt.toString(), "xlake-run-id", "R-meta")),
                RequestBody.fromBytes(RawRunWriter.gzip(body.getBytes(StandardCharsets.UTF_8))));

        // When the raw prefix is converted
        ConvertSummary summary = Converter.run(
                spark,
                ConvertOptions.ofInput("s3://" + bucket + "/raw/", "s3://" + bucket + "/curated")
                        .withS3Endpoint(s3.endpoint().toString()));

        // Then
        assertThat(summary.tweetsWritten()).isEqualTo(20);
        ExpectedRows expected =
                new ExpectedRows().addPage(body, "kpop", "R-meta", "s3://" + bucket + "/" + key, fetchedAt);
        assertSameRows(DuckDbLake.tweets(download("curated/").resolve("tweets").toString()), expected.tweets());
    }

    @Test
    void shouldFailFastWithoutWritingWhenManifestOrOutputBucketIsMissing() {
        ExpectedRows ignored = new ExpectedRows();
        org.apache.hadoop.fs.Path manifest =
                run("20261125T201500Z-c0ffee", T1, PageGenerator.idsBackFrom(T1, 10, 1000), 0, ignored);

        assertThatThrownBy(() -> Converter.run(
                        spark,
                        ConvertOptions.ofManifests(List.of(manifest.toString()), "s3://no-such-bucket/curated")
                                .withS3Endpoint(s3.endpoint().toString())))
                .isInstanceOf(ConvertException.class)
                .hasMessageContaining("Cannot use output s3://no-such-bucket/curated");
        assertThatThrownBy(
                        () -> convert(new org.apache.hadoop.fs.Path("s3://" + bucket + "/raw/missing/_manifest.json")))
                .isInstanceOf(ConvertException.class)
                .hasMessageContaining("Cannot read manifest")
                .hasMessageContaining("does not exist");

        assertThat(client.listObjectsV2(r -> r.bucket(bucket).prefix("curated/"))
                        .contents())
                .isEmpty();
        assertThat(client.listObjectsV2(r -> r.bucket(bucket).prefix("quarantine/"))
                        .contents())
                .isEmpty();
    }
}
