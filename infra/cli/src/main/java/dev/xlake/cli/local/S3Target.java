package dev.xlake.cli.local;

import dev.xlake.s3embedded.EmbeddedS3;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The S3 every component of a local run talks to: the embedded server with its keys, or an
 * S3-compatible endpoint (LocalStack, MinIO, another {@code xlake s3}) with the standard AWS
 * credentials, or AWS itself. Always path-style when an endpoint is given.
 *
 * @param endpoint empty for AWS itself
 * @param accessKey empty to use the default AWS credential chain
 */
public record S3Target(Optional<URI> endpoint, String region, Optional<String> accessKey, Optional<String> secretKey) {

    static final String DEFAULT_REGION = "us-east-1";

    public static S3Target embedded(EmbeddedS3 s3) {
        return new S3Target(
                Optional.of(s3.endpoint()), s3.region().id(), Optional.of(s3.accessKey()), Optional.of(s3.secretKey()));
    }

    /** An endpoint from {@code --s3-endpoint} (or AWS when empty), credentials and region from the environment. */
    public static S3Target fromEnvironment(Optional<URI> endpoint, Map<String, String> env) {
        String region = Optional.ofNullable(env.get("AWS_REGION"))
                .or(() -> Optional.ofNullable(env.get("AWS_DEFAULT_REGION")))
                .filter(r -> !r.isBlank())
                .orElse(DEFAULT_REGION);
        return new S3Target(endpoint, region, Optional.empty(), Optional.empty());
    }

    /** Hadoop s3a settings; {@code s3://} URIs (what manifests and steps carry) go to s3a too, as EMRFS does on EMR. */
    public Map<String, String> hadoopSettings() {
        Map<String, String> conf = new HashMap<>();
        conf.put("fs.s3.impl", "org.apache.hadoop.fs.s3a.S3AFileSystem");
        conf.put("fs.s3a.endpoint.region", region);
        endpoint.ifPresent(uri -> {
            conf.put("fs.s3a.endpoint", uri.toString());
            conf.put("fs.s3a.path.style.access", "true");
            conf.put("fs.s3a.connection.ssl.enabled", Boolean.toString("https".equals(uri.getScheme())));
        });
        if (accessKey.isPresent() && secretKey.isPresent()) {
            conf.put("fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
            conf.put("fs.s3a.access.key", accessKey.get());
            conf.put("fs.s3a.secret.key", secretKey.get());
        }
        // Local servers answer at once; don't let a mistake hang a run for s3a's default minutes.
        conf.put("fs.s3a.attempts.maximum", "3");
        conf.put("fs.s3a.retry.limit", "3");
        return conf;
    }
}
