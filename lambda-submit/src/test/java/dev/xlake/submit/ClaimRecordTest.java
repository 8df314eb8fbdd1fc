package dev.xlake.submit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.xlake.core.layout.ManifestRef;
import dev.xlake.core.layout.RawKeys;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ClaimRecordTest {

    static final String RUN_ID = "20261125T201500Z-3f9a1c";
    final ObjectMapper json = new ObjectMapper();
    final ManifestRef manifest = RawKeys.parseManifest(
                    "xlake-data", "raw/x/recent-search/query=kpop/dt=2026-11-25/run=" + RUN_ID + "/_manifest.json")
            .orElseThrow();

    @Test
    void shouldReadBackWhatItWrote() {
        ClaimRecord submitted = ClaimRecord.newClaim(manifest, "token", Instant.parse("2026-11-25T20:15:05.123Z"))
                .withStep("s-1ABC", Instant.parse("2026-11-25T20:15:06Z"));

        assertThat(ClaimRecord.fromJson(json, submitted.toJson(json), RUN_ID)).isEqualTo(submitted);
    }

    @Test
    void shouldNameAMissingRequiredField() {
        byte[] noToken = ("{\"claim_version\":1,\"run_id\":\"" + RUN_ID + "\",\"manifest\":\"" + manifest.uri()
                        + "\",\"claimed_at\":\"2026-11-25T20:15:05Z\"}")
                .getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> ClaimRecord.fromJson(json, noToken, RUN_ID))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot read claim for run " + RUN_ID + ": claim_token is missing");
    }

    @Test
    void shouldRejectAnotherVersionOrNoJson() {
        assertThatThrownBy(() ->
                        ClaimRecord.fromJson(json, "{\"claim_version\":2}".getBytes(StandardCharsets.UTF_8), RUN_ID))
                .hasMessage("Cannot read claim for run " + RUN_ID + ": claim_version is not 1");
        assertThatThrownBy(() -> ClaimRecord.fromJson(json, "{\"claim_".getBytes(StandardCharsets.UTF_8), RUN_ID))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Cannot read claim for run " + RUN_ID + ": ");
    }
}
