package dev.xlake.cli;

import dev.xlake.emulator.FaultPlan;
import dev.xlake.emulator.XApiEmulator;
import dev.xlake.s3embedded.EmbeddedS3;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * What {@code xlake fetch} and {@code xlake backfill} run against in a test: an embedded S3 with
 * the bucket {@value #BUCKET} and an X API emulator that accepts the token {@value #TOKEN}.
 */
final class FetchServers implements AutoCloseable {

    static final String BUCKET = "lake";
    static final String TOKEN = "cli-token";

    /** The variables a shell would have: the X token and a region. */
    static final Map<String, String> SHELL = Map.of("X_BEARER_TOKEN", TOKEN, "AWS_REGION", "us-east-1");

    final EmbeddedS3 s3;
    final XApiEmulator x;

    FetchServers(FaultPlan faults) {
        s3 = EmbeddedS3.builder().start();
        s3.createBucket(BUCKET);
        x = XApiEmulator.builder().bearerToken(TOKEN).faults(faults).start();
        // The SDK's default credential chain reads these, as it reads AWS_ACCESS_KEY_ID in a shell.
        System.setProperty("aws.accessKeyId", s3.accessKey());
        System.setProperty("aws.secretAccessKey", s3.secretKey());
    }

    /** The options that point a command at these two servers. */
    List<String> endpointOptions() {
        return List.of("--s3-endpoint", s3.endpoint().toString(), "--x-api-url", x.baseUrl());
    }

    /** The keys under {@code prefix} in the bucket. */
    List<String> keys(String prefix) {
        try (S3Client client = s3.newClient()) {
            return client.listObjectsV2Paginator(b -> b.bucket(BUCKET).prefix(prefix)).contents().stream()
                    .map(S3Object::key)
                    .toList();
        }
    }

    @Override
    public void close() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        x.close();
        s3.close();
    }
}
