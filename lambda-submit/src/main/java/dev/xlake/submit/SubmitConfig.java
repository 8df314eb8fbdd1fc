package dev.xlake.submit;

import dev.xlake.core.config.EnvNames;
import dev.xlake.core.config.EnvReader;
import dev.xlake.core.layout.RawKeys;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Settings of the S3-event submit Lambda, read once per container from its environment.
 *
 * <p>The environment-variable names are in {@link EnvNames}, so the CDK stack sets exactly the
 * names this class reads. Every problem names the variable and all are reported at once, so a
 * misconfigured deployment fails on its first invocation with a message that says what to fix.
 *
 * @param bucket the data-lake bucket; the submit claims live under {@code state/submit/} in it
 * @param clusterId the EMR cluster that runs the convert steps ({@code j-...})
 * @param converterJar the spark-convert jar on S3 ({@code s3://.../spark-convert-<version>.jar})
 * @param curatedUri where the converter writes tables (default {@code s3://<bucket>/curated})
 * @param quarantineUri the converter's {@code --quarantine} (default
 *        {@code s3://<bucket>/quarantine/convert}; the converter adds {@code run=<runId>/} itself)
 * @param sparkSubmitArgs extra spark-submit arguments placed before the application jar
 * @param claimStaleAfter age after which a claim without a step id is presumed abandoned
 * @param clusterSpec the configuration of the cluster the stack created, from which a replacement
 *        is started when it is gone; empty for a cluster passed by id, which is never replaced
 */
public record SubmitConfig(
        String bucket,
        String clusterId,
        String converterJar,
        String curatedUri,
        String quarantineUri,
        List<String> sparkSubmitArgs,
        Duration claimStaleAfter,
        Optional<ClusterSpec> clusterSpec) {

    /** Longer than Lambda's 15-minute maximum timeout, so a stale claim's owner is surely gone. */
    public static final Duration DEFAULT_CLAIM_STALE_AFTER = Duration.ofMinutes(20);

    public static final String CONVERT_MAIN_CLASS = "dev.xlake.convert.ConvertJob";

    private static final String COMPONENT = "the submit handler";
    private static final Pattern BUCKET_NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern CLUSTER_ID = Pattern.compile("j-[A-Z0-9]{1,255}");

    public SubmitConfig {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(clusterId, "clusterId");
        Objects.requireNonNull(converterJar, "converterJar");
        Objects.requireNonNull(curatedUri, "curatedUri");
        Objects.requireNonNull(quarantineUri, "quarantineUri");
        Objects.requireNonNull(claimStaleAfter, "claimStaleAfter");
        Objects.requireNonNull(clusterSpec, "clusterSpec");
        sparkSubmitArgs = List.copyOf(sparkSubmitArgs);
        EnvReader problems = new EnvReader(COMPONENT, Map.of());
        check(problems, bucket, clusterId, converterJar, curatedUri, quarantineUri, claimStaleAfter);
        problems.throwIfAny();
    }

    /** Builds the settings from an environment map; throws naming every missing or bad variable. */
    public static SubmitConfig fromEnv(Map<String, String> env) {
        EnvReader reader = new EnvReader(COMPONENT, env);
        String bucket = reader.required(EnvNames.BUCKET);
        String clusterId = reader.required(EnvNames.EMR_CLUSTER_ID);
        String jar = reader.required(EnvNames.CONVERTER_JAR);
        Duration staleAfter = reader.duration(EnvNames.SUBMIT_CLAIM_STALE_AFTER, DEFAULT_CLAIM_STALE_AFTER);
        String curated =
                orDefault(reader.optional(EnvNames.CURATED_URI), "s3://" + bucket + "/" + RawKeys.CURATED_FOLDER);
        String quarantine = orDefault(
                reader.optional(EnvNames.QUARANTINE_URI), "s3://" + bucket + "/" + RawKeys.CONVERT_QUARANTINE_FOLDER);
        ClusterSpec spec = reader.parse(EnvNames.EMR_CLUSTER_SPEC, null, ClusterSpec::fromJson);
        check(reader, bucket, clusterId, jar, curated, quarantine, staleAfter);
        reader.throwIfAny();
        return new SubmitConfig(
                bucket,
                clusterId,
                jar,
                curated,
                quarantine,
                splitArgs(reader.optional(EnvNames.SPARK_SUBMIT_ARGS)),
                staleAfter,
                Optional.ofNullable(spec));
    }

    /** Records each bad value; a null (missing) one is already reported by the reader. */
    private static void check(
            EnvReader reader,
            String bucket,
            String clusterId,
            String converterJar,
            String curatedUri,
            String quarantineUri,
            Duration claimStaleAfter) {
        reader.check(
                bucket == null || BUCKET_NAME.matcher(bucket).matches(),
                EnvNames.BUCKET,
                "not an S3 bucket name: " + bucket);
        reader.check(
                clusterId == null || CLUSTER_ID.matcher(clusterId).matches(),
                EnvNames.EMR_CLUSTER_ID,
                "not an EMR cluster id (j-...): " + clusterId);
        reader.check(
                converterJar == null || converterJar.startsWith("s3://") && converterJar.endsWith(".jar"),
                EnvNames.CONVERTER_JAR,
                "not an s3://.../*.jar URI: " + converterJar);
        reader.check(isS3Prefix(curatedUri), EnvNames.CURATED_URI, "not an s3:// URI: " + curatedUri);
        reader.check(isS3Prefix(quarantineUri), EnvNames.QUARANTINE_URI, "not an s3:// URI: " + quarantineUri);
        reader.check(
                !claimStaleAfter.isNegative() && !claimStaleAfter.isZero(),
                EnvNames.SUBMIT_CLAIM_STALE_AFTER,
                "not a positive duration: " + claimStaleAfter);
    }

    static List<String> splitArgs(String text) {
        if (text == null) {
            return List.of();
        }
        return Arrays.stream(text.trim().split("\\s+"))
                .filter(s -> !s.isEmpty())
                .toList();
    }

    private static boolean isS3Prefix(String uri) {
        return uri.startsWith("s3://") && uri.length() > "s3://".length();
    }

    private static String orDefault(String value, String fallback) {
        return value == null ? fallback : stripTrailingSlash(value);
    }

    private static String stripTrailingSlash(String uri) {
        return uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
    }
}
