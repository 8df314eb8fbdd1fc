package dev.xlake.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StepArgsTest {

    private static final Set<String> OPTIONS = Set.of("--output", "--days");

    @Test
    void shouldMapEachKnownOptionToItsValue() {
        assertThat(StepArgs.pairs(new String[] {"--output", "s3://b/curated", "--days", "3"}, OPTIONS, "usage: X"))
                .isEqualTo(Map.of("--output", "s3://b/curated", "--days", "3"));
    }

    @Test
    void shouldNameTheOptionWithoutValueAndTheUnknownOne() {
        assertThatThrownBy(() -> StepArgs.pairs(new String[] {"--output", "o", "--days"}, OPTIONS, "usage: X"))
                .hasMessage("Cannot parse arguments: --days needs a value; usage: X");
        assertThatThrownBy(() -> StepArgs.pairs(new String[] {"--outptu", "o"}, OPTIONS, "usage: X"))
                .hasMessage("Cannot parse arguments: unknown option --outptu; usage: X");
    }

    @ParameterizedTest
    @CsvSource({"7d", "1.5", "''", "2147483648"})
    void shouldRefuseWhatIsNoWholeIntNamingTheOptionAndTheValue(String value) {
        assertThatThrownBy(() -> StepArgs.wholeInt("--days", value, " of days", "usage: X"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot parse arguments: --days needs a whole number of days, not " + value + "; usage: X");
    }

    @Test
    void shouldReadWholeNumbersBeyondTheIntRangeAsLongs() {
        assertThat(StepArgs.wholeNumber("--days", "2147483648", "", "usage: X")).isEqualTo(2_147_483_648L);
        assertThat(StepArgs.wholeInt("--days", "-1", "", "usage: X")).isEqualTo(-1);
    }
}
