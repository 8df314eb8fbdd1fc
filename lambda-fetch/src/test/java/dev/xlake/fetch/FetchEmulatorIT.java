package dev.xlake.fetch;

import dev.xlake.s3.S3Clients;
import dev.xlake.s3embedded.EmbeddedS3;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import software.amazon.awssdk.services.s3.S3Client;

/** {@link FetchScenarios} on the embedded S3 (S3Proxy, in memory). */
class FetchEmulatorIT extends FetchScenarios {

    static EmbeddedS3 server;
    static S3Client client;

    @BeforeAll
    static void startS3() {
        server = EmbeddedS3.builder().start();
        client = S3Clients.fromEnv(Map.of(
                "AWS_ENDPOINT_URL",
                server.endpoint().toString(),
                "AWS_REGION",
                "us-east-1",
                "AWS_ACCESS_KEY_ID",
                server.accessKey(),
                "AWS_SECRET_ACCESS_KEY",
                server.secretKey()));
    }

    @AfterAll
    static void stopS3() {
        client.close();
        server.close();
    }

    @Override
    S3Client s3() {
        return client;
    }

    @Override
    void createBucket(String bucket) {
        server.createBucket(bucket);
    }
}
