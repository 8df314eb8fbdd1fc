package dev.xlake.fetch;

import dev.xlake.s3.S3Clients;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.containers.localstack.LocalStackContainer.Service;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.services.s3.S3Client;

/** {@link FetchScenarios} on LocalStack's S3 (AWS's conditional-write semantics). Skipped without Docker. */
@Testcontainers(disabledWithoutDocker = true)
class FetchLocalStackIT extends FetchScenarios {

    @Container
    static final LocalStackContainer LOCALSTACK =
            new LocalStackContainer(DockerImageName.parse("localstack/localstack:4.4")).withServices(Service.S3);

    static S3Client client;

    @BeforeAll
    static void connect() {
        client = S3Clients.fromEnv(Map.of(
                "AWS_ENDPOINT_URL",
                LOCALSTACK.getEndpointOverride(Service.S3).toString(),
                "AWS_REGION",
                LOCALSTACK.getRegion(),
                "AWS_ACCESS_KEY_ID",
                LOCALSTACK.getAccessKey(),
                "AWS_SECRET_ACCESS_KEY",
                LOCALSTACK.getSecretKey()));
    }

    @AfterAll
    static void close() {
        if (client != null) {
            client.close();
        }
    }

    @Override
    S3Client s3() {
        return client;
    }

    @Override
    void createBucket(String bucket) {
        client.createBucket(b -> b.bucket(bucket));
    }
}
