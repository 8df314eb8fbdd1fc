package dev.xlake.cli.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class LocalFaultsTest {

    @Test
    void shouldSplitLocalFaultsFromTheEmulatorOnes() {
        LocalFaults faults = LocalFaults.parse(" 503x2, kill-fetch=3 ,429=30s,DUP-EVENTS,truncated ");

        assertThat(faults.emulatorSpec()).isEqualTo("503x2,429=30s,truncated");
        assertThat(faults.killFetchAfterPages()).isEqualTo(OptionalInt.of(3));
        assertThat(faults.duplicateEvents()).isTrue();
        assertThat(faults.emulatorPlan().pending()).isEqualTo(4);
        assertThat(faults.describe()).isEqualTo("503x2,429=30s,truncated,kill-fetch=3,dup-events");
    }

    @Test
    void shouldParseTheTickWhoseConversionFails() {
        LocalFaults faults = LocalFaults.parse("fail-convert=2");

        assertThat(faults.failConvertOnTick()).isEqualTo(OptionalInt.of(2));
        assertThat(faults.any()).isTrue();
        assertThat(faults.describe()).isEqualTo("fail-convert=2");
        assertThatThrownBy(() -> LocalFaults.parse("fail-convert=0"))
                .hasMessage("Cannot parse fault 'fail-convert=0': expected fail-convert=N with N >= 1");
    }

    @Test
    void shouldMeanNoFaultsWhenBlank() {
        assertThat(LocalFaults.parse(null).any()).isFalse();
        assertThat(LocalFaults.parse("  ").any()).isFalse();
        assertThat(LocalFaults.parse("dup-events").any()).isTrue();
    }
}
