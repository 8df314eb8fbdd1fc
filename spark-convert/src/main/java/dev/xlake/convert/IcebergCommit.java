package dev.xlake.convert;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.row_number;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.OverwriteFiles;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.relocated.com.google.common.util.concurrent.MoreExecutors;
import org.apache.iceberg.spark.CommitMetadata;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Types;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts one table's new data files into the table in one Iceberg commit, whose snapshot summary
 * names the runs it converted ({@value IcebergLake#RUNS_PROPERTY}); those runs are the table's
 * ledger ({@link #committedRuns}), so a run is committed to a table once.
 *
 * <p>The files are appended as they are when the table's file metadata proves that none of their
 * keys can already be in the table: the pages did not overlap, and in every partition they touch
 * the existing files' id bounds and the new files' bounds are disjoint (string bounds: equal ids
 * fall in each other's ranges). The append validates that no conflicting data was committed to
 * those partitions since the table was read, so two conversions appending overlapping ids cannot
 * both succeed. A target with an upsert writer (users) whose new rows the file metrics prove newer
 * than the stored ones is upserted with equality deletes ({@link NewerRowsUpsert}: no table scan).
 * Otherwise the new rows are merged in by Spark's {@code MERGE INTO} (merge-on-read:
 * delete files for the replaced rows, so the cost follows the new rows), one row per key, the
 * newest {@code fetched_at} winning, then the later run id, then the larger object key; the new
 * files were only its input and are deleted afterwards.
 *
 * <p>A commit that loses a race with a concurrent one (Iceberg's validation fails) is planned
 * again from the ledger: if the runs were committed meanwhile, there is nothing left to do.
 */
final class IcebergCommit {

    private static final Logger LOG = LoggerFactory.getLogger(IcebergCommit.class);
    private static final int ATTEMPTS = 4;

    /**
     * Where the converter's commits do their manifest work (filtering the parent's manifests,
     * writing the new ones, the manifest list): in the committing thread. Iceberg's default, its
     * shared worker pool (a thread per core for the whole JVM), waits for each step's tasks by
     * polling every 10 ms, about ten steps a commit into a table with snapshots, and the tables
     * committed side by side queue for the same pool; a converter's commit has a few manifests
     * whose entries it mostly does not read (docs/benchmarks.md, tick session 10).
     */
    static final ExecutorService IN_COMMITTING_THREAD = MoreExecutors.newDirectExecutorService();

    /** The columns whose bounds {@link #cannotCollide} reads of the existing files. */
    static final List<String> APPEND_PROOF_BOUNDS = List.of("id");

    /** The run id of pages without one ({@code --input} pages outside a {@code run=} folder). */
    static final String ADHOC_RUN = "adhoc";

    /** How a commit went: appended, merged or skipped, and the rows it added to the table. */
    record Outcome(String how, long rowsAdded) {
        static final Outcome NOTHING = new Outcome("nothing", 0);
    }

    /**
     * One table's side of a commit: the table, the Spark schema of its rows, its key columns, and
     * where an upsert by equality deletes writes ({@link NewerRowsUpsert}; null: that table merges).
     */
    record Target(
            Table table,
            String sqlName,
            StructType sparkType,
            List<String> keys,
            DataFileTarget upsert,
            Map<String, String> summary) {

        /** {@code summary}: more snapshot summary properties the commit records with the runs. */
        Target {
            summary = Map.copyOf(summary);
        }

        Target(Table table, String sqlName, StructType sparkType, List<String> keys, DataFileTarget upsert) {
            this(table, sqlName, sparkType, keys, upsert, Map.of());
        }

        /** The snapshot summary properties of a commit of {@code runs}: the ledger, and the target's own. */
        Map<String, String> ledger(Set<String> runs) {
            Map<String, String> properties = new HashMap<>(summary);
            properties.put(IcebergLake.RUNS_PROPERTY, String.join(",", runs));
            return properties;
        }
    }

    private IcebergCommit() {}

    /** Every run id a snapshot of the table converted. */
    static SortedSet<String> committedRuns(Table table) {
        SortedSet<String> runs = new TreeSet<>();
        for (Snapshot snapshot : table.snapshots()) {
            String property = snapshot.summary().get(IcebergLake.RUNS_PROPERTY);
            if (property != null && !property.isEmpty()) {
                runs.addAll(List.of(property.split(",")));
            }
        }
        return runs;
    }

    /**
     * Commits {@code files}, rows of {@code runs}, to the target's table.
     *
     * @param mayRepeat true when a key may occur more than once among the files: they are merged
     */
    static Outcome commit(
            SparkSession spark, Target target, List<DataFile> files, Set<String> runs, boolean mayRepeat) {
        Table table = target.table();
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        for (int attempt = 1; ; attempt++) {
            table.refresh();
            SortedSet<String> pending = new TreeSet<>(runs);
            pending.removeAll(committedRuns(table));
            if (pending.isEmpty()) {
                LOG.info("{}: runs {} are committed already; nothing to add", table.name(), runs);
                deleteQuietly(conf, files);
                return Outcome.NOTHING;
            }
            // a run committed already (its other table was not, when a conversion died between the
            // two commits) has its rows in this table: only a merge adds the rest without repeating
            boolean replay = pending.size() < runs.size();
            Snapshot base = table.currentSnapshot();
            try {
                if (!replay && !mayRepeat && !files.isEmpty() && cannotCollide(table, files)) {
                    append(table, base, files, target.ledger(pending));
                    long rows = files.stream().mapToLong(DataFile::recordCount).sum();
                    LOG.info("{}: appended {} files, {} rows (runs {})", table.name(), files.size(), rows, pending);
                    return new Outcome("appended", rows);
                }
                NewerRowsUpsert.Plan plan =
                        replay || target.upsert() == null ? null : NewerRowsUpsert.plan(table, files);
                if (plan != null) {
                    Upsert upsert = new Upsert(target, base, files, pending, plan);
                    return upsert.commit(
                            conf, NewerRowsUpsert.write(spark, upsert.request()).await());
                }
                long rows = merge(spark, target, files, pending);
                deleteQuietly(conf, files);
                LOG.info("{}: merged {} files, {} rows added (runs {})", table.name(), files.size(), rows, pending);
                return new Outcome("merged", rows);
            } catch (RuntimeException e) {
                Throwable conflict = conflictIn(e);
                if (conflict == null) {
                    throw e;
                }
                if (attempt == ATTEMPTS) {
                    throw new ConvertException(
                            "Cannot commit to " + table.name() + ": concurrent commits conflicted " + ATTEMPTS
                                    + " times in a row (" + conflict.getMessage() + "); convert again",
                            e);
                }
                LOG.info(
                        "{}: a concurrent commit conflicted ({}); planning the commit again",
                        table.name(),
                        conflict.getMessage());
            }
        }
    }

    private static void append(Table table, Snapshot base, List<DataFile> files, Map<String, String> ledger) {
        OverwriteFiles overwrite = table.newOverwrite().scanManifestsWith(IN_COMMITTING_THREAD);
        files.forEach(overwrite::addFile);
        if (base != null) {
            overwrite.validateFromSnapshot(base.snapshotId());
        }
        overwrite
                .conflictDetectionFilter(partitionsFilter(table.spec(), files))
                .validateNoConflictingData()
                .validateNoConflictingDeletes();
        ledger.forEach(overwrite::set);
        overwrite.commit();
    }

    /**
     * The upsert of a table's new rows with equality deletes, proven ({@link NewerRowsUpsert#plan})
     * on the table's snapshot {@code base}: {@link NewerRowsUpsert#write} writes what {@link
     * #request} asks for, then {@link #commit} commits it.
     */
    record Upsert(
            Target target, Snapshot base, List<DataFile> files, SortedSet<String> runs, NewerRowsUpsert.Plan plan) {

        /**
         * The upsert of the first attempt of a commit, planned before anything is written; null when
         * the table needs {@link IcebergCommit#commit}'s other ways: no upsert writer, runs committed
         * already (wholly or in part), or metrics that do not prove the new rows newer.
         */
        static Upsert prove(Target target, List<DataFile> files, Set<String> runs) {
            Table table = target.table();
            table.refresh();
            if (target.upsert() == null || !java.util.Collections.disjoint(committedRuns(table), runs)) {
                return null;
            }
            Snapshot base = table.currentSnapshot();
            NewerRowsUpsert.Plan plan = NewerRowsUpsert.plan(table, files);
            return plan == null ? null : new Upsert(target, base, files, new TreeSet<>(runs), plan);
        }

        /** What {@link NewerRowsUpsert#write} is to write for it, under a new file name tag. */
        NewerRowsUpsert.Request request() {
            String tag = target.table().name().replaceAll("\\W", "_") + "-"
                    + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            return new NewerRowsUpsert.Request(target.upsert(), target.keys(), files, plan, tag);
        }

        /** Commits what was written for it; returns how, with the rows added. What it wrote is deleted if the commit fails. */
        Outcome commit(Configuration conf, NewerRowsUpsert.Written written) {
            Table table = target.table();
            long started = System.nanoTime();
            try {
                NewerRowsUpsert.commit(table, base, files, written, target.ledger(runs));
            } catch (RuntimeException e) {
                deleteLocationsQuietly(conf, written.writtenLocations());
                throw e;
            }
            long rows = written.rows();
            String how = plan.partitionsWithData().isEmpty() ? "appended" : "upserted";
            LOG.info(
                    "{}: {} {} files, {} rows, equality deletes in {} partitions, committed in {} s (runs {})",
                    table.name(),
                    how,
                    files.size(),
                    rows,
                    plan.partitionsWithData().size(),
                    Converter.seconds(started, System.nanoTime()),
                    runs);
            return new Outcome(how, rows);
        }
    }

    /**
     * MERGE INTO the table from the new files' rows, deduplicated by key first (a MERGE refuses
     * two source rows for one target row); returns the rows it added (inserted and replacing).
     */
    private static long merge(SparkSession spark, Target target, List<DataFile> files, SortedSet<String> runs) {
        String view = "xlake_new_" + target.table().name().replaceAll("\\W", "_") + "_"
                + UUID.randomUUID().toString().replace("-", "");
        Dataset<Row> fresh = files.isEmpty()
                ? spark.createDataFrame(List.of(), target.sparkType())
                : spark.read()
                        .schema(target.sparkType())
                        .parquet(files.stream().map(f -> f.location()).toArray(String[]::new));
        fresh.withColumn(
                        "_rank",
                        row_number()
                                .over(Window.partitionBy(target.keys().stream()
                                                .map(k -> col(k))
                                                .toArray(org.apache.spark.sql.Column[]::new))
                                        .orderBy(
                                                col("fetched_at").desc(),
                                                col("run_id").desc_nulls_last(),
                                                col("raw_object").desc())))
                .where(col("_rank").equalTo(1))
                .drop("_rank")
                .createOrReplaceTempView(view);
        String on = target.keys().stream().map(k -> "t." + k + " = s." + k).collect(Collectors.joining(" AND "));
        // s replaces t when newer by the dedup order: fetched_at, then run id (null oldest), then object key
        String newer = "s.fetched_at > t.fetched_at OR s.fetched_at = t.fetched_at AND ("
                + "t.run_id IS NULL AND s.run_id IS NOT NULL OR s.run_id > t.run_id"
                + " OR s.run_id <=> t.run_id AND s.raw_object > t.raw_object)";
        String sql = "MERGE INTO " + target.sqlName() + " t USING " + view + " s ON " + on + " WHEN MATCHED AND ("
                + newer + ") THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *";
        Table table = target.table();
        long before =
                table.currentSnapshot() == null ? -1 : table.currentSnapshot().snapshotId();
        try {
            CommitMetadata.withCommitProperties(
                    target.ledger(runs), () -> spark.sql(sql).collectAsList(), RuntimeException.class);
        } finally {
            spark.catalog().dropTempView(view);
        }
        table.refresh();
        Snapshot after = table.currentSnapshot();
        if (after == null
                || after.snapshotId() == before
                || !committedRuns(table).containsAll(runs)) {
            // the merge changed nothing and made no snapshot: the runs are recorded all the same
            AppendFiles append = table.newAppend().scanManifestsWith(IN_COMMITTING_THREAD);
            target.ledger(runs).forEach(append::set);
            append.commit();
            return 0;
        }
        return Long.parseLong(after.summary().getOrDefault(SnapshotSummary.ADDED_RECORDS_PROP, "0"));
    }

    /**
     * True when no id of the new files can be in the table already: in each partition they touch,
     * every existing data file's id bounds are disjoint from the new files' bounds. A file without
     * bounds proves nothing.
     */
    static boolean cannotCollide(Table table, List<DataFile> files) {
        PartitionSpec spec = table.spec();
        int idField = table.schema().findField("id").fieldId();
        Map<String, IdRange> fresh = new HashMap<>();
        for (DataFile file : files) {
            IdRange range = IdRange.of(file, idField);
            if (range == null) {
                return false;
            }
            fresh.merge(spec.partitionToPath(file.partition()), range, IdRange::span);
        }
        return LiveDataFiles.allHold(table, files, APPEND_PROOF_BOUNDS, existing -> {
            IdRange range = fresh.get(spec.partitionToPath(existing.partition()));
            if (range == null) {
                return true;
            }
            IdRange old = IdRange.of(existing, idField);
            return old != null && !old.overlaps(range);
        });
    }

    /** The rows of the partitions the files belong to (identity and day transforms). */
    static Expression partitionsFilter(PartitionSpec spec, List<DataFile> files) {
        Map<String, StructLike> partitions = new HashMap<>();
        files.forEach(file -> partitions.putIfAbsent(spec.partitionToPath(file.partition()), file.partition()));
        Expression any = Expressions.alwaysFalse();
        for (StructLike partition : partitions.values()) {
            Expression one = Expressions.alwaysTrue();
            List<PartitionField> fields = spec.fields();
            for (int i = 0; i < fields.size(); i++) {
                PartitionField field = fields.get(i);
                String source = spec.schema().findColumnName(field.sourceId());
                String transform = field.transform().toString();
                if ("identity".equals(transform)) {
                    one = Expressions.and(one, Expressions.equal(source, partition.get(i, Object.class)));
                } else if ("day".equals(transform)) {
                    long day = partition.get(i, Integer.class);
                    long dayMicros = 86_400_000_000L;
                    one = Expressions.and(
                            one,
                            Expressions.and(
                                    Expressions.greaterThanOrEqual(source, day * dayMicros),
                                    Expressions.lessThan(source, (day + 1) * dayMicros)));
                } else {
                    return Expressions.alwaysTrue(); // other transforms: the whole table
                }
            }
            any = Expressions.or(any, one);
        }
        return any;
    }

    /** The id bounds of one or more data files, as strings. */
    private record IdRange(String lower, String upper) {

        static IdRange of(DataFile file, int idField) {
            if (file.lowerBounds() == null
                    || file.upperBounds() == null
                    || !file.lowerBounds().containsKey(idField)
                    || !file.upperBounds().containsKey(idField)) {
                return null;
            }
            return new IdRange(
                    Conversions.<CharSequence>fromByteBuffer(
                                    Types.StringType.get(), file.lowerBounds().get(idField))
                            .toString(),
                    Conversions.<CharSequence>fromByteBuffer(
                                    Types.StringType.get(), file.upperBounds().get(idField))
                            .toString());
        }

        IdRange span(IdRange other) {
            return new IdRange(
                    lower.compareTo(other.lower) <= 0 ? lower : other.lower,
                    upper.compareTo(other.upper) >= 0 ? upper : other.upper);
        }

        boolean overlaps(IdRange other) {
            return lower.compareTo(other.upper) <= 0 && other.lower.compareTo(upper) <= 0;
        }
    }

    static Throwable conflictIn(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ValidationException || cause instanceof CommitFailedException) {
                return cause;
            }
        }
        return null;
    }

    /** Deletes data files that were never committed, or that a merge consumed. */
    static void deleteQuietly(Configuration conf, List<DataFile> files) {
        deleteLocationsQuietly(conf, files.stream().map(DataFile::location).toList());
    }

    /** Deletes files by location that were never committed. */
    static void deleteLocationsQuietly(Configuration conf, List<String> locations) {
        List<String> failed = new ArrayList<>();
        for (String location : locations) {
            Path path = new Path(location);
            try {
                path.getFileSystem(conf).delete(path, false);
            } catch (IOException e) {
                failed.add(path.toString());
            }
        }
        if (!failed.isEmpty()) {
            LOG.warn(
                    "Cannot delete {} uncommitted data files (table maintenance removes them): {}",
                    failed.size(),
                    failed.stream().sorted(Comparator.naturalOrder()).limit(3).toList());
        }
    }
}
