package dev.xlake.convert;

import static dev.xlake.convert.fixtures.LocalRuns.RUN_A;
import static dev.xlake.convert.fixtures.LocalRuns.RUN_B;
import static dev.xlake.convert.fixtures.LocalRuns.T1;
import static dev.xlake.convert.fixtures.LocalRuns.T2;
import static org.assertj.core.api.Assertions.assertThat;

import dev.xlake.convert.fixtures.ExpectedRows;
import dev.xlake.convert.fixtures.LakeFolder;
import dev.xlake.convert.fixtures.LakeInTempDir;
import dev.xlake.convert.fixtures.LakeInTempDir.WithRetriedTasks;
import dev.xlake.convert.fixtures.PageGenerator;
import dev.xlake.convert.fixtures.RawRunWriter;
import dev.xlake.core.layout.RawKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Backfill pages are pages like any others: a run under {@code raw/x/full-archive/} (the layout
 * {@link RawKeys} gives backfills) is merged with recent-search runs, one row per (query, id).
 * Catch-up looks in both raw folders ({@code CatchUpTest}).
 */
@WithRetriedTasks
class FullArchiveConvertIT extends LakeInTempDir {

    FullArchiveConvertIT() {
        super(Reading.FILES, new PageGenerator(11, 500));
    }

    /** Moves a run written in the recent-search layout to where a backfill stores it; @return its manifest. */
    private Path moveToFullArchive(String runId) throws IOException {
        String folder = RawRunWriter.runFolderKey("kpop", runId, T2);
        Path from = bucket.resolve(folder);
        Path to = bucket.resolve(folder.replace(RawKeys.RAW_PREFIX, RawKeys.FULL_ARCHIVE_RAW_PREFIX));
        Files.createDirectories(to.getParent());
        Files.move(from, to);
        Path manifest = to.resolve(RawKeys.MANIFEST_NAME);
        Files.writeString(
                manifest, Files.readString(manifest).replace(RawKeys.RAW_PREFIX, RawKeys.FULL_ARCHIVE_RAW_PREFIX));
        // Hadoop's local file system keeps a checksum beside each file it wrote
        Files.deleteIfExists(to.resolve("." + RawKeys.MANIFEST_NAME + ".crc"));
        return manifest;
    }

    @Test
    void shouldMergeABackfillRunWithARecentSearchRunIntoOneRowPerTweet() throws IOException {
        // Given a recent-search run of 200 tweets and a later backfill run of 200, 100 of them the same
        ExpectedRows expected = new ExpectedRows();
        List<String> ids = PageGenerator.idsBackFrom(T1, 300, 600_000);
        org.apache.hadoop.fs.Path recent = runs.run("kpop", RUN_A, T1, ids.subList(0, 200), 0, expected);
        runs.run("kpop", RUN_B, T2, ids.subList(100, 300), 1000, expected);
        Path backfill = moveToFullArchive(RUN_B);

        // When converting both manifests
        ConvertSummary summary = LakeFolder.convert(
                spark(),
                bucket,
                List.of("file:" + backfill, "file:" + recent.toUri().getPath()));

        // Then each tweet is there once (the later fetch's copy), and the backfill run is in the ledger
        assertThat(lake.tweets()).hasSize(300);
        assertThat(lake.tweets().keySet()).isEqualTo(expected.tweets().keySet());
        String overlap = ids.get(150);
        assertThat(lake.tweets().get("kpop/" + overlap).path("like_count").asLong())
                .isEqualTo(generator.likeCount(overlap, 1000));
        assertThat(summary.duplicatesDropped()).isEqualTo(100);
        assertThat(lake.snapshots("tweets"))
                .singleElement()
                .satisfies(s -> assertThat(s.summary()).containsEntry("xlake.runs", RUN_A + "," + RUN_B));
    }
}
