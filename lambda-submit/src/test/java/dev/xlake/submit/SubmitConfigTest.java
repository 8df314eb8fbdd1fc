package dev.xlake.submit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SubmitConfigTest {

    static Map<String, String> minimalEnv() {
        Map<String, String> env = new HashMap<>();
        env.put(SubmitConfig.BUCKET, "xlake-data");
        env.put(SubmitConfig.EMR_CLUSTER_ID, "j-2AXXXXXXGAPLF");
        env.put(SubmitConfig.CONVERTER_JAR, "s3://xlake-data/artifacts/spark-convert-0.1.0.jar");
        return env;
    }

    @Test
    void shouldDefaultTargetsToTheBucket() {
        SubmitConfig config = SubmitConfig.fromEnv(minimalEnv());

        assertThat(config.curatedUri()).isEqualTo("s3://xlake-data/curated");
        assertThat(config.quarantineUri()).isEqualTo("s3://xlake-data/quarantine/convert");
        assertThat(config.sparkSubmitArgs()).isEmpty();
        assertThat(config.claimStaleAfter()).isEqualTo(Duration.ofMinutes(20));
    }

    @Test
    void shouldReadOptionalSettings() {
        Map<String, String> env = minimalEnv();
        env.put(SubmitConfig.CURATED_URI, "s3://lake/curated/");
        env.put(SubmitConfig.QUARANTINE_URI, "s3://lake/quarantine");
        env.put(SubmitConfig.SPARK_SUBMIT_ARGS, "  --conf spark.executor.memory=4g\n --num-executors 2 ");
        env.put(SubmitConfig.CLAIM_STALE_AFTER, "PT30M");

        SubmitConfig config = SubmitConfig.fromEnv(env);

        assertThat(config.curatedUri()).isEqualTo("s3://lake/curated");
        assertThat(config.quarantineUri()).isEqualTo("s3://lake/quarantine");
        assertThat(config.sparkSubmitArgs())
                .isEqualTo(List.of("--conf", "spark.executor.memory=4g", "--num-executors", "2"));
        assertThat(config.claimStaleAfter()).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void shouldNameEveryMissingVariable() {
        Map<String, String> env = Map.of(SubmitConfig.CLAIM_STALE_AFTER, "20 minutes");

        assertThatThrownBy(() -> SubmitConfig.fromEnv(env))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("XLAKE_BUCKET is not set")
                .hasMessageContaining("XLAKE_EMR_CLUSTER_ID is not set")
                .hasMessageContaining("XLAKE_CONVERTER_JAR is not set")
                .hasMessageContaining("XLAKE_SUBMIT_CLAIM_STALE_AFTER is not an ISO-8601 duration");
    }

    @Test
    void shouldRefuseAStaleLimitThatIsNotPositive() {
        Map<String, String> env = minimalEnv();
        env.put(SubmitConfig.CLAIM_STALE_AFTER, "PT-1M");

        assertThatThrownBy(() -> SubmitConfig.fromEnv(env))
                .hasMessage(
                        "Cannot configure the submit handler: XLAKE_SUBMIT_CLAIM_STALE_AFTER is not a positive duration: PT-1M");
    }

    @Test
    void shouldNameABadValue() {
        Map<String, String> env = minimalEnv();
        env.put(SubmitConfig.CONVERTER_JAR, "artifacts/spark-convert.jar");

        assertThatThrownBy(() -> SubmitConfig.fromEnv(env))
                .hasMessage("Cannot configure the submit handler: XLAKE_CONVERTER_JAR is not an s3://.../*.jar URI:"
                        + " artifacts/spark-convert.jar");
    }
}
