package dev.xlake.s3;

import dev.xlake.core.config.EnvNames;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** Builds the one S3 client a Lambda container (or a CLI run) uses. */
public final class S3Clients {

    private S3Clients() {}

    /**
     * S3 client on the url-connection HTTP client (small and quick to start: no Netty/Apache in
     * the Lambda jar). {@code AWS_ENDPOINT_URL_S3} / {@code AWS_ENDPOINT_URL} select an
     * S3-compatible endpoint, which is then addressed path-style (S3Proxy, LocalStack); region
     * from {@code AWS_REGION} / {@code AWS_DEFAULT_REGION} (us-east-1 for local endpoints if
     * unset); credentials from {@code AWS_ACCESS_KEY_ID} / {@code AWS_SECRET_ACCESS_KEY} /
     * {@code AWS_SESSION_TOKEN} in {@code env} when present (so a CLI can pass its own map), else
     * the SDK's default chain.
     */
    public static S3Client fromEnv(Map<String, String> env) {
        String endpoint = firstSet(env, EnvNames.AWS_ENDPOINT_URL_S3, EnvNames.AWS_ENDPOINT_URL);
        String region = firstSet(env, EnvNames.AWS_REGION, EnvNames.AWS_DEFAULT_REGION);
        var builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        // Objects are small (pages of ~100-400 KB); 2 s to connect and 15 s of
                        // socket silence are generous for S3 and keep a stuck call well inside
                        // the Lambda's safety margin.
                        .connectionTimeout(Duration.ofSeconds(2))
                        .socketTimeout(Duration.ofSeconds(15)))
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        // Standard strategy (exponential backoff with jitter, throttling-aware),
                        // 4 attempts: S3 5xx/SlowDown are transient, and every write we make is
                        // conditional, so a retried PUT is safe (see S3ObjectStore).
                        .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                                .maxAttempts(4)
                                .build())
                        .apiCallAttemptTimeout(Duration.ofSeconds(15))
                        .apiCallTimeout(Duration.ofSeconds(45))
                        .build());
        String accessKey = firstSet(env, "AWS_ACCESS_KEY_ID");
        String secretKey = firstSet(env, "AWS_SECRET_ACCESS_KEY");
        if (accessKey != null && secretKey != null) {
            String sessionToken = firstSet(env, "AWS_SESSION_TOKEN");
            builder.credentialsProvider(StaticCredentialsProvider.create(
                    sessionToken == null
                            ? AwsBasicCredentials.create(accessKey, secretKey)
                            : AwsSessionCredentials.create(accessKey, secretKey, sessionToken)));
        }
        if (endpoint != null) {
            builder.endpointOverride(URI.create(endpoint)).forcePathStyle(true);
            builder.region(Region.of(region != null ? region : "us-east-1"));
        } else if (region != null) {
            builder.region(Region.of(region));
        }
        return builder.build();
    }

    private static String firstSet(Map<String, String> env, String... names) {
        for (String name : names) {
            String value = env.get(name);
            if (value != null && !value.isBlank()) {
                return value.strip();
            }
        }
        return null;
    }
}
