package dev.xlake.submit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xlake.s3embedded.EmbeddedS3;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The claim rules against the embedded S3 server, through the url-connection HTTP client the
 * Lambda uses (with which S3Proxy sometimes drops a PUT's response after applying it, so the
 * SDK's retry meets a 412: the store must recognise its own write).
 */
class S3ClaimStoreIT extends S3ClaimsContract {

    static final String BUCKET = "xlake-claims";
    static EmbeddedS3 server;
    static S3Client client;

    @BeforeAll
    static void startServer() {
        server = EmbeddedS3.builder().start();
        server.createBucket(BUCKET);
        client = S3Client.builder()
                .endpointOverride(server.endpoint())
                .region(server.region())
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(server.accessKey(), server.secretKey())))
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(30)))
                .build();
    }

    @AfterAll
    static void stopServer() {
        client.close();
        server.close();
    }

    @Override
    S3Client s3() {
        return client;
    }

    @Override
    String bucket() {
        return BUCKET;
    }

    @Test
    void shouldNotDeleteAClaimChangedSinceItWasRead() {
        String v1 = claims.createIfAbsent(claim("first")).orElseThrow();
        claims.replaceIfMatch(claim("first").withStep("s-1", Instant.parse("2026-11-25T20:15:06Z")), v1)
                .orElseThrow();

        assertThat(claims.deleteIfMatch(manifest.runId(), v1)).isFalse();
        assertThat(claims.read(manifest.runId())).isPresent();
    }

    @RepeatedTest(20)
    void shouldOwnEveryClaimItWroteDespiteDroppedResponses() {
        Optional<String> created = claims.createIfAbsent(claim("mine"));
        Optional<String> replaced = claims.replaceIfMatch(
                claim("mine").withStep("s-1", Instant.parse("2026-11-25T20:15:06Z")), created.orElseThrow());

        assertThat(replaced).isPresent();
        assertThat(claims.deleteIfMatch(manifest.runId(), replaced.get())).isTrue();
    }
}
