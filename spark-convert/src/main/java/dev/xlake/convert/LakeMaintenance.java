package dev.xlake.convert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.Table;
import org.apache.iceberg.actions.DeleteOrphanFiles;
import org.apache.iceberg.actions.RewriteDataFiles;
import org.apache.iceberg.spark.actions.SparkActions;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the lake's tables cheap to read and to store ({@code xlake maintain}). For each table:
 *
 * <ol>
 *   <li>compacts: every partition with two or more small data files, or with a data file that
 *       delete files point at, is rewritten into as few files as its size needs (Iceberg's
 *       bin-pack rewrite; the MERGEs' position deletes are applied and then dropped as dangling);
 *   <li>expires snapshots older than {@code snapshotAge} (default 7 days, the time-travel window;
 *       the current snapshot is never expired) and deletes the files only they referenced;
 *   <li>deletes orphan files older than {@value #ORPHAN_DAYS} days: files under the table that no
 *       snapshot references, left by conversions that died before their commit. In-flight
 *       conversions' files are minutes old, far younger than that.
 * </ol>
 *
 * <p>Each step is its own Iceberg commit, validated like any other: a conversion committing
 * meanwhile makes the compaction of that partition fail cleanly (nothing lost, nothing twice) or
 * itself re-plans ({@link IcebergCommit}). The run ledger lives in snapshot summaries, so it
 * covers the snapshots kept: a run older than the window converted again is no longer skipped,
 * and its rows are deduplicated by the MERGE instead.
 */
public final class LakeMaintenance {

    private static final Logger LOG = LoggerFactory.getLogger(LakeMaintenance.class);
    public static final Duration DEFAULT_SNAPSHOT_AGE = Duration.ofDays(7);
    static final int ORPHAN_DAYS = 3;
    public static final Duration ORPHAN_AGE = Duration.ofDays(ORPHAN_DAYS);

    /** What maintenance did to one table, and where its current metadata file is. */
    public record TableReport(
            String table,
            long dataFilesBefore,
            long dataFilesAfter,
            long deleteFilesBefore,
            long deleteFilesAfter,
            int snapshotsBefore,
            int snapshotsAfter,
            int orphanFilesRemoved,
            String metadataLocation) {}

    /** What one maintenance run did, printed as one JSON line. */
    public record Summary(List<TableReport> tables, double seconds) {

        private static final ObjectMapper JSON = new ObjectMapper();

        public String toJson() {
            Map<String, Object> fields = new LinkedHashMap<>();
            for (TableReport table : tables) {
                Map<String, Object> one = new LinkedHashMap<>();
                one.put("data_files", List.of(table.dataFilesBefore(), table.dataFilesAfter()));
                one.put("delete_files", List.of(table.deleteFilesBefore(), table.deleteFilesAfter()));
                one.put("snapshots", List.of(table.snapshotsBefore(), table.snapshotsAfter()));
                one.put("orphan_files_removed", table.orphanFilesRemoved());
                one.put("metadata_location", table.metadataLocation());
                fields.put(table.table(), one);
            }
            fields.put("seconds", Math.round(seconds * 1000) / 1000.0);
            try {
                return JSON.writeValueAsString(fields);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("Cannot serialise summary: " + e.getOriginalMessage(), e);
            }
        }
    }

    private LakeMaintenance() {}

    /**
     * Maintains every table of the lake in {@code catalog} whose warehouse is {@code warehouse}.
     *
     * @param snapshotAge snapshots older than this (before {@code now}) are expired; positive
     * @param now         the clock's reading: the ages count back from it
     */
    public static Summary run(
            SparkSession spark,
            String catalog,
            String warehouse,
            String s3Endpoint,
            Duration snapshotAge,
            Instant now) {
        if (snapshotAge.isNegative() || snapshotAge.isZero()) {
            throw new IllegalArgumentException(
                    "Cannot maintain the lake: --older-than must be positive, not " + snapshotAge);
        }
        long started = System.nanoTime();
        if (s3Endpoint != null) {
            S3aSettings.pointAt(spark.sparkContext().hadoopConfiguration(), s3Endpoint);
        }
        IcebergLake lake = IcebergLake.open(spark, catalog, warehouse);
        List<TableReport> reports = new ArrayList<>();
        List<Table> tables = new ArrayList<>(List.of(lake.tweets()));
        KeyedTable.ALL.forEach(keyed -> tables.add(lake.table(keyed)));
        for (Table table : tables) {
            reports.add(maintain(spark, table, now.minus(snapshotAge), now.minus(ORPHAN_AGE)));
        }
        return new Summary(reports, Converter.secondsSince(started));
    }

    private static TableReport maintain(SparkSession spark, Table table, Instant expireBefore, Instant orphansBefore) {
        SparkActions actions = SparkActions.get(spark);
        table.refresh();
        long dataBefore = total(table, SnapshotSummary.TOTAL_DATA_FILES_PROP);
        long deletesBefore = total(table, SnapshotSummary.TOTAL_DELETE_FILES_PROP);
        int snapshotsBefore = snapshotCount(table);
        if (table.currentSnapshot() != null) {
            RewriteDataFiles.Result compacted = actions.rewriteDataFiles(table)
                    // a partition's files are rewritten from two small ones on (Iceberg's default is 5:
                    // a tick adds one or two files per partition, and readers pay per file)
                    .option("min-input-files", "2")
                    // a data file with any delete file is rewritten, so no MERGE's deletes stay to be
                    // applied at read time
                    .option("delete-file-threshold", "1")
                    // the position deletes whose data files were rewritten point at nothing any more
                    .option(RewriteDataFiles.REMOVE_DANGLING_DELETES, "true")
                    .execute();
            LOG.info(
                    "{}: compacted {} data files into {}, {} delete files removed",
                    table.name(),
                    compacted.rewrittenDataFilesCount(),
                    compacted.addedDataFilesCount(),
                    compacted.removedDeleteFilesCount());
            actions.expireSnapshots(table)
                    .expireOlderThan(expireBefore.toEpochMilli())
                    .retainLast(1)
                    .execute();
        }
        DeleteOrphanFiles.Result orphans = actions.deleteOrphanFiles(table)
                .olderThan(orphansBefore.toEpochMilli())
                .execute();
        int orphanCount = 0;
        for (String location : orphans.orphanFileLocations()) {
            orphanCount++;
            LOG.debug("{}: deleted orphan file {}", table.name(), location);
        }
        table.refresh();
        TableReport report = new TableReport(
                table.name(),
                dataBefore,
                total(table, SnapshotSummary.TOTAL_DATA_FILES_PROP),
                deletesBefore,
                total(table, SnapshotSummary.TOTAL_DELETE_FILES_PROP),
                snapshotsBefore,
                snapshotCount(table),
                orphanCount,
                metadataLocation(table));
        LOG.info("{}: {}", table.name(), report);
        return report;
    }

    /** The table's current metadata file: what DuckDB's {@code iceberg_scan} reads. */
    public static String metadataLocation(Table table) {
        return ((HasTableOperations) table).operations().current().metadataFileLocation();
    }

    private static long total(Table table, String property) {
        Snapshot current = table.currentSnapshot();
        return current == null ? 0 : Long.parseLong(current.summary().getOrDefault(property, "0"));
    }

    private static int snapshotCount(Table table) {
        int count = 0;
        for (Snapshot ignored : table.snapshots()) {
            count++;
        }
        return count;
    }
}
