package dev.xlake.submit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.xlake.core.config.EnvNames;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SubmitConfigTest {

    static final Map<String, String> MINIMAL = Map.of(
            EnvNames.BUCKET,
            "xlake-data",
            EnvNames.EMR_CLUSTER_ID,
            "j-2AXXXXXXGAPLF",
            EnvNames.CONVERTER_JAR,
            "s3://xlake-data/artifacts/spark-convert-0.1.0.jar");

    /** The minimal settings with {@code name} set to {@code value}. */
    static Map<String, String> minimalWith(String name, String value) {
        Map<String, String> env = new HashMap<>(MINIMAL);
        env.put(name, value);
        return env;
    }

    @Test
    void shouldDefaultTargetsToTheBucket() {
        SubmitConfig config = SubmitConfig.fromEnv(MINIMAL);

        assertThat(config.curatedUri()).isEqualTo("s3://xlake-data/curated");
        assertThat(config.quarantineUri()).isEqualTo("s3://xlake-data/quarantine/convert");
        assertThat(config.sparkSubmitArgs()).isEmpty();
        assertThat(config.claimStaleAfter()).isEqualTo(Duration.ofMinutes(20));
    }

    @Test
    void shouldReadOptionalSettings() {
        Map<String, String> env = new HashMap<>(MINIMAL);
        env.putAll(Map.of(
                EnvNames.CURATED_URI, "s3://lake/curated/",
                EnvNames.QUARANTINE_URI, "s3://lake/quarantine",
                EnvNames.SPARK_SUBMIT_ARGS, "  --conf spark.executor.memory=4g\n --num-executors 2 ",
                EnvNames.SUBMIT_CLAIM_STALE_AFTER, "PT30M"));

        SubmitConfig config = SubmitConfig.fromEnv(env);

        assertThat(config.curatedUri()).isEqualTo("s3://lake/curated");
        assertThat(config.quarantineUri()).isEqualTo("s3://lake/quarantine");
        assertThat(config.sparkSubmitArgs())
                .isEqualTo(List.of("--conf", "spark.executor.memory=4g", "--num-executors", "2"));
        assertThat(config.claimStaleAfter()).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void shouldNameEveryMissingVariable() {
        Map<String, String> env = Map.of(EnvNames.SUBMIT_CLAIM_STALE_AFTER, "20 minutes");

        assertThatThrownBy(() -> SubmitConfig.fromEnv(env))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("XLAKE_BUCKET: required but not set")
                .hasMessageContaining("XLAKE_EMR_CLUSTER_ID: required but not set")
                .hasMessageContaining("XLAKE_CONVERTER_JAR: required but not set")
                .hasMessageContaining("XLAKE_SUBMIT_CLAIM_STALE_AFTER: not an ISO-8601 duration");
    }

    @Test
    void shouldNameABadValue() {
        assertThatThrownBy(() -> SubmitConfig.fromEnv(minimalWith(EnvNames.SUBMIT_CLAIM_STALE_AFTER, "PT-1M")))
                .hasMessage("Cannot configure the submit handler: "
                        + "XLAKE_SUBMIT_CLAIM_STALE_AFTER: not a positive duration: PT-1M");
        assertThatThrownBy(
                        () -> SubmitConfig.fromEnv(minimalWith(EnvNames.CONVERTER_JAR, "artifacts/spark-convert.jar")))
                .hasMessage("Cannot configure the submit handler: "
                        + "XLAKE_CONVERTER_JAR: not an s3://.../*.jar URI: artifacts/spark-convert.jar");
    }

    @Test
    void shouldReportEveryBadValueAtOnce() {
        Map<String, String> env = minimalWith(EnvNames.EMR_CLUSTER_ID, "cluster-1");
        env.put(EnvNames.CURATED_URI, "/tmp/curated");

        assertThatThrownBy(() -> SubmitConfig.fromEnv(env))
                .hasMessage("Cannot configure the submit handler: "
                        + "XLAKE_EMR_CLUSTER_ID: not an EMR cluster id (j-...): cluster-1; "
                        + "XLAKE_CURATED_URI: not an s3:// URI: /tmp/curated");
    }

    @Test
    void shouldReplaceOnlyAClusterWhoseSpecTheStackPassed() {
        String spec = ReplacingClusterWireMockIT.SPEC.toJson();

        assertThat(SubmitConfig.fromEnv(MINIMAL).clusterSpec()).isEmpty();
        assertThat(SubmitConfig.fromEnv(minimalWith(EnvNames.EMR_CLUSTER_SPEC, spec))
                        .clusterSpec())
                .contains(ReplacingClusterWireMockIT.SPEC);
        assertThatThrownBy(() -> SubmitConfig.fromEnv(minimalWith(
                        EnvNames.EMR_CLUSTER_SPEC,
                        spec.replace("\"subnet_id\":\"subnet-0abc1234\"", "\"subnet_id\":\"\""))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("XLAKE_EMR_CLUSTER_SPEC: not a cluster spec: cluster spec lacks subnet_id");
        assertThatThrownBy(() -> SubmitConfig.fromEnv(minimalWith(EnvNames.EMR_CLUSTER_SPEC, "{")))
                .hasMessageContaining("XLAKE_EMR_CLUSTER_SPEC: not a cluster spec: ");
    }
}
