package dev.xlake.core.layout;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RawKeysTest {

    @Test
    void shouldTakeRunIdAndQueryFromAManifestKey() {
        String key = "raw/x/recent-search/query=kpop-en/dt=2026-11-25/run=20261125T201500Z-3f9a1c/_manifest.json";

        assertThat(RawKeys.parseManifest("b", key))
                .contains(new ManifestRef("b", key, "20261125T201500Z-3f9a1c", "kpop-en"));
        assertThat(RawKeys.parseManifest("b", key).orElseThrow().uri()).isEqualTo("s3://b/" + key);
    }

    @Test
    void shouldLayOutFullArchivePagesLikeRecentSearchUnderTheirOwnPrefix() {
        String run = "20261125T201500Z-3f9a1c";

        assertThat(RawKeys.page(RawKeys.Source.FULL_ARCHIVE, "kpop", run, 3))
                .isEqualTo("raw/x/full-archive/query=kpop/dt=2026-11-25/run=" + run + "/page-00003.json.gz");
        String manifest = RawKeys.manifest(RawKeys.Source.FULL_ARCHIVE, "kpop", run);
        assertThat(RawKeys.parseManifest("b", manifest)).contains(new ManifestRef("b", manifest, run, "kpop"));
        assertThat(RawKeys.backfill("kpop")).isEqualTo("state/x/full-archive/query=kpop/backfill.json");
        assertThat(RawKeys.manifest("kpop", run))
                .isEqualTo(RawKeys.manifest(RawKeys.Source.RECENT_SEARCH, "kpop", run));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "raw/x/recent-search/query=kpop/dt=2026-11-25/run=20261125T201500Z-3f9a1c/page-00001.json.gz",
                "raw/x/recent-search/query=kpop/dt=2026-11-25/run=20261125T201500Z-3f9a1c/_manifest.json.tmp",
                "raw/x/recent-search/query=kpop/dt=2026-11-25/run=20261125T201500Z-3F9A1C/_manifest.json",
                "raw/x/recent-search/query=KPOP/dt=2026-11-25/run=20261125T201500Z-3f9a1c/_manifest.json",
                "raw/x/recent-search/query=kpop/run=20261125T201500Z-3f9a1c/_manifest.json",
                "state/x/recent-search/query=kpop/checkpoint.json",
                "raw/x/full-archives/query=kpop/dt=2026-11-25/run=20261125T201500Z-3f9a1c/_manifest.json",
                "raw/x/other/query=kpop/dt=2026-11-25/run=20261125T201500Z-3f9a1c/_manifest.json",
                "curated/tweets/query=kpop/dt=2026-11-25/_manifest.json",
                "x/raw/x/recent-search/query=kpop/dt=2026-11-25/run=20261125T201500Z-3f9a1c/_manifest.json"
            })
    void shouldNotTakeOtherKeysForManifests(String key) {
        assertThat(RawKeys.parseManifest("b", key)).isEmpty();
    }
}
