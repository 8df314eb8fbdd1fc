package dev.xlake.convert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xlake.convert.fixtures.HadoopTable;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.Metrics;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the proofs read of a table: its live data files in the new files' partitions, with bounds. */
class LiveDataFilesTest {

    private static final Schema SCHEMA = new Schema(
            Types.NestedField.required(1, "query", Types.StringType.get()),
            Types.NestedField.required(2, "id", Types.StringType.get()),
            Types.NestedField.required(3, "fetched_at", Types.TimestampType.withZone()));

    private static final PartitionSpec BY_QUERY =
            PartitionSpec.builderFor(SCHEMA).identity("query").build();

    @TempDir
    Path folder;

    private Table table(PartitionSpec spec) {
        return HadoopTable.create(folder, SCHEMA, spec);
    }

    private static DataFile file(PartitionSpec spec, String name, String partition, long newestMicros) {
        ByteBuffer newest = Conversions.toByteBuffer(Types.TimestampType.withZone(), newestMicros);
        DataFiles.Builder builder = DataFiles.builder(spec)
                .withPath("/lake/" + name + ".parquet")
                .withFileSizeInBytes(100)
                .withRecordCount(1)
                .withMetrics(new Metrics(1L, null, null, null, null, Map.of(3, newest), Map.of(3, newest)));
        return partition == null
                ? builder.build()
                : builder.withPartitionPath(partition).build();
    }

    @Test
    void shouldVisitTheLiveFilesOfTheNewFilesPartitionsOnlyWithTheirBounds() {
        // Given files in two partitions over three commits, one of them deleted since
        Table table = table(BY_QUERY);
        DataFile deleted = file(BY_QUERY, "a1", "query=a", 10);
        table.newAppend()
                .appendFile(deleted)
                .appendFile(file(BY_QUERY, "b1", "query=b", 20))
                .commit();
        table.newAppend().appendFile(file(BY_QUERY, "a2", "query=a", 30)).commit();
        table.newDelete().deleteFile(deleted).commit();

        // When a new file of partition a is checked against them
        Seen seen = prove(table, file(BY_QUERY, "new", "query=a", 40), Long.MAX_VALUE);

        // Then only a's live file was seen, with its bound
        assertThat(seen.held()).isTrue();
        assertThat(seen.paths()).containsExactly("/lake/a2.parquet");
        assertThat(seen.upperBounds()).containsExactly(30L);
    }

    @Test
    void shouldNotHoldWhenAFileFailsTheCheck() {
        Table table = table(BY_QUERY);
        table.newAppend().appendFile(file(BY_QUERY, "a1", "query=a", 10)).commit();

        assertThat(LiveDataFiles.allHold(
                        table, List.of(file(BY_QUERY, "new", "query=a", 5)), List.of("fetched_at"), existing -> false))
                .isFalse();
    }

    @Test
    void shouldHoldForATableWithoutSnapshots() {
        Table table = table(BY_QUERY);

        assertThat(LiveDataFiles.allHold(
                        table, List.of(file(BY_QUERY, "new", "query=a", 5)), List.of("fetched_at"), existing -> false))
                .isTrue();
    }

    @Test
    void shouldProveNothingWhileFilesOfAnEarlierPartitionSpecAreLive() {
        // Given an unpartitioned table with a file, then partitioned by query
        Table table = table(PartitionSpec.unpartitioned());
        table.newAppend()
                .appendFile(file(PartitionSpec.unpartitioned(), "old", null, 10))
                .commit();
        table.updateSpec().addField("query").commit();

        // When a new file of the new spec is checked, Then the old spec's file proves nothing
        assertThat(LiveDataFiles.allHold(
                        table,
                        List.of(file(table.spec(), "new", "query=a", 40)),
                        List.of("fetched_at"),
                        existing -> true))
                .isFalse();
    }

    @Test
    void shouldReadAManifestOnceAndKeepTheBoundsAskedFor() throws java.io.IOException {
        // Given a table with a file in partition a, checked once
        Table table = table(BY_QUERY);
        table.newAppend().appendFile(file(BY_QUERY, "a1", "query=a", 10)).commit();
        List<DataFile> newFiles = List.of(file(BY_QUERY, "new", "query=a", 40));
        assertThat(LiveDataFiles.allHold(table, newFiles, List.of("fetched_at"), existing -> true))
                .isTrue();

        // When its manifests are gone from the disk (a manifest never changes once written)
        for (org.apache.iceberg.ManifestFile manifest : table.currentSnapshot().dataManifests(table.io())) {
            java.nio.file.Files.delete(Path.of(manifest.path()));
        }

        // Then the next check reads what the first one read, with the bounds of fetched_at only
        List<java.util.Set<Integer>> bounded = new ArrayList<>();
        assertThat(LiveDataFiles.allHold(table, newFiles, List.of("fetched_at"), existing -> {
                    bounded.add(existing.upperBounds().keySet());
                    return true;
                }))
                .isTrue();
        assertThat(bounded).containsExactly(java.util.Set.of(3));
    }

    @Test
    void shouldKeepNoMoreEntriesThanItsBound() {
        // Given a cache of two entries and three manifests of one entry each
        Table table = table(BY_QUERY);
        for (String name : List.of("a1", "a2", "a3")) {
            table.newFastAppend()
                    .appendFile(file(BY_QUERY, name, "query=a", 10))
                    .commit();
        }
        LiveDataFiles.EntryCache cache = new LiveDataFiles.EntryCache(2);
        List<org.apache.iceberg.ManifestFile> manifests =
                table.currentSnapshot().dataManifests(table.io());
        manifests.forEach(manifest -> cache.liveEntries(table, manifest, java.util.Set.of(3)));

        // When the first manifest read is gone, Then it is read again and fails: it was dropped
        java.nio.file.Path first = Path.of(manifests.get(0).path());
        first.toFile().delete();
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> cache.liveEntries(table, manifests.get(0), java.util.Set.of(3)))
                .hasMessageStartingWith("Cannot read manifest");
        // while the last two are kept
        manifests
                .subList(1, 3)
                .forEach(manifest -> Path.of(manifest.path()).toFile().delete());
        assertThat(cache.liveEntries(table, manifests.get(2), java.util.Set.of(3)))
                .hasSize(1);
    }

    @Test
    void shouldReadAheadWhatTheProofReadsSoThatItFiltersInMemory() throws java.io.IOException {
        // Given a table with files in two partitions, read ahead for the bounds of fetched_at
        Table table = table(BY_QUERY);
        table.newAppend()
                .appendFile(file(BY_QUERY, "a1", "query=a", 10))
                .appendFile(file(BY_QUERY, "b1", "query=b", 20))
                .commit();
        Table same = readAhead();

        // When its manifests are gone from the disk
        for (org.apache.iceberg.ManifestFile manifest : same.currentSnapshot().allManifests(same.io())) {
            java.nio.file.Files.delete(Path.of(manifest.path()));
        }

        // Then the proof, on the table read ahead, still sees a's file with its bound
        Seen seen = prove(same, file(BY_QUERY, "new", "query=a", 40), Long.MAX_VALUE);
        assertThat(seen.held()).isTrue();
        assertThat(seen.paths()).containsExactly("/lake/a1.parquet");
    }

    @Test
    void shouldProveOnTheNewSnapshotWhenTheTableMovedSinceTheReadAhead() {
        // Given a table read ahead
        Table table = table(BY_QUERY);
        table.newAppend().appendFile(file(BY_QUERY, "a1", "query=a", 10)).commit();
        Table read = readAhead();

        // When another writer commits a newer file to partition a meanwhile
        table.newAppend().appendFile(file(BY_QUERY, "a2", "query=a", 50)).commit();

        // Then the proof after a refresh (as every proof makes) checks that file too, and fails
        read.refresh();
        Seen seen = prove(read, file(BY_QUERY, "new", "query=a", 40), 40);
        assertThat(seen.held()).isFalse();
        assertThat(seen.paths()).contains("/lake/a2.parquet");
    }

    @Test
    void shouldReportWhatTheReadAheadCouldNotReadWithoutThrowing() {
        // Given a table whose manifest list is gone
        Table table = table(BY_QUERY);
        table.newAppend().appendFile(file(BY_QUERY, "a1", "query=a", 10)).commit();
        Table broken = HadoopTable.load(folder);
        Path.of(broken.currentSnapshot().manifestListLocation()).toFile().delete();

        // When it is read ahead, Then the failure is returned, not thrown
        assertThat(LiveDataFiles.readAhead(Map.of(broken, List.of("fetched_at")))
                        .await())
                .hasSize(1);
    }

    /** Another instance of the table, read ahead for the bounds of fetched_at. */
    private Table readAhead() {
        Table read = HadoopTable.load(folder);
        assertThat(LiveDataFiles.readAhead(Map.of(read, List.of("fetched_at"))).await())
                .isEmpty();
        return read;
    }

    /** What a proof of {@code newFile} saw: whether it held, each live file's path and fetched_at upper bound. */
    private record Seen(boolean held, List<String> paths, List<Long> upperBounds) {}

    /** Proves {@code newFile} on {@code table}'s fetched_at bounds, holding where a live file's bound is below {@code holdsBelow}. */
    private static Seen prove(Table table, DataFile newFile, long holdsBelow) {
        List<String> paths = new ArrayList<>();
        List<Long> upperBounds = new ArrayList<>();
        boolean held = LiveDataFiles.allHold(table, List.of(newFile), List.of("fetched_at"), existing -> {
            paths.add(existing.location());
            long upper = Conversions.fromByteBuffer(
                    Types.TimestampType.withZone(), existing.upperBounds().get(3));
            upperBounds.add(upper);
            return upper < holdsBelow;
        });
        return new Seen(held, paths, upperBounds);
    }
}
