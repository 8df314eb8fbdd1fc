package dev.xlake.submit;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Settings of the S3-event submit Lambda, read once per container from its environment.
 *
 * <p>The environment-variable names are public constants so the CDK stack sets exactly the names
 * this class reads. Every problem names the variable, so a misconfigured deployment fails on its
 * first invocation with a message that says what to fix.
 *
 * @param bucket the data-lake bucket; the submit claims live under {@code state/submit/} in it
 * @param clusterId the EMR cluster that runs the convert steps ({@code j-...})
 * @param converterJar the spark-convert jar on S3 ({@code s3://.../spark-convert-<version>.jar})
 * @param curatedUri where the converter writes tables (default {@code s3://<bucket>/curated})
 * @param quarantineUri the converter's {@code --quarantine} (default
 *        {@code s3://<bucket>/quarantine/convert}; the converter adds {@code run=<runId>/} itself)
 * @param sparkSubmitArgs extra spark-submit arguments placed before the application jar
 * @param claimStaleAfter age after which a claim without a step id is presumed abandoned
 */
public record SubmitConfig(
        String bucket,
        String clusterId,
        String converterJar,
        String curatedUri,
        String quarantineUri,
        List<String> sparkSubmitArgs,
        Duration claimStaleAfter) {

    public static final String BUCKET = "XLAKE_BUCKET";
    public static final String EMR_CLUSTER_ID = "XLAKE_EMR_CLUSTER_ID";
    public static final String CONVERTER_JAR = "XLAKE_CONVERTER_JAR";
    public static final String CURATED_URI = "XLAKE_CURATED_URI";
    public static final String QUARANTINE_URI = "XLAKE_QUARANTINE_URI";
    /** Whitespace-separated tokens, no quoting, e.g. {@code --conf spark.executor.memory=4g}. */
    public static final String SPARK_SUBMIT_ARGS = "XLAKE_SPARK_SUBMIT_ARGS";
    /** ISO-8601 duration; must exceed the submit Lambda's timeout (see docs/submit.md). */
    public static final String CLAIM_STALE_AFTER = "XLAKE_SUBMIT_CLAIM_STALE_AFTER";

    /** Longer than Lambda's 15-minute maximum timeout, so a stale claim's owner is surely gone. */
    public static final Duration DEFAULT_CLAIM_STALE_AFTER = Duration.ofMinutes(20);

    public static final String CONVERT_MAIN_CLASS = "dev.xlake.convert.ConvertJob";

    private static final Pattern BUCKET_NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern CLUSTER_ID = Pattern.compile("j-[A-Z0-9]{1,255}");

    public SubmitConfig {
        check(BUCKET_NAME.matcher(bucket).matches(), BUCKET, "not an S3 bucket name: " + bucket);
        check(CLUSTER_ID.matcher(clusterId).matches(), EMR_CLUSTER_ID, "not an EMR cluster id (j-...): " + clusterId);
        check(
                converterJar.startsWith("s3://") && converterJar.endsWith(".jar"),
                CONVERTER_JAR,
                "not an s3://.../*.jar URI: " + converterJar);
        check(isS3Prefix(curatedUri), CURATED_URI, "not an s3:// URI: " + curatedUri);
        check(isS3Prefix(quarantineUri), QUARANTINE_URI, "not an s3:// URI: " + quarantineUri);
        sparkSubmitArgs = List.copyOf(sparkSubmitArgs);
        check(
                !claimStaleAfter.isNegative() && !claimStaleAfter.isZero(),
                CLAIM_STALE_AFTER,
                "not a positive duration: " + claimStaleAfter);
    }

    /** Builds the settings from an environment map; throws naming every missing or bad variable. */
    public static SubmitConfig fromEnv(Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        String bucket = required(env, BUCKET, problems);
        String clusterId = required(env, EMR_CLUSTER_ID, problems);
        String jar = required(env, CONVERTER_JAR, problems);
        Duration staleAfter = DEFAULT_CLAIM_STALE_AFTER;
        String staleText = optional(env, CLAIM_STALE_AFTER);
        if (staleText != null) {
            try {
                staleAfter = Duration.parse(staleText);
            } catch (DateTimeParseException e) {
                problems.add(CLAIM_STALE_AFTER + " is not an ISO-8601 duration (e.g. PT20M): " + staleText);
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Cannot configure the submit handler: " + String.join("; ", problems));
        }
        String curated = orDefault(optional(env, CURATED_URI), "s3://" + bucket + "/curated");
        String quarantine = orDefault(optional(env, QUARANTINE_URI), "s3://" + bucket + "/quarantine/convert");
        return new SubmitConfig(
                bucket, clusterId, jar, curated, quarantine, splitArgs(optional(env, SPARK_SUBMIT_ARGS)), staleAfter);
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

    private static String required(Map<String, String> env, String name, List<String> problems) {
        String value = optional(env, name);
        if (value == null) {
            problems.add(name + " is not set");
        }
        return value;
    }

    private static String optional(Map<String, String> env, String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static String orDefault(String value, String fallback) {
        return value == null ? fallback : stripTrailingSlash(value);
    }

    private static String stripTrailingSlash(String uri) {
        return uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
    }

    private static void check(boolean ok, String variable, String problem) {
        if (!ok) {
            throw new IllegalArgumentException("Cannot configure the submit handler: " + variable + " is " + problem);
        }
    }
}
