package dev.xlake.s3;

import dev.xlake.s3embedded.EmbeddedS3;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.containers.localstack.LocalStackContainer.Service;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;

/**
 * An S3 server for one test class, with a client built by {@link S3Clients} exactly as the Lambdas
 * build theirs. Registered as {@code @RegisterExtension static final LocalS3 S3 = LocalS3.embedded();}
 * it starts before the class's tests and stops after them.
 */
public final class LocalS3 implements BeforeAllCallback, AfterAllCallback {

    private interface Server {
        /** Starts the server; returns the environment that points {@link S3Clients#fromEnv} at it. */
        Map<String, String> start();

        void createBucket(S3Client client, String bucket);

        void stop();
    }

    private final Server server;
    private S3Client client;

    private LocalS3(Server server) {
        this.server = server;
    }

    /** S3Proxy in memory ({@link EmbeddedS3}). */
    public static LocalS3 embedded() {
        return new LocalS3(new Server() {
            private EmbeddedS3 s3;

            @Override
            public Map<String, String> start() {
                s3 = EmbeddedS3.builder().start();
                return clientEnv(s3.endpoint().toString(), s3.region().id(), s3.accessKey(), s3.secretKey());
            }

            @Override
            public void createBucket(S3Client client, String bucket) {
                s3.createBucket(bucket);
            }

            @Override
            public void stop() {
                s3.close();
            }
        });
    }

    /**
     * LocalStack's S3, i.e. conditional writes as AWS implements them. Annotate the test class
     * {@code @Testcontainers(disabledWithoutDocker = true)} so that it is skipped without Docker.
     */
    public static LocalS3 localStack() {
        return new LocalS3(new Server() {
            // Created on start: the constructor already looks for Docker, which may be absent.
            private LocalStackContainer container;

            @Override
            public Map<String, String> start() {
                container = new LocalStackContainer(DockerImageName.parse("localstack/localstack:4.4"))
                        .withServices(Service.S3);
                container.start();
                return clientEnv(
                        container.getEndpointOverride(Service.S3).toString(),
                        container.getRegion(),
                        container.getAccessKey(),
                        container.getSecretKey());
            }

            @Override
            public void createBucket(S3Client client, String bucket) {
                try {
                    client.createBucket(b -> b.bucket(bucket));
                } catch (BucketAlreadyOwnedByYouException alreadyThere) {
                    // idempotent, like the embedded server's
                }
            }

            @Override
            public void stop() {
                container.stop();
            }
        });
    }

    /** What {@link S3Clients#fromEnv} reads to reach an S3-compatible endpoint with these keys. */
    public static Map<String, String> clientEnv(String endpoint, String region, String accessKey, String secretKey) {
        return Map.of(
                "AWS_ENDPOINT_URL",
                endpoint,
                "AWS_REGION",
                region,
                "AWS_ACCESS_KEY_ID",
                accessKey,
                "AWS_SECRET_ACCESS_KEY",
                secretKey);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        client = S3Clients.fromEnv(server.start());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        try {
            if (client != null) {
                client.close();
            }
        } finally {
            server.stop();
        }
    }

    public S3Client client() {
        if (client == null) {
            throw new IllegalStateException("Cannot use the local S3: it is not started");
        }
        return client;
    }

    /** Creates {@code bucket} unless it exists. */
    public void createBucket(String bucket) {
        server.createBucket(client(), bucket);
    }

    /** The conditional-write store on {@code bucket}, which is created first if need be. */
    public S3ObjectStore storeIn(String bucket) {
        createBucket(bucket);
        return new S3ObjectStore(client(), bucket);
    }
}
