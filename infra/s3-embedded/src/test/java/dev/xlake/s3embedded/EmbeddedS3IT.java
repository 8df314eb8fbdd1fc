package dev.xlake.s3embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

class EmbeddedS3IT {

    private static final String BUCKET = "xlake-test";

    @Test
    void shouldPutAndGetAnObjectInMemory() {
        try (EmbeddedS3 s3 = EmbeddedS3.builder().build().start();
                S3Client client = s3.newClient()) {
            // Given
            s3.createBucket(BUCKET);
            // When
            client.putObject(
                    b -> b.bucket(BUCKET).key("raw/a.json").contentType("application/json"),
                    RequestBody.fromString("{\"a\":1}"));
            // Then
            String body = client.getObjectAsBytes(b -> b.bucket(BUCKET).key("raw/a.json"))
                    .asUtf8String();
            assertThat(body).isEqualTo("{\"a\":1}");
            assertThat(s3.endpoint().getHost()).isEqualTo("127.0.0.1");
            assertThat(s3.endpoint().getPort()).isPositive();
        }
    }

    @Test
    void shouldListByPrefixAndDelimiterAcrossPages() {
        try (EmbeddedS3 s3 = EmbeddedS3.builder().start();
                S3Client client = s3.newClient()) {
            // Given
            s3.createBucket(BUCKET);
            for (int i = 0; i < 5; i++) {
                String key = "raw/q=a/page-" + i + ".json";
                client.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromString("x"));
            }
            client.putObject(b -> b.bucket(BUCKET).key("raw/q=b/page-0.json"), RequestBody.fromString("y"));
            client.putObject(b -> b.bucket(BUCKET).key("state/c.json"), RequestBody.fromString("z"));

            // When
            List<String> keys =
                    client
                            .listObjectsV2Paginator(
                                    b -> b.bucket(BUCKET).prefix("raw/q=a/").maxKeys(2))
                            .contents()
                            .stream()
                            .map(S3Object::key)
                            .toList();
            ListObjectsV2Response folders =
                    client.listObjectsV2(b -> b.bucket(BUCKET).prefix("raw/").delimiter("/"));

            // Then
            assertThat(keys)
                    .containsExactly(
                            "raw/q=a/page-0.json",
                            "raw/q=a/page-1.json",
                            "raw/q=a/page-2.json",
                            "raw/q=a/page-3.json",
                            "raw/q=a/page-4.json");
            assertThat(folders.commonPrefixes()).extracting(p -> p.prefix()).containsExactly("raw/q=a/", "raw/q=b/");
        }
    }

    @Test
    void shouldHonourConditionalWritesWith412() {
        try (EmbeddedS3 s3 = EmbeddedS3.builder().start();
                S3Client client = s3.newClient()) {
            // Given
            s3.createBucket(BUCKET);
            String firstEtag = client.putObject(
                            b -> b.bucket(BUCKET).key("claim").ifNoneMatch("*"), RequestBody.fromString("first"))
                    .eTag();

            // When / Then a second create-only write is refused
            assertThatThrownBy(() -> client.putObject(
                            b -> b.bucket(BUCKET).key("claim").ifNoneMatch("*"), RequestBody.fromString("second")))
                    .isInstanceOfSatisfying(
                            S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(412));
            assertThat(client.getObjectAsBytes(b -> b.bucket(BUCKET).key("claim"))
                            .asUtf8String())
                    .isEqualTo("first");

            // And a write at the current ETag passes, after which the old ETag is refused
            client.putObject(b -> b.bucket(BUCKET).key("claim").ifMatch(firstEtag), RequestBody.fromString("replaced"));
            assertThatThrownBy(() -> client.putObject(
                            b -> b.bucket(BUCKET).key("claim").ifMatch(firstEtag), RequestBody.fromString("stale")))
                    .isInstanceOfSatisfying(
                            S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(412));
            assertThat(client.getObjectAsBytes(b -> b.bucket(BUCKET).key("claim"))
                            .asUtf8String())
                    .isEqualTo("replaced");
        }
    }

    @Test
    void shouldKeepObjectsAcrossRestartWithFilesystemBackend(@TempDir Path dir) {
        // Given
        try (EmbeddedS3 s3 = EmbeddedS3.builder().dataDir(dir).start();
                S3Client client = s3.newClient()) {
            s3.createBucket(BUCKET);
            client.putObject(
                    b -> b.bucket(BUCKET).key("state/checkpoint.json"),
                    RequestBody.fromString("{\"since_id\":\"42\"}", StandardCharsets.UTF_8));
        }

        // When
        try (EmbeddedS3 restarted = EmbeddedS3.builder().dataDir(dir).start();
                S3Client client = restarted.newClient()) {
            restarted.createBucket(BUCKET);

            // Then
            assertThat(client.getObjectAsBytes(b -> b.bucket(BUCKET).key("state/checkpoint.json"))
                            .asUtf8String())
                    .isEqualTo("{\"since_id\":\"42\"}");
        }
    }

    @Test
    void shouldRejectRequestsSignedWithOtherKeys() {
        try (EmbeddedS3 s3 =
                EmbeddedS3.builder().accessKey("k1").secretKey("s1").start()) {
            s3.createBucket(BUCKET);
            try (S3Client stranger = S3Client.builder()
                    .endpointOverride(s3.endpoint())
                    .region(s3.region())
                    .forcePathStyle(true)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("k1", "wrong")))
                    .httpClientBuilder(Apache5HttpClient.builder())
                    .build()) {
                assertThatThrownBy(() -> stranger.listObjectsV2(b -> b.bucket(BUCKET)))
                        .isInstanceOfSatisfying(
                                S3Exception.class,
                                e -> assertThat(e.statusCode()).isEqualTo(403));
            }
        }
    }
}
