package dev.xlake.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class MaintainOptionsTest {

    @Test
    void shouldParseTheStepArgumentsTheSubmitFunctionSends() {
        MaintainOptions options = MaintainOptions.parse(
                new String[] {"--output", "s3://xlake-data/curated", "--catalog", "glue", "--older-than-days", "7"});

        assertThat(options.output()).isEqualTo("s3://xlake-data/curated");
        assertThat(options.catalog()).isEqualTo("glue");
        assertThat(options.olderThan()).isEqualTo(Duration.ofDays(7));
        assertThat(options.s3Endpoint()).isNull();
    }

    @Test
    void shouldDefaultToTheSevenDayTimeTravelWindow() {
        MaintainOptions options =
                MaintainOptions.parse(new String[] {"--output", "s3://b/curated", "--catalog", "glue"});

        assertThat(options.olderThan()).isEqualTo(LakeMaintenance.DEFAULT_SNAPSHOT_AGE);
    }

    @Test
    void shouldRejectBadArgumentsWithTheUsage() {
        assertThatThrownBy(() -> MaintainOptions.parse(new String[] {"--catalog", "glue"}))
                .hasMessageStartingWith("Cannot maintain: --output is required")
                .hasMessageContaining(MaintainOptions.USAGE);
        assertThatThrownBy(() -> MaintainOptions.parse(
                        new String[] {"--output", "s3://b/curated", "--catalog", "glue", "--older-than-days", "0"}))
                .hasMessageContaining("--older-than-days must be 1 or more, not 0");
        assertThatThrownBy(() -> MaintainOptions.parse(
                        new String[] {"--output", "s3://b/curated", "--catalog", "glue", "--older-than-days", "7d"}))
                .hasMessageContaining("whole number of days, not 7d");
        assertThatThrownBy(() -> MaintainOptions.parse(
                        new String[] {"--output", "s3://b/curated", "--catalog", "glue", "--manifest", "x"}))
                .hasMessageContaining("unknown option --manifest");
        assertThatThrownBy(
                        () -> MaintainOptions.parse(new String[] {"--output", "s3://b/curated", "--catalog", "hive"}))
                .hasMessageContaining("hive");
    }
}
