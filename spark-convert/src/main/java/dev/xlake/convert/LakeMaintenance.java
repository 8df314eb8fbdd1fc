package dev.xlake.convert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
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
 *       bin-pack rewrite; the MERGEs' position deletes and the upserts' equality deletes are
 *       applied, then the delete files that apply to no data file any more are dropped, see
 *       {@link DanglingDeletes});
 *   <li>expires snapshots older than {@code snapshotAge} (default 7 days, the time-travel window;
 *       the current snapshot is never expired) and deletes the files only they referenced; skipped
 *       when no snapshot but the current one is that old (nothing to expire);
 *   <li>deletes orphan files older than {@value #ORPHAN_DAYS} days: files under the table that no
 *       snapshot references, left by conversions that died before their commit. In-flight
 *       conversions' files are minutes old, far younger than that. Skipped when no file under the
 *       table is that old (one listing; nothing could be deleted).
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
    /** How many tables are maintained at a time. */
    static final int PARALLEL_TABLES = 3;

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
        List<Table> tables = new ArrayList<>(List.of(lake.tweets()));
        KeyedTable.ALL.forEach(keyed -> tables.add(lake.table(keyed)));
        // The tables are independent (one commit each), and a small table's rewrite is mostly Spark
        // job latency, so a few run side by side; the reports keep the tables' order.
        ExecutorService pool = DaemonThreads.pool(Math.min(PARALLEL_TABLES, tables.size()), "xlake-maintain");
        try {
            List<Future<TableReport>> running = new ArrayList<>();
            for (Table table : tables) {
                running.add(pool.submit(() -> maintain(spark, table, now.minus(snapshotAge), now.minus(ORPHAN_AGE))));
            }
            return new Summary(reportsOf(running), Converter.secondsSince(started));
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Every table's report once all have finished; the first table's failure (in the tables' order)
     * is thrown as it was thrown, after the others finished, so no maintenance is left running.
     */
    static List<TableReport> reportsOf(List<Future<TableReport>> running) {
        List<TableReport> reports = new ArrayList<>();
        RuntimeException failure = null;
        for (Future<TableReport> table : running) {
            try {
                reports.add(table.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ConvertException("Interrupted while maintaining the lake", e);
            } catch (ExecutionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof RuntimeException runtime
                            ? runtime
                            : new ConvertException("Cannot maintain the lake: " + e.getCause(), e.getCause());
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
        return reports;
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
                    // the deletes left pointing at nothing are removed below, without Spark jobs
                    .option(RewriteDataFiles.REMOVE_DANGLING_DELETES, "false")
                    // the small groups of a local lake's partitions run side by side
                    .option(RewriteDataFiles.MAX_CONCURRENT_FILE_GROUP_REWRITES, "16")
                    .execute();
            int dangling = DanglingDeletes.remove(table);
            LOG.info(
                    "{}: compacted {} data files into {}, {} delete files removed",
                    table.name(),
                    compacted.rewrittenDataFilesCount(),
                    compacted.addedDataFilesCount(),
                    dangling);
            if (anySnapshotOlderThan(table, expireBefore)) {
                actions.expireSnapshots(table)
                        .expireOlderThan(expireBefore.toEpochMilli())
                        .retainLast(1)
                        .execute();
            }
        }
        int orphanCount = 0;
        // Only a file older than the orphan age can be deleted: with none under the table (a young
        // lake), the action (which plans every reachable file in Spark) would find nothing.
        if (anyFileOlderThan(table, spark.sparkContext().hadoopConfiguration(), orphansBefore)) {
            DeleteOrphanFiles.Result orphans = actions.deleteOrphanFiles(table)
                    .olderThan(orphansBefore.toEpochMilli())
                    .execute();
            for (String location : orphans.orphanFileLocations()) {
                orphanCount++;
                LOG.debug("{}: deleted orphan file {}", table.name(), location);
            }
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

    /** Whether expiry has anything to do: a snapshot older than the window that is not the current one. */
    static boolean anySnapshotOlderThan(Table table, Instant before) {
        Snapshot current = table.currentSnapshot();
        for (Snapshot snapshot : table.snapshots()) {
            if (snapshot.timestampMillis() < before.toEpochMilli()
                    && (current == null || snapshot.snapshotId() != current.snapshotId())) {
                return true;
            }
        }
        return false;
    }

    /** Whether any file under the table's location was last modified before {@code before}. */
    static boolean anyFileOlderThan(Table table, Configuration conf, Instant before) {
        Path location = new Path(table.location());
        try {
            FileSystem fs = location.getFileSystem(conf);
            if (!fs.exists(location)) {
                return false;
            }
            RemoteIterator<LocatedFileStatus> files = fs.listFiles(location, true);
            while (files.hasNext()) {
                if (files.next().getModificationTime() < before.toEpochMilli()) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            throw new ConvertException("Cannot list the files of " + table.name() + ": " + e.getMessage(), e);
        }
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
