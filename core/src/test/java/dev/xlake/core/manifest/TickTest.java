package dev.xlake.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.xlake.core.layout.RawKeys;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TickTest {

    static final String TICK_ID = "20261125T201500Z-0a1b2c";
    static final List<String> MANIFESTS = List.of(
            RawKeys.manifest("kpop", "20261125T201500Z-3f9a1c"), RawKeys.manifest("news", "20261125T201502Z-77aa00"));

    @Test
    void shouldReadWhatItWrites() {
        Tick tick = new Tick(TICK_ID, "2026-11-25T20:15:09Z", MANIFESTS);

        Tick read = Tick.read(tick.toJson(), "test");

        assertThat(read).isEqualTo(tick);
        assertThat(new String(tick.toJson(), StandardCharsets.UTF_8))
                .contains("\"tick_version\" : 1", "\"tick_id\" : \"" + TICK_ID + "\"");
    }

    @Test
    void shouldKeyTicksByDateAndParseOnlyTickKeys() {
        String key = RawKeys.tick(TICK_ID);

        assertThat(key).isEqualTo("raw/x/ticks/dt=2026-11-25/tick=" + TICK_ID + ".json");
        assertThat(RawKeys.parseTick(key)).contains(TICK_ID);
        assertThat(RawKeys.parseTick(MANIFESTS.get(0))).isEmpty();
        assertThat(RawKeys.parseTick(key + ".tmp")).isEmpty();
        assertThat(RawKeys.tickClaim(TICK_ID)).isEqualTo("state/submit/tick=" + TICK_ID + ".json");
    }

    @Test
    void shouldRefuseATickWithoutManifestsOrWithOtherKeys() {
        assertThatThrownBy(() -> new Tick(TICK_ID, null, List.of())).hasMessageContaining("lists no manifest");
        assertThatThrownBy(() -> new Tick(TICK_ID, null, List.of("raw/x/other.json")))
                .hasMessageContaining("'raw/x/other.json' is not a run manifest key");
        assertThatThrownBy(() -> Tick.read(
                        "{\"tick_version\":2,\"tick_id\":\"x\"}".getBytes(StandardCharsets.UTF_8), "s3://b/k"))
                .hasMessage("Cannot read tick s3://b/k: tick_version is 2, not 1");
        assertThatThrownBy(() -> Tick.read("not json".getBytes(StandardCharsets.UTF_8), "s3://b/k"))
                .hasMessageStartingWith("Cannot parse tick s3://b/k");
    }
}
