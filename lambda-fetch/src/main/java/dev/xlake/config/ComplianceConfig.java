package dev.xlake.config;

import dev.xlake.core.config.EnvNames;
import dev.xlake.core.config.EnvReader;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * The compliance function's settings ({@code dev.xlake.compliance.ComplianceHandler}), from the
 * environment like {@link FetchConfig}: the bucket, the X bearer token's source (the fetch
 * function's secret on AWS), X's base URL, the submit function to invoke for the apply step, and
 * how long one compliance job may run before the pass fails.
 *
 * @param submitFunction the submit function's name or (alias) ARN
 */
public record ComplianceConfig(
        String bucket,
        BearerTokenSource bearerTokenSource,
        URI xApiBaseUrl,
        Duration httpTimeout,
        String submitFunction,
        Duration maxJobWait) {

    /** X's jobs take minutes to hours; a day covers a slow X without keeping a dead pass open for long. */
    public static final Duration DEFAULT_MAX_JOB_WAIT = Duration.ofHours(24);

    public ComplianceConfig {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(bearerTokenSource, "bearerTokenSource");
        Objects.requireNonNull(submitFunction, "submitFunction");
    }

    /** @throws IllegalArgumentException naming every missing or bad variable */
    public static ComplianceConfig fromEnv(Map<String, String> env) {
        EnvReader reader = new EnvReader("compliance", env);
        String bucket = reader.required(EnvNames.BUCKET);
        String submitFunction = reader.required(EnvNames.SUBMIT_FUNCTION);
        URI baseUrl = reader.parse(EnvNames.X_API_BASE_URL, FetchConfig.DEFAULT_X_API_BASE_URL, FetchConfig::httpUrl);
        int timeout =
                reader.intInRange(EnvNames.HTTP_TIMEOUT_SECONDS, FetchConfig.DEFAULT_HTTP_TIMEOUT_SECONDS, 1, 300);
        Duration maxJobWait = reader.duration(EnvNames.COMPLIANCE_MAX_JOB_WAIT, DEFAULT_MAX_JOB_WAIT);
        reader.check(
                !maxJobWait.isNegative() && !maxJobWait.isZero(), EnvNames.COMPLIANCE_MAX_JOB_WAIT, "must be positive");
        BearerTokenSource token = FetchConfig.tokenSource(reader);
        reader.throwIfAny();
        return new ComplianceConfig(bucket, token, baseUrl, Duration.ofSeconds(timeout), submitFunction, maxJobWait);
    }
}
