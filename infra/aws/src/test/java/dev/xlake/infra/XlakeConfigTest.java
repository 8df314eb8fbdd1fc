package dev.xlake.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class XlakeConfigTest {

    static final XlakeConfig.Artifacts JARS =
            new XlakeConfig.Artifacts(Path.of("fetch.jar"), Path.of("submit.jar"), Path.of("convert.jar"));

    @Test
    void shouldApplyTheDocumentedDefaults() {
        XlakeConfig config = read(Map.of(XlakeConfig.QUERIES, "{\"aws\":\"#aws\"}"));

        assertThat(config.queries()).containsExactly(Map.entry("aws", "#aws"));
        assertThat(config.fetchRate()).isEqualTo(Duration.ofMinutes(15));
        assertThat(config.fetchMemoryMb()).isEqualTo(1024);
        assertThat(config.fetchTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.maxQueryWait()).isEqualTo(Duration.ofHours(24));
        assertThat(config.bearerTokenSecretArn()).isEmpty();
        assertThat(config.kmsEncryption()).isFalse();
        assertThat(config.rawExpirationDays()).isEqualTo(30);
        assertThat(config.emrClusterId()).isEmpty();
        assertThat(config.emrReleaseLabel()).startsWith("emr-7.");
        assertThat(config.emrIdleTimeout()).isEqualTo(Duration.ofHours(1));
        assertThat(config.createsAlarmTopic()).isFalse();
        assertThat(config.fetchJar()).isEqualTo(Path.of("fetch.jar"));
        assertThat(config.submitJar()).isEqualTo(Path.of("submit.jar"));
        assertThat(config.converterJar()).isEqualTo(Path.of("convert.jar"));
    }

    @Test
    void shouldAcceptQueriesAsAJsonObjectFromCdkJsonInOrder() {
        Map<String, Object> queries = new java.util.LinkedHashMap<>();
        queries.put("zeta", "#z");
        queries.put("alpha", "#a");

        XlakeConfig config = read(Map.of(XlakeConfig.QUERIES, queries));

        assertThat(config.queries().keySet()).containsExactly("zeta", "alpha");
    }

    @Test
    void shouldReadCommandLineStringsForNumbersAndFlags() {
        XlakeConfig config = read(Map.of(
                XlakeConfig.QUERIES, "{\"aws\":\"#aws\"}",
                XlakeConfig.FETCH_RATE_MINUTES, "5",
                XlakeConfig.FETCH_TIMEOUT_SECONDS, "120",
                XlakeConfig.BUCKET_ENCRYPTION, "KMS",
                XlakeConfig.ALARM_TOPIC, "true",
                XlakeConfig.EMR_CLUSTER_ID, "j-1K48XXXXXXHCB",
                XlakeConfig.LOG_RETENTION_DAYS, 90));

        assertThat(config.fetchRate()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.kmsEncryption()).isTrue();
        assertThat(config.createsAlarmTopic()).isTrue();
        assertThat(config.emrClusterId()).isEqualTo(Optional.of("j-1K48XXXXXXHCB"));
        assertThat(config.logRetentionDays()).isEqualTo(90);
    }

    @Test
    void shouldNameEveryBadKeyAtOnce() {
        Map<String, Object> context = new HashMap<>();
        context.put(XlakeConfig.QUERIES, "{\"Bad Slug\":\"#x\"}");
        context.put(XlakeConfig.FETCH_RATE_MINUTES, "soon");
        context.put(XlakeConfig.EMR_CLUSTER_ID, "cluster-1");
        context.put(XlakeConfig.EMR_RELEASE_LABEL, "emr-6.15.0");
        context.put(XlakeConfig.BUCKET_ENCRYPTION, "des");
        context.put(XlakeConfig.LOG_RETENTION_DAYS, "31");
        context.put(XlakeConfig.BEARER_TOKEN_SECRET_ARN, "AAAA-not-an-arn");

        assertThatThrownBy(() -> read(context))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Cannot configure the xlake stack: ")
                .hasMessageContainingAll(
                        "queries slug 'Bad Slug'",
                        "fetchRateMinutes must be a whole number from 1",
                        "emrClusterId must be an EMR cluster id",
                        "emrReleaseLabel must be an EMR 7 release label from emr-7.12.0 on",
                        "bucketEncryption must be one of [s3, kms]",
                        "logRetentionDays must be one of",
                        "bearerTokenSecretArn must be a Secrets Manager secret ARN");
    }

    @Test
    void shouldRefuseAFetchTimeoutThatOverlapsTheNextTick() {
        assertThatThrownBy(() -> read(Map.of(
                        XlakeConfig.QUERIES,
                        "{\"aws\":\"#aws\"}",
                        XlakeConfig.FETCH_RATE_MINUTES,
                        "5",
                        XlakeConfig.FETCH_TIMEOUT_SECONDS,
                        "300")))
                .hasMessageContaining("fetchTimeoutSeconds (300) must be shorter than fetchRateMinutes (5 min)");
        assertThat(read(Map.of(
                                XlakeConfig.QUERIES,
                                "{\"aws\":\"#aws\"}",
                                XlakeConfig.FETCH_RATE_MINUTES,
                                "5",
                                XlakeConfig.FETCH_TIMEOUT_SECONDS,
                                "299"))
                        .fetchTimeout())
                .isEqualTo(Duration.ofSeconds(299));
    }

    @Test
    void shouldKeepTheMaxQueryWaitInsideXsWindowAndAboveTheRate() {
        assertThatThrownBy(() -> read(
                        Map.of(XlakeConfig.QUERIES, "{\"aws\":\"#aws\"}", XlakeConfig.MAX_QUERY_WAIT_HOURS, "168")))
                .hasMessageContaining("maxQueryWaitHours must be a whole number from 1 to 144");
        assertThatThrownBy(() -> read(Map.of(
                        XlakeConfig.QUERIES,
                        "{\"aws\":\"#aws\"}",
                        XlakeConfig.MAX_QUERY_WAIT_HOURS,
                        "2",
                        XlakeConfig.FETCH_RATE_MINUTES,
                        "120")))
                .hasMessageContaining("maxQueryWaitHours (2 h) must be longer than fetchRateMinutes (120 min)");
        assertThat(read(Map.of(XlakeConfig.QUERIES, "{\"aws\":\"#aws\"}", XlakeConfig.MAX_QUERY_WAIT_HOURS, "6"))
                        .maxQueryWait())
                .isEqualTo(Duration.ofHours(6));
    }

    @Test
    void shouldRequireAtLeastOneQuery() {
        assertThatThrownBy(() -> read(Map.of())).hasMessageContaining("queries must name at least one query");
        assertThatThrownBy(() -> read(Map.of(XlakeConfig.QUERIES, "[\"aws\"]")))
                .hasMessageContaining("queries must be a JSON object");
    }

    @Test
    void shouldKeepRawPagesOutOfInfrequentAccessForItsMinimumStorageDuration() {
        for (String days : List.of("29", "0")) {
            assertThatThrownBy(() -> read(
                            Map.of(XlakeConfig.QUERIES, "{\"aws\":\"#aws\"}", XlakeConfig.RAW_TRANSITION_DAYS, days)))
                    .hasMessageContaining("rawTransitionDays must be a whole number from 30");
        }
    }

    private static XlakeConfig read(Map<String, Object> context) {
        return XlakeConfig.fromContext(context::get, JARS);
    }
}
