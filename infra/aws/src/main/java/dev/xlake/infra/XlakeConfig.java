package dev.xlake.infra;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.xlake.config.FetchConfig;
import dev.xlake.core.layout.QuerySlug;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Everything a deployment may choose, read once from CDK context ({@code cdk.json} or {@code -c key=value}).
 *
 * <p>Defaults are the documented ones (docs/deploy-aws.md); every problem names the context key,
 * so a bad {@code cdk deploy -c ...} fails at synthesis with a message that says what to fix. The
 * bearer token is deliberately not a setting: it never passes through context or the template.
 *
 * @param queries query slug ({@code [a-z0-9-]{1,64}}) to X search query, in configuration order
 * @param bearerTokenSecretArn an existing secret holding the token; empty = the stack creates one, empty
 * @param emrClusterId an existing cluster to run the converter on; empty = the stack creates one
 * @param emrInstanceRoleName the EC2 instance role of an existing cluster, to grant it the bucket;
 *        empty = the operator grants it
 * @param fetchReservedConcurrency reserve one concurrent execution for the poller (and cap it at
 *        one); needs an account concurrency quota of at least 101. Overlapping pollers are safe
 *        without it: the checkpoint's conditional writes let only one of them advance a query
 * @param emrSubnetId the subnet of the created cluster; empty = the stack creates a small VPC
 *        for it (one public subnet, no NAT gateway, an S3 gateway endpoint)
 * @param emrClusterName name of the created cluster; changing it makes CloudFormation replace the
 *        cluster, which is how a cluster that EMR terminated after idling is brought back
 * @param glueCatalog whether to create the Glue database of the Iceberg tables; off for LocalStack's
 *        free tier, which has no Glue
 * @param alarmEmail subscribes this address to a created alarm topic; empty = alarms without actions
 *        unless {@code alarmTopic} is true
 * @param maxQueryWait how long a query may go without being reached by the poller before the
 *        stack alarms; must stay well inside X's 7-day window (a query waiting longer loses tweets)
 * @param dailyBudgetUsd the poller's spend budget per UTC day ({@code XLAKE_DAILY_BUDGET_USD}), alarmed
 *        on at 80 % and 100 %; empty = no limit
 * @param monthlyBudgetUsd the same per UTC calendar month ({@code XLAKE_MONTHLY_BUDGET_USD})
 * @param maxConversionLag how long a run manifest may wait to be converted before the stack alarms
 *        ({@code ConversionLagSeconds}); default 1 h
 */
public record XlakeConfig(
        Map<String, String> queries,
        Duration fetchRate,
        int fetchMemoryMb,
        Duration fetchTimeout,
        boolean fetchReservedConcurrency,
        Duration maxQueryWait,
        int submitMemoryMb,
        Duration submitTimeout,
        int logRetentionDays,
        Optional<String> bearerTokenSecretArn,
        boolean kmsEncryption,
        int rawTransitionDays,
        int rawExpirationDays,
        int quarantineExpirationDays,
        int noncurrentVersionExpirationDays,
        Optional<String> emrClusterId,
        Optional<String> emrInstanceRoleName,
        String emrClusterName,
        String emrReleaseLabel,
        String emrPrimaryInstanceType,
        String emrCoreInstanceType,
        int emrCoreInstanceCount,
        Duration emrIdleTimeout,
        Optional<String> emrSubnetId,
        boolean glueCatalog,
        boolean alarmTopic,
        Optional<String> alarmEmail,
        Path fetchJar,
        Path submitJar,
        Path converterJar,
        Optional<BigDecimal> dailyBudgetUsd,
        Optional<BigDecimal> monthlyBudgetUsd,
        Duration maxConversionLag) {

    public static final String QUERIES = "queries";
    public static final String FETCH_RATE_MINUTES = "fetchRateMinutes";
    public static final String FETCH_MEMORY_MB = "fetchMemoryMb";
    public static final String FETCH_TIMEOUT_SECONDS = "fetchTimeoutSeconds";
    public static final String FETCH_RESERVED_CONCURRENCY = "fetchReservedConcurrency";
    public static final String MAX_QUERY_WAIT_HOURS = "maxQueryWaitHours";
    public static final String MAX_CONVERSION_LAG_MINUTES = "maxConversionLagMinutes";
    public static final String SUBMIT_MEMORY_MB = "submitMemoryMb";
    public static final String SUBMIT_TIMEOUT_SECONDS = "submitTimeoutSeconds";
    public static final String LOG_RETENTION_DAYS = "logRetentionDays";
    public static final String BEARER_TOKEN_SECRET_ARN = "bearerTokenSecretArn";
    public static final String BUCKET_ENCRYPTION = "bucketEncryption";
    public static final String RAW_TRANSITION_DAYS = "rawTransitionDays";
    public static final String RAW_EXPIRATION_DAYS = "rawExpirationDays";
    public static final int DEFAULT_RAW_EXPIRATION_DAYS = 30;
    public static final String QUARANTINE_EXPIRATION_DAYS = "quarantineExpirationDays";
    public static final String NONCURRENT_VERSION_EXPIRATION_DAYS = "noncurrentVersionExpirationDays";
    public static final String EMR_CLUSTER_ID = "emrClusterId";
    public static final String EMR_INSTANCE_ROLE_NAME = "emrInstanceRoleName";
    public static final String EMR_CLUSTER_NAME = "emrClusterName";
    public static final String EMR_RELEASE_LABEL = "emrReleaseLabel";
    public static final String EMR_PRIMARY_INSTANCE_TYPE = "emrPrimaryInstanceType";
    public static final String EMR_CORE_INSTANCE_TYPE = "emrCoreInstanceType";
    public static final String EMR_CORE_INSTANCE_COUNT = "emrCoreInstanceCount";
    public static final String EMR_IDLE_TIMEOUT_MINUTES = "emrIdleTimeoutMinutes";
    public static final String EMR_SUBNET_ID = "emrSubnetId";
    public static final String GLUE_CATALOG = "glueCatalog";
    public static final String ALARM_TOPIC = "alarmTopic";
    public static final String ALARM_EMAIL = "alarmEmail";
    public static final String FETCH_JAR = "fetchJar";
    public static final String SUBMIT_JAR = "submitJar";
    public static final String CONVERTER_JAR = "converterJar";
    public static final String DAILY_BUDGET_USD = "dailyBudgetUsd";
    public static final String MONTHLY_BUDGET_USD = "monthlyBudgetUsd";

    private static final Pattern CLUSTER_ID = Pattern.compile("j-[A-Z0-9]{1,255}");
    private static final Pattern RELEASE_LABEL = Pattern.compile("emr-7\\.(\\d+)\\.\\d+");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The retention periods CloudWatch Logs accepts. */
    private static final List<Integer> LOG_RETENTION_CHOICES = List.of(
            1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653);

    public XlakeConfig {
        queries = Collections.unmodifiableMap(new LinkedHashMap<>(queries));
    }

    /**
     * Reads the configuration from context values (CDK passes CLI values as strings, cdk.json values
     * as JSON types; both are accepted). {@code defaultJars} supplies the jar paths when the context
     * does not name them.
     */
    public static XlakeConfig fromContext(Function<String, Object> context, Artifacts defaultJars) {
        Reader r = new Reader(context);
        XlakeConfig config = new XlakeConfig(
                r.queries(),
                Duration.ofMinutes(r.integer(FETCH_RATE_MINUTES, 15, 1, 24 * 60)),
                r.integer(FETCH_MEMORY_MB, 1024, 128, 10240),
                Duration.ofSeconds(r.integer(FETCH_TIMEOUT_SECONDS, 300, 10, 900)),
                // Off by default: Lambda keeps 100 units unreserved, so an account whose quota is
                // 10 (new accounts) cannot reserve one and the deployment would fail.
                r.bool(FETCH_RESERVED_CONCURRENCY, false),
                // Up to 6 days: the alarm must leave time to act inside X's 7-day window.
                Duration.ofHours(
                        r.integer(MAX_QUERY_WAIT_HOURS, (int) FetchConfig.DEFAULT_MAX_QUERY_WAIT.toHours(), 1, 6 * 24)),
                r.integer(SUBMIT_MEMORY_MB, 512, 128, 10240),
                Duration.ofSeconds(r.integer(SUBMIT_TIMEOUT_SECONDS, 60, 10, 900)),
                r.oneOf(LOG_RETENTION_DAYS, 30, LOG_RETENTION_CHOICES),
                r.text(BEARER_TOKEN_SECRET_ARN)
                        .map(arn -> r.check(
                                arn,
                                arn.startsWith("arn:") && arn.contains(":secret:"),
                                BEARER_TOKEN_SECRET_ARN,
                                "a Secrets Manager secret ARN")),
                r.choice(BUCKET_ENCRYPTION, "s3", List.of("s3", "kms")).equals("kms"),
                r.integer(RAW_TRANSITION_DAYS, 30, 30, 3650),
                // 30 days: raw pages hold posts deleted on X since, which the tables' compliance pass
                // removes but raw pages cannot (docs/compliance.md); the tables keep the data.
                r.integer(RAW_EXPIRATION_DAYS, DEFAULT_RAW_EXPIRATION_DAYS, 1, 36500),
                r.integer(QUARANTINE_EXPIRATION_DAYS, 90, 1, 36500),
                r.integer(NONCURRENT_VERSION_EXPIRATION_DAYS, 30, 1, 36500),
                r.text(EMR_CLUSTER_ID)
                        .map(id -> r.check(
                                id, CLUSTER_ID.matcher(id).matches(), EMR_CLUSTER_ID, "an EMR cluster id (j-...)")),
                r.text(EMR_INSTANCE_ROLE_NAME),
                r.text(EMR_CLUSTER_NAME).orElse("xlake-convert"),
                r.text(EMR_RELEASE_LABEL)
                        .map(label -> r.check(
                                label,
                                bundlesIceberg110(label),
                                EMR_RELEASE_LABEL,
                                "an EMR 7 release label from emr-7.12.0 on (Iceberg 1.10)"))
                        // EMR 7.12 bundles Iceberg 1.10, which the converter is compiled against.
                        .orElse("emr-7.12.0"),
                r.text(EMR_PRIMARY_INSTANCE_TYPE).orElse("m5.xlarge"),
                r.text(EMR_CORE_INSTANCE_TYPE).orElse("m5.xlarge"),
                r.integer(EMR_CORE_INSTANCE_COUNT, 1, 1, 100),
                Duration.ofMinutes(r.integer(EMR_IDLE_TIMEOUT_MINUTES, 60, 1, 7 * 24 * 60)),
                r.text(EMR_SUBNET_ID),
                r.bool(GLUE_CATALOG, true),
                r.bool(ALARM_TOPIC, false),
                r.text(ALARM_EMAIL),
                r.text(FETCH_JAR).map(Path::of).orElse(defaultJars.fetchJar()),
                r.text(SUBMIT_JAR).map(Path::of).orElse(defaultJars.submitJar()),
                r.text(CONVERTER_JAR).map(Path::of).orElse(defaultJars.converterJar()),
                r.dollars(DAILY_BUDGET_USD),
                r.dollars(MONTHLY_BUDGET_USD),
                Duration.ofMinutes(r.integer(MAX_CONVERSION_LAG_MINUTES, 60, 15, 7 * 24 * 60)));
        if (config.maxQueryWait().compareTo(config.fetchRate()) <= 0) {
            // Every query waits at least one rate between ticks: the alarm would always fire.
            r.problems.add(MAX_QUERY_WAIT_HOURS + " (" + config.maxQueryWait().toHours() + " h) must be longer than "
                    + FETCH_RATE_MINUTES + " (" + config.fetchRate().toMinutes() + " min)");
        }
        if (config.maxConversionLag().compareTo(config.fetchRate()) <= 0) {
            // Every manifest waits up to one rate for its tick's conversion: the alarm would always fire.
            r.problems.add(MAX_CONVERSION_LAG_MINUTES + " ("
                    + config.maxConversionLag().toMinutes()
                    + " min) must be longer than " + FETCH_RATE_MINUTES + " ("
                    + config.fetchRate().toMinutes()
                    + " min)");
        }
        if (config.fetchTimeout().compareTo(config.fetchRate()) >= 0) {
            // A run longer than the rate overlaps the next tick: throttled with reserved concurrency,
            // a second poller that loses every checkpoint race without it.
            r.problems.add(FETCH_TIMEOUT_SECONDS + " (" + config.fetchTimeout().toSeconds() + ") must be shorter than "
                    + FETCH_RATE_MINUTES + " (" + config.fetchRate().toMinutes() + " min)");
        }
        r.failOnProblems();
        return config;
    }

    /** EMR 7.12 is the first release whose bundled Iceberg (1.10) the converter is compiled against. */
    static boolean bundlesIceberg110(String releaseLabel) {
        java.util.regex.Matcher m = RELEASE_LABEL.matcher(releaseLabel);
        return m.matches() && Integer.parseInt(m.group(1)) >= 12;
    }

    /** A created alarm topic exists when asked for explicitly or when someone is to be emailed. */
    public boolean createsAlarmTopic() {
        return alarmTopic || alarmEmail.isPresent();
    }

    /** The jar files the stack deploys. */
    public record Artifacts(Path fetchJar, Path submitJar, Path converterJar) {}

    /** Collects every problem before failing, so one synth run reports all of them. */
    private static final class Reader {
        private final Function<String, Object> context;
        private final List<String> problems = new ArrayList<>();

        Reader(Function<String, Object> context) {
            this.context = context;
        }

        Optional<String> text(String key) {
            Object value = context.apply(key);
            if (value == null || value.toString().isBlank()) {
                return Optional.empty();
            }
            return Optional.of(value.toString().trim());
        }

        int integer(String key, int fallback, int min, int max) {
            return optionalInteger(key, min, max).orElse(fallback);
        }

        Optional<Integer> optionalInteger(String key, int min, int max) {
            Optional<String> text = text(key);
            if (text.isEmpty()) {
                return Optional.empty();
            }
            try {
                int value = Integer.parseInt(text.get());
                if (value >= min && value <= max) {
                    return Optional.of(value);
                }
            } catch (NumberFormatException e) {
                // reported below with the accepted range
            }
            problems.add(key + " must be a whole number from " + min + " to " + max + ", got '" + text.get() + "'");
            return Optional.empty();
        }

        /** A positive amount of US dollars, e.g. {@code 25} or {@code 7.50}. */
        Optional<BigDecimal> dollars(String key) {
            Optional<String> text = text(key);
            if (text.isEmpty()) {
                return Optional.empty();
            }
            try {
                BigDecimal value = new BigDecimal(text.get());
                if (value.signum() > 0) {
                    return Optional.of(value);
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            problems.add(key + " must be a positive amount of US dollars such as 25 or 7.50, got '" + text.get() + "'");
            return Optional.empty();
        }

        int oneOf(String key, int fallback, List<Integer> allowed) {
            Optional<Integer> value = optionalInteger(key, Integer.MIN_VALUE, Integer.MAX_VALUE);
            if (value.isPresent() && !allowed.contains(value.get())) {
                problems.add(key + " must be one of " + allowed + ", got " + value.get());
            }
            return value.filter(allowed::contains).orElse(fallback);
        }

        boolean bool(String key, boolean fallback) {
            return text(key)
                    .map(v -> choiceOf(key, v, List.of("true", "false")).equals("true"))
                    .orElse(fallback);
        }

        String choice(String key, String fallback, List<String> allowed) {
            return text(key).map(v -> choiceOf(key, v, allowed)).orElse(fallback);
        }

        private String choiceOf(String key, String value, List<String> allowed) {
            String lower = value.toLowerCase(java.util.Locale.ROOT);
            if (!allowed.contains(lower)) {
                problems.add(key + " must be one of " + allowed + ", got '" + value + "'");
                return allowed.get(0);
            }
            return lower;
        }

        String check(String value, boolean ok, String key, String expected) {
            if (!ok) {
                problems.add(key + " must be " + expected + ", got '" + value + "'");
            }
            return value;
        }

        /** A JSON object {@code {"slug": "query"}}, given as JSON in cdk.json or as a JSON string with -c. */
        Map<String, String> queries() {
            Object value = context.apply(QUERIES);
            Map<String, String> queries = new LinkedHashMap<>();
            if (value instanceof Map<?, ?> map) {
                map.forEach((k, v) -> queries.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
            } else if (value != null) {
                try {
                    queries.putAll(
                            JSON.readValue(value.toString(), new TypeReference<LinkedHashMap<String, String>>() {}));
                } catch (JsonProcessingException e) {
                    problems.add(QUERIES + " must be a JSON object of query slug to X search query, e.g. "
                            + "{\"aws\":\"#aws -is:retweet\"}; it did not parse: " + e.getOriginalMessage());
                    return queries;
                }
            }
            if (queries.isEmpty()) {
                problems.add(
                        QUERIES + " must name at least one query, e.g. -c 'queries={\"aws\":\"#aws -is:retweet\"}'");
            }
            queries.forEach((slug, query) -> {
                if (!QuerySlug.isValid(slug)) {
                    problems.add(QUERIES + " slug '" + slug + "' must match " + QuerySlug.REGEX);
                }
                if (query.isBlank()) {
                    problems.add(QUERIES + " query for '" + slug + "' is empty");
                }
            });
            return queries;
        }

        void failOnProblems() {
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException("Cannot configure the xlake stack: " + String.join("; ", problems));
            }
        }
    }
}
