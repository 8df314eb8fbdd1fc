package dev.xlake.convert;

import static dev.xlake.convert.fixtures.LakeAssertions.assertSameRows;
import static dev.xlake.convert.fixtures.LakeFolder.catalog;
import static dev.xlake.convert.fixtures.LakeFolder.readBack;
import static dev.xlake.convert.fixtures.LakeFolder.warehouse;
import static dev.xlake.convert.fixtures.LocalRuns.T1;
import static dev.xlake.convert.fixtures.OrphanFiles.orphan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.xlake.convert.fixtures.ExpectedRows;
import dev.xlake.convert.fixtures.IcebergGenericLake;
import dev.xlake.convert.fixtures.LakeInTempDir;
import dev.xlake.convert.fixtures.PageGenerator;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code xlake maintain}'s work on a local warehouse, read back by Iceberg's generic reader. */
class LakeMaintenanceIT extends LakeInTempDir {

    LakeMaintenanceIT() {
        super(Reading.FILES, new PageGenerator(5, 200));
    }

    private LakeMaintenance.Summary maintain(Duration snapshotAge, Instant now) {
        return LakeMaintenance.run(spark(), catalog(bucket), warehouse(bucket), null, snapshotAge, now);
    }

    @Test
    void shouldCompactApplyDeletesExpireOldSnapshotsAndRemoveOldOrphansKeepingTheRows() throws IOException {
        // Given four conversions into one day: a run, a later overlapping run (tweets merged:
        // position deletes; users upserted: equality deletes), the next tick (appended), an older
        // run converted late, and two files no snapshot knows, 4 and 1 days old
        ExpectedRows expected = new ExpectedRows();
        List<String> ids = convertTicksWithDeletes(expected, 150, 450, 1000, 200);
        // and, last, an older run converted late: its users are merged (position deletes in the
        // current snapshot)
        convert(runs.run("kpop", "20261125T200000Z-dddddd", T1.minusSeconds(900), ids.subList(0, 50), 0, expected));
        Path data = bucket.resolve("curated/xlake/tweets/data");
        assertThat(data).isDirectory();
        Instant now = Instant.now();
        Path oldOrphan = orphan(data.resolve("orphan-old.parquet"), now.minus(Duration.ofDays(4)));
        Path newOrphan = orphan(data.resolve("orphan-new.parquet"), now.minus(Duration.ofDays(1)));
        Map<String, ObjectNode> tweetsBefore;
        Map<String, ObjectNode> usersBefore;
        try (IcebergGenericLake lake = readBack(bucket)) {
            tweetsBefore = lake.tweets();
            usersBefore = lake.users();
        }
        assertSameRows(tweetsBefore, expected.tweets());

        // When the lake is maintained with the default window
        LakeMaintenance.Summary summary = maintain(LakeMaintenance.DEFAULT_SNAPSHOT_AGE, now);

        // Then the rows are the same, in fewer data files with no delete files, every snapshot is
        // kept (all are recent), and only the orphan older than 3 days is gone
        LakeMaintenance.TableReport tweets = summary.tables().get(0);
        assertThat(tweets.table()).endsWith("tweets");
        assertThat(tweets.deleteFilesBefore()).isPositive();
        assertThat(tweets.deleteFilesAfter()).isZero();
        assertThat(tweets.dataFilesAfter()).isLessThan(tweets.dataFilesBefore());
        assertThat(tweets.snapshotsAfter()).isEqualTo(tweets.snapshotsBefore() + 1); // the compaction's
        assertThat(tweets.orphanFilesRemoved()).isEqualTo(1);
        assertThat(oldOrphan).doesNotExist();
        assertThat(newOrphan).exists();
        assertThat(tweets.metadataLocation()).endsWith(".metadata.json");
        LakeMaintenance.TableReport users = summary.tables().get(1);
        assertThat(users.table()).endsWith("users");
        assertThat(users.deleteFilesBefore()).isPositive();
        assertThat(users.deleteFilesAfter()).isZero();
        try (IcebergGenericLake lake = readBack(bucket)) {
            assertSameRows(lake.tweets(), tweetsBefore);
            assertSameRows(lake.users(), usersBefore);
        }

        // When it is maintained again with a window all snapshots are older than
        Instant later = Instant.now().plusSeconds(2);
        LakeMaintenance.Summary expired = maintain(Duration.ofSeconds(1), later);

        // Then only the current snapshot is left, and the rows are still the same
        for (LakeMaintenance.TableReport table : expired.tables()) {
            assertThat(table.snapshotsAfter()).as(table.table()).isEqualTo(Math.min(1, table.snapshotsBefore()));
        }
        try (IcebergGenericLake lake = readBack(bucket)) {
            assertThat(lake.snapshots("tweets")).hasSize(1);
            assertSameRows(lake.tweets(), tweetsBefore);
            assertSameRows(lake.users(), usersBefore);
        }
        assertThat(newOrphan).exists();
        assertThat(expired.toJson()).contains("\"orphan_files_removed\":0", "\"snapshots\":[");
    }

    @Test
    void shouldRefuseANonPositiveWindow() {
        assertThatThrownBy(() -> maintain(Duration.ZERO, Instant.now()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--older-than must be positive");
    }
}
