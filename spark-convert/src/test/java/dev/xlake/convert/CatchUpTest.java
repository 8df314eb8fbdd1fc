package dev.xlake.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatchUpTest {

    @TempDir
    Path bucket;

    private final CatchUp catchUp = new CatchUp(new Configuration());

    private Path raw() {
        return bucket.resolve("raw/x/recent-search");
    }

    private void run(String query, String day, String runId, boolean withManifest) throws IOException {
        Path folder = raw().resolve("query=" + query + "/dt=" + day + "/run=" + runId);
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("page-00001.json.gz"), "{}");
        if (withManifest) {
            Files.writeString(folder.resolve("_manifest.json"), "{}");
        }
    }

    private List<String> found(int days, Set<String> skipped) {
        return catchUp
                .uncommittedManifests(new org.apache.hadoop.fs.Path(raw().toUri()), days, skipped::contains)
                .stream()
                .map(manifest -> manifest.getParent().getName())
                .toList();
    }

    @Test
    void shouldFindTheManifestsOfRecentRunsNotSkippedOldestFirst() throws IOException {
        // Given runs of two queries over five days, one committed, one without its manifest yet
        run("kpop", "2026-12-05", "20261205T090000Z-000003", true);
        run("crypto", "2026-12-04", "20261204T230000Z-000002", true);
        run("kpop", "2026-12-03", "20261203T000000Z-000001", true);
        run("kpop", "2026-12-02", "20261202T235959Z-000009", true); // before the 3-day window
        run("kpop", "2026-12-05", "20261205T094500Z-000004", false); // still fetching
        run("crypto", "2026-12-05", "20261205T091500Z-000005", true);

        // When looking back 2 days, with one run committed
        List<String> runs = found(2, Set.of("20261205T091500Z-000005"));

        // Then the uncommitted ones with manifests from 2026-12-03 on, oldest run first
        assertThat(runs)
                .containsExactly(
                        "run=20261203T000000Z-000001", "run=20261204T230000Z-000002", "run=20261205T090000Z-000003");
    }

    @Test
    void shouldCountTheDaysBackFromTheNewestDayFetchedWhateverTheClock() throws IOException {
        // Given runs fetched on the emulator's clock, long ago, a quiet query's last run 2 days before
        run("kpop", "2020-01-10", "20200110T010000Z-00000a", true);
        run("crypto", "2020-01-08", "20200108T010000Z-00000b", true);
        run("crypto", "2020-01-07", "20200107T230000Z-00000c", true);

        assertThat(found(2, Set.of())).containsExactly("run=20200108T010000Z-00000b", "run=20200110T010000Z-00000a");
    }

    @Test
    void shouldFindNothingInABucketWithoutRawPages() {
        assertThat(found(3, Set.of())).isEmpty();
    }

    @Test
    void shouldLookForRawPagesBesideTheOutput() {
        assertThat(CatchUp.rawRoot("s3://lake/curated").toString()).isEqualTo("s3://lake/raw/x/recent-search");
        assertThat(CatchUp.rawRoots("s3://lake/curated"))
                .extracting(Object::toString)
                .containsExactly("s3://lake/raw/x/recent-search", "s3://lake/raw/x/full-archive");
        assertThatThrownBy(() -> CatchUp.rawRoot("/")).hasMessageContaining("Cannot catch up");
    }
}
