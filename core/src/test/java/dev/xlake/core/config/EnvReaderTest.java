package dev.xlake.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvReaderTest {

    @Test
    void shouldReportEveryProblemAtOnce() {
        EnvReader env = new EnvReader("the thing", Map.of("XLAKE_SIZE", "0", "XLAKE_WAIT", "soon"));

        env.required("XLAKE_NAME");
        env.intInRange("XLAKE_SIZE", 5, 1, 9);
        env.duration("XLAKE_WAIT", Duration.ofMinutes(1));

        assertThat(env.hasProblems()).isTrue();
        assertThatThrownBy(env::throwIfAny)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot configure the thing: XLAKE_NAME: required but not set; "
                        + "XLAKE_SIZE: must be 1-9, got 0; "
                        + "XLAKE_WAIT: not an ISO-8601 duration (e.g. PT20M): soon");
    }

    @Test
    void shouldTrimValuesAndTreatBlankAsUnset() {
        EnvReader env = new EnvReader("c", Map.of("A", "  a ", "B", "   "));

        assertThat(env.required("A")).isEqualTo("a");
        assertThat(env.optional("B")).isNull();
        assertThat(env.hasProblems()).isFalse();
        env.throwIfAny();
    }

    @Test
    void shouldReadIntegersInRangeAndDefaultWhenUnset() {
        EnvReader env = new EnvReader("c", Map.of("LOW", "1", "HIGH", "9", "ABOVE", "10", "WORD", "ten"));

        assertThat(env.intInRange("LOW", 5, 1, 9)).isEqualTo(1);
        assertThat(env.intInRange("HIGH", 5, 1, 9)).isEqualTo(9);
        assertThat(env.intInRange("UNSET", 5, 1, 9)).isEqualTo(5);
        env.intInRange("ABOVE", 5, 1, 9);
        env.intInRange("WORD", 5, 1, 9);

        assertThatThrownBy(env::throwIfAny)
                .hasMessage("Cannot configure c: ABOVE: must be 1-9, got 10; WORD: must be an integer, got 'ten'");
    }

    @Test
    void shouldReadDurationsAndDefaultWhenUnset() {
        EnvReader env = new EnvReader("c", Map.of("WAIT", "PT30M"));

        assertThat(env.duration("WAIT", Duration.ofMinutes(20))).isEqualTo(Duration.ofMinutes(30));
        assertThat(env.duration("UNSET", Duration.ofMinutes(20))).isEqualTo(Duration.ofMinutes(20));
        assertThat(env.hasProblems()).isFalse();
    }

    @Test
    void shouldRecordAParserRefusalAndFailedChecks() {
        EnvReader env = new EnvReader("c", Map.of("COLOUR", "mauve"));

        String colour = env.parse("COLOUR", "red", text -> {
            throw new IllegalArgumentException("not a colour: " + text);
        });
        env.check(true, "FINE", "never reported");
        env.check(false, "SIZE", "too large");

        assertThat(colour).isEqualTo("red");
        assertThatThrownBy(env::throwIfAny)
                .hasMessage("Cannot configure c: COLOUR: not a colour: mauve; SIZE: too large");
    }
}
