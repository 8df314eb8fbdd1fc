package dev.xlake.s3embedded;

import dev.xlake.core.net.Ports;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;

/**
 * An S3-compatible server (S3Proxy) running inside this JVM, for local runs and tests.
 *
 * <p>Without {@link Builder#dataDir(Path)} objects live in memory and vanish on {@link #close()};
 * with it they are plain files under that directory and survive a restart. Requests must be
 * signed (SigV2 or SigV4) with the configured keys, so clients exercise the same credential path
 * as against AWS.
 *
 * <p>{@link #newClient()} uses the Apache 5 HTTP client on purpose: with the SDK's
 * url-connection client S3Proxy 4.1.0 intermittently drops a PUT's connection after applying it,
 * and the SDK's retry of a conditional write then sees a spurious 412 (docs/measured-facts.md).
 */
public final class EmbeddedS3 implements AutoCloseable {

    public static final String DEFAULT_ACCESS_KEY = "xlake";
    public static final String DEFAULT_SECRET_KEY = "xlake-secret";
    public static final Region REGION = Region.US_EAST_1;

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedS3.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final Path dataDir;
    private final int requestedPort;
    /** The keys requests must be signed with, as the SDK's credentials that {@link #newClient()} signs with. */
    private final AwsBasicCredentials credentials;

    private S3Proxy proxy;
    private URI endpoint;

    private EmbeddedS3(Builder builder) {
        this.dataDir = builder.dataDir;
        this.requestedPort = builder.port;
        this.credentials = AwsBasicCredentials.create(builder.accessKey, builder.secretKey);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts the server; returns this for chaining. */
    public EmbeddedS3 start() {
        if (proxy != null) {
            throw new IllegalStateException("Cannot start EmbeddedS3: already started at " + endpoint);
        }
        Properties properties = new Properties();
        String backend = "transient";
        if (dataDir != null) {
            backend = "filesystem";
            try {
                Files.createDirectories(dataDir);
            } catch (IOException e) {
                throw new IllegalStateException(
                        "Cannot create S3 data directory " + dataDir + ": " + e.getMessage(), e);
            }
            properties.setProperty(
                    "jclouds.filesystem.basedir", dataDir.toAbsolutePath().toString());
        }
        S3Proxy candidate = S3Proxy.builder()
                .blobStore(BlobStores.create(backend, properties))
                .endpoint(URI.create("http://127.0.0.1:" + requestedPort))
                .awsAuthentication(
                        AuthenticationType.AWS_V2_OR_V4, credentials.accessKeyId(), credentials.secretAccessKey())
                .ignoreUnknownHeaders(true)
                .build();
        try {
            candidate.start();
            awaitStarted(candidate);
        } catch (Exception e) {
            stopQuietly(candidate);
            throw new IllegalStateException("Cannot start S3Proxy on port " + requestedPort + ": " + e.getMessage(), e);
        }
        proxy = candidate;
        endpoint = URI.create("http://127.0.0.1:" + candidate.getPort());
        LOG.info(
                "Embedded S3 listening on {} ({} backend{})",
                endpoint,
                backend,
                dataDir == null ? "" : " at " + dataDir.toAbsolutePath());
        return this;
    }

    private static void awaitStarted(S3Proxy candidate) {
        // Jetty usually reports STARTED when start() returns; S3Proxy's own JUnit helper polls too.
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!"STARTED".equals(candidate.getState())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("state is " + candidate.getState() + " after " + START_TIMEOUT);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    private static void stopQuietly(S3Proxy candidate) {
        try {
            candidate.stop();
        } catch (Exception suppressed) {
            LOG.debug("Ignoring failure to stop a proxy that did not start", suppressed);
        }
    }

    /** The base URL, e.g. {@code http://127.0.0.1:41234}; use it with path-style access. */
    public URI endpoint() {
        requireStarted("read endpoint");
        return endpoint;
    }

    public int port() {
        return endpoint().getPort();
    }

    public String accessKey() {
        return credentials.accessKeyId();
    }

    public String secretKey() {
        return credentials.secretAccessKey();
    }

    public Region region() {
        return REGION;
    }

    /** Creates the bucket if it does not exist yet (idempotent, unlike S3's CreateBucket elsewhere). */
    public void createBucket(String bucket) {
        try (S3Client client = newClient()) {
            client.createBucket(b -> b.bucket(bucket));
        } catch (BucketAlreadyOwnedByYouException alreadyThere) {
            LOG.debug("Bucket {} already exists", bucket);
        }
    }

    /**
     * A new path-style S3 client signed with this server's keys. The caller closes it.
     */
    public S3Client newClient() {
        requireStarted("create a client");
        return S3Client.builder()
                .endpointOverride(endpoint)
                .region(REGION)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .httpClientBuilder(Apache5HttpClient.builder()
                        // Local server: fail fast instead of hanging a test for the SDK's defaults.
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(30)))
                .build();
    }

    @Override
    public void close() {
        if (proxy == null) {
            return;
        }
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot stop S3Proxy at " + endpoint + ": " + e.getMessage(), e);
        } finally {
            proxy = null;
        }
    }

    private void requireStarted(String action) {
        if (proxy == null) {
            throw new IllegalStateException("Cannot " + action + ": EmbeddedS3 is not started");
        }
    }

    /** Options; every one has a default, so {@code EmbeddedS3.builder().build().start()} works. */
    public static final class Builder {
        private Path dataDir;
        private int port;
        private String accessKey = DEFAULT_ACCESS_KEY;
        private String secretKey = DEFAULT_SECRET_KEY;

        private Builder() {}

        /** Filesystem backend rooted here (created if missing); without it, objects stay in memory. */
        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        /** 0 (the default) picks a free port. */
        public Builder port(int port) {
            this.port = Ports.check(port);
            return this;
        }

        public Builder accessKey(String accessKey) {
            this.accessKey = requireNonBlank(accessKey, "accessKey");
            return this;
        }

        public Builder secretKey(String secretKey) {
            this.secretKey = requireNonBlank(secretKey, "secretKey");
            return this;
        }

        public EmbeddedS3 build() {
            return new EmbeddedS3(this);
        }

        /** Shorthand for {@code build().start()}. */
        public EmbeddedS3 start() {
            return build().start();
        }

        private static String requireNonBlank(String value, String name) {
            Objects.requireNonNull(value, name);
            if (value.isBlank()) {
                throw new IllegalArgumentException("Cannot use a blank " + name);
            }
            return value;
        }
    }
}
