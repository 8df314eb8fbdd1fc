package dev.xlake.convert;

import static dev.xlake.convert.fixtures.LakeAssertions.assertSameRows;
import static dev.xlake.convert.fixtures.LocalRuns.RUN_A;
import static dev.xlake.convert.fixtures.LocalRuns.RUN_B;
import static dev.xlake.convert.fixtures.LocalRuns.T1;
import static dev.xlake.convert.fixtures.LocalRuns.T2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.xlake.convert.fixtures.ExpectedRows;
import dev.xlake.convert.fixtures.IcebergGenericLake;
import dev.xlake.convert.fixtures.PageGenerator;
import dev.xlake.convert.fixtures.RawRunWriter;
import dev.xlake.convert.fixtures.TestSpark;
import dev.xlake.s3embedded.EmbeddedS3;
import java.nio.charset.StandardCharsets;
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

/**
 * The converter reading raw pages from the embedded S3 server and writing the Iceberg tables'
 * files there through s3a, with the {@code s3://} URIs manifests use, as {@code xlake convert
 * --s3-endpoint} runs it; the catalog is a local SQLite file. Read back by Iceberg's generic
 * reader through s3a.
 */
class ConverterS3IT {

    private static EmbeddedS3 s3;
    private static S3Client client;
    private static SparkSession spark;
    private static int bucketCounter;

    private final PageGenerator generator = new PageGenerator(11, 300);
    private String bucket;
    private RawRunWriter writer;

    @TempDir
    Path catalogFolder;

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

    private String warehouse() {
        return "s3://" + bucket + "/curated";
    }

    private String catalog() {
        return "jdbc:sqlite:" + catalogFolder.resolve(bucket + ".db");
    }

    private IcebergGenericLake lake() {
        return new IcebergGenericLake(
                catalogFolder.resolve(bucket + ".db"),
                warehouse(),
                spark.sparkContext().hadoopConfiguration());
    }

    private ConvertSummary convert(org.apache.hadoop.fs.Path... manifests) {
        List<String> uris = new ArrayList<>();
        for (org.apache.hadoop.fs.Path manifest : manifests) {
            uris.add(manifest.toString());
        }
        return Converter.run(
                spark,
                ConvertOptions.ofManifests(uris, warehouse(), catalog())
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

    @Test
    void shouldConvertOverlappingRunsOutOfOrderInS3() throws Exception {
        // Given two overlapping runs in S3, B fetched later with higher metrics
        List<String> ids = PageGenerator.idsBackFrom(T1, 400, 900_000);
        ExpectedRows expected = new ExpectedRows();
        org.apache.hadoop.fs.Path a = run(RUN_A, T1, ids.subList(0, 300), 0, expected);
        org.apache.hadoop.fs.Path b = run(RUN_B, T2, ids.subList(100, 400), 500, expected);

        // When B, then A, then A again are converted
        ConvertSummary first = convert(b);
        ConvertSummary late = convert(a);
        ConvertSummary again = convert(a);

        // Then the lake holds each tweet once, B's copy of the overlap; the repeat converted nothing
        try (IcebergGenericLake lake = lake()) {
            Map<String, ObjectNode> tweets = lake.tweets();
            assertSameRows(tweets, expected.tweets());
            assertSameRows(lake.users(), expected.users());
            assertThat(tweets.get("kpop/" + ids.get(150)).path("like_count").asLong())
                    .isEqualTo(generator.likeCount(ids.get(150), 500));
            assertThat(lake.snapshots("tweets")).hasSize(2);
        }
        assertThat(first.tweetsWritten()).isEqualTo(300);
        assertThat(late.tweetsWritten()).isEqualTo(100);
        assertThat(again.pages()).isZero();
        assertThat(client.listObjectsV2(r -> r.bucket(bucket).prefix("curated/xlake/tweets/metadata/"))
                        .contents())
                .isNotEmpty();
    }

    @Test
    void shouldTakeFetchedAtFromObjectMetadataWhenThereIsNoManifest() throws Exception {
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
                ConvertOptions.ofInput("s3://" + bucket + "/raw/", warehouse(), catalog())
                        .withS3Endpoint(s3.endpoint().toString()));

        // Then
        assertThat(summary.tweetsWritten()).isEqualTo(20);
        ExpectedRows expected =
                new ExpectedRows().addPage(body, "kpop", "R-meta", "s3://" + bucket + "/" + key, fetchedAt);
        try (IcebergGenericLake lake = lake()) {
            assertSameRows(lake.tweets(), expected.tweets());
        }
    }

    @Test
    void shouldFailFastWithoutWritingWhenManifestOrOutputBucketIsMissing() {
        org.apache.hadoop.fs.Path manifest =
                run("20261125T201500Z-c0ffee", T1, PageGenerator.idsBackFrom(T1, 10, 1000), 0, new ExpectedRows());

        assertThatThrownBy(() -> Converter.run(
                        spark,
                        ConvertOptions.ofManifests(
                                        List.of(manifest.toString()), "s3://no-such-bucket/curated", catalog())
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
