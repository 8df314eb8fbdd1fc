package dev.xlake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DurationConverterTest {

    @ParameterizedTest
    @CsvSource({"500ms, PT0.5S", "90s, PT1M30S", "15m, PT15M", "2h, PT2H", "1d, PT24H", "PT15M, PT15M", "pt1h, PT1H"})
    void shouldAcceptShortAndIsoForms(String input, String expected) {
        assertThat(new DurationConverter().convert(input)).isEqualTo(Duration.parse(expected));
    }
}
