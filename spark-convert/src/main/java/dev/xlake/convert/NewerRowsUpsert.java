package dev.xlake.convert;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileContent;
import org.apache.iceberg.MetadataColumns;
import org.apache.iceberg.MetricsConfig;
import org.apache.iceberg.PartitionData;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.RowDelta;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.deletes.EqualityDeleteWriter;
import org.apache.iceberg.deletes.PositionDelete;
import org.apache.iceberg.deletes.PositionDeleteWriter;
import org.apache.iceberg.hadoop.HadoopInputFile;
import org.apache.iceberg.hadoop.HadoopOutputFile;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.spark.SparkSchemaUtil;
import org.apache.iceberg.spark.data.SparkParquetReaders;
import org.apache.iceberg.spark.data.SparkParquetWriters;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Types;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * An upsert whose cost follows the new rows, not the table: Iceberg's equality deletes on the key
 * (what Flink's upsert mode writes), valid only when the table's file metrics prove that every new
 * row is newer than every row already in its partition.
 *
 * <p>The proof: in each partition the new files touch, every existing data file's upper bound of
 * {@code fetched_at} is strictly below the smallest {@code fetched_at} of the new rows of that
 * partition (Iceberg keeps exact bounds for timestamps). Then each new row wins the dedup order
 * against any stored row with its key, whatever that row is, and "delete every stored row with
 * this key, add the new row" is exactly the MERGE's outcome, without reading the table. A file
 * without bounds, a file of another partition spec, or an equal time proves nothing: the caller
 * merges instead.
 *
 * <p>The new files (one task's rows per file, a key possibly in several files) are first
 * deduplicated per partition by the table's order (newest {@code fetched_at}, then the later run
 * id, null oldest, then the larger object key): a partition with one new file keeps it as it is
 * (a task writes each key once). With several, the winners are found from the key and order
 * columns alone; if at most {@value #MAX_POSITION_DELETED} of the rows lose (the expansion tables:
 * only the keys of the hour where two tasks' pages meet), the files are kept as they are and
 * position delete files, one per file with losing copies, name them, else (users: about half repeat) the winners are
 * rewritten into one file. A partition with existing data gets one equality delete file holding
 * the new keys; an empty partition (an empty table: a bulk load) gets none. Data and delete files
 * are committed in one {@link RowDelta}: equality deletes apply only to data files of earlier
 * sequence numbers, so they remove the stored copies and leave the new rows; position deletes
 * apply to the data files of their own commit too, so they remove the losing new copies. The commit validates, from the snapshot the proof was made on, that no
 * data or delete file was committed meanwhile in those partitions; if one was, the caller plans
 * again.
 *
 * <p>The key columns must determine the partition (true for {@code users}: {@code bucket(16,
 * id)}), so that one partition's dedup sees every copy of a key.
 */
final class NewerRowsUpsert {

    /** The column whose bounds prove the new rows newer. */
    static final String ORDER_COLUMN = "fetched_at";

    private NewerRowsUpsert() {}

    /** What a proven upsert will write: the partitions (by path) whose stored rows need deletes. */
    record Plan(Set<String> partitionsWithData) {}

    /** The files one upsert wrote and the new files it kept as they are. */
    record Written(List<DataFile> data, List<DeleteFile> deletes, List<DataFile> kept) implements Serializable {

        Written plus(Written other) {
            return new Written(concat(data, other.data), concat(deletes, other.deletes), concat(kept, other.kept));
        }

        private static <T> List<T> concat(List<T> a, List<T> b) {
            List<T> all = new ArrayList<>(a);
            all.addAll(b);
            return all;
        }

        /** The rows added: the data files' rows less those their position deletes remove. */
        long rows() {
            long deleted = deletes.stream()
                    .filter(file -> file.content() == FileContent.POSITION_DELETES)
                    .mapToLong(DeleteFile::recordCount)
                    .sum();
            return data.stream().mapToLong(DataFile::recordCount).sum() - deleted;
        }

        /** The new files the upsert replaced by its rewritten ones. */
        List<DataFile> rewrittenInputs(List<DataFile> inputs) {
            Set<String> keptPaths = locations(kept);
            return inputs.stream()
                    .filter(f -> !keptPaths.contains(f.location()))
                    .toList();
        }

        /** What the upsert wrote itself (not the files it kept). */
        List<String> writtenLocations() {
            Set<String> keptPaths = locations(kept);
            List<String> all = new ArrayList<>();
            data.stream()
                    .map(DataFile::location)
                    .filter(l -> !keptPaths.contains(l))
                    .forEach(all::add);
            deletes.forEach(file -> all.add(file.location()));
            return all;
        }

        private static Set<String> locations(List<DataFile> files) {
            Set<String> paths = new TreeSet<>();
            files.forEach(file -> paths.add(file.location()));
            return paths;
        }
    }

    /**
     * The plan when the table's metrics prove every new row newer than the stored rows of its
     * partition; null when they do not.
     */
    static Plan plan(Table table, List<DataFile> files) {
        PartitionSpec spec = table.spec();
        int orderField = table.schema().findField(ORDER_COLUMN).fieldId();
        Map<String, Long> oldestNew = new HashMap<>();
        for (DataFile file : files) {
            Long lower = bound(file.lowerBounds(), orderField);
            if (lower == null || file.specId() != spec.specId()) {
                return null;
            }
            oldestNew.merge(spec.partitionToPath(file.partition()), lower, Math::min);
        }
        Set<String> withData = new TreeSet<>();
        boolean newer = LiveDataFiles.allHold(table, files, List.of(ORDER_COLUMN), existing -> {
            String partition = spec.partitionToPath(existing.partition());
            Long oldest = oldestNew.get(partition);
            if (oldest == null) {
                return true;
            }
            Long upper = bound(existing.upperBounds(), orderField);
            withData.add(partition);
            return upper != null && upper < oldest;
        });
        if (!newer) {
            return null;
        }
        return new Plan(withData);
    }

    private static Long bound(Map<Integer, java.nio.ByteBuffer> bounds, int field) {
        if (bounds == null || !bounds.containsKey(field)) {
            return null;
        }
        return Conversions.fromByteBuffer(Types.TimestampType.withZone(), bounds.get(field));
    }

    /** One table's upsert to write: where, its key columns, its new files, the proof's plan, a file name tag. */
    record Request(DataFileTarget target, List<String> keys, List<DataFile> files, Plan plan, String fileTag)
            implements Serializable {}

    /**
     * Starts writing the deduplicated rows and the delete files of one table's upsert: a Spark
     * job, a task per few partitions, submitted without waiting for it (a conversion's keyed
     * tables are written side by side, and one is committed while the others are still written);
     * nothing is committed. A partition with one new file and no stored rows needs no task: its
     * file is kept as it is, so an upsert into an empty table (a bulk load) runs no job at all.
     */
    static Writing write(SparkSession spark, Request request) {
        List<DataFile> asTheyAre = new ArrayList<>();
        List<PartitionFiles> tasks = new ArrayList<>();
        for (PartitionFiles group : byPartition(request)) {
            if (group.files().size() == 1 && !group.needsDeletes()) {
                asTheyAre.add(group.files().get(0));
            } else {
                tasks.add(group);
            }
        }
        Written kept = new Written(asTheyAre, List.of(), asTheyAre);
        if (tasks.isEmpty()) {
            return new Writing(request.target().table(), kept, null);
        }
        Job job = new Job(request.target(), request.keys(), request.fileTag());
        SerializableHadoopConf conf =
                new SerializableHadoopConf(spark.sparkContext().hadoopConfiguration());
        int slices = Math.min(tasks.size(), spark.sparkContext().defaultParallelism());
        return new Writing(
                request.target().table(),
                kept,
                JavaSparkContext.fromSparkContext(spark.sparkContext())
                        .parallelize(tasks, slices)
                        .map(group -> job.run(conf.get(), group))
                        .collectAsync());
    }

    /** An upsert's files being written: its Spark job, if it needs one, and the files it keeps. */
    static final class Writing {

        private final String table;
        private final Written kept;
        private final JavaFutureAction<List<Written>> job;

        private Writing(String table, Written kept, JavaFutureAction<List<Written>> job) {
            this.table = table;
            this.kept = kept;
            this.job = job;
        }

        /** Waits for the job; what the upsert wrote and kept. */
        Written await() {
            if (job == null) {
                return kept;
            }
            Written all = kept;
            try {
                for (Written part : job.get()) {
                    all = all.plus(part);
                }
            } catch (java.util.concurrent.CancellationException e) {
                throw new ConvertException("Cannot write the upsert files of " + table + ": cancelled", e);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                throw new ConvertException(
                        "Cannot write the upsert files of " + table + ": " + cause.getMessage(), cause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ConvertException("Cannot write the upsert files of " + table + ": interrupted", e);
            }
            return all;
        }

        /** Stops the job, if any (its tasks' files are left to maintenance's orphan removal). */
        void cancel() {
            if (job != null) {
                job.cancel(true);
            }
        }
    }

    /** A request's new files by partition, in the order they come. */
    private static Collection<PartitionFiles> byPartition(Request request) {
        PartitionSpec spec = request.target().spec();
        Map<String, PartitionFiles> byPartition = new LinkedHashMap<>();
        for (DataFile file : request.files()) {
            String path = spec.partitionToPath(file.partition());
            byPartition
                    .computeIfAbsent(
                            path,
                            p -> new PartitionFiles(
                                    byPartition.size(),
                                    ((PartitionData) file.partition()).copy(),
                                    new ArrayList<>(),
                                    request.plan().partitionsWithData().contains(p)))
                    .files()
                    .add(file);
        }
        return byPartition.values();
    }

    /**
     * Commits what {@link #write} wrote in one snapshot recording the {@code ledger} properties, validated against
     * data and delete files committed since {@code base} in the partitions touched.
     */
    static void commit(Table table, Snapshot base, List<DataFile> inputs, Written written, Map<String, String> ledger) {
        RowDelta delta = table.newRowDelta();
        written.data().forEach(delta::addRows);
        written.deletes().forEach(delta::addDeletes);
        if (base != null) {
            delta.validateFromSnapshot(base.snapshotId());
        }
        delta.conflictDetectionFilter(IcebergCommit.partitionsFilter(table.spec(), inputs))
                .validateNoConflictingDataFiles()
                .validateNoConflictingDeleteFiles();
        ledger.forEach(delta::set);
        delta.commit();
    }

    /**
     * The largest share of a partition's new rows deleted by position rather than rewritten: the
     * keyed tables besides users repeat few keys across tasks (a few referenced posts and their
     * media where two tasks' pages meet), users about half of them (docs/benchmarks.md).
     */
    static final double MAX_POSITION_DELETED = 0.1;

    /** Exact bounds for a position delete file's columns (what {@code MetricsConfig.forPositionDelete} keeps). */
    private static final MetricsConfig POSITION_DELETE_METRICS = MetricsConfig.fromProperties(Map.of(
            TableProperties.METRICS_MODE_COLUMN_CONF_PREFIX + MetadataColumns.DELETE_FILE_PATH.name(), "full",
            TableProperties.METRICS_MODE_COLUMN_CONF_PREFIX + MetadataColumns.DELETE_FILE_POS.name(), "full"));

    /** A copy of a key: its file among the partition's new files, its position there, its order columns. */
    private record Copy(int file, long position, InternalRow row) {}

    /** The partition's winners: their keys, per file the positions of its winning rows, all rows. */
    private record Newest(java.util.Set<List<Object>> keys, List<BitSet> winners, long rows) {

        long losers() {
            return rows - keys.size();
        }
    }

    /** One partition's new files, and whether its stored rows need deletes. */
    private record PartitionFiles(int index, PartitionData partition, List<DataFile> files, boolean needsDeletes)
            implements Serializable {}

    /** The task side: dedup one partition, write its file and its delete file. */
    private record Job(DataFileTarget target, List<String> keys, String fileTag) implements Serializable {

        Written run(Configuration conf, PartitionFiles group) throws IOException {
            StructType type = target.sparkType();
            // the key columns in the table schema's order, as delete files and key rows hold them
            Schema keySchema = target.schema().select(keys);
            int[] keyIndexes = keySchema.columns().stream()
                    .mapToInt(column -> type.fieldIndex(column.name()))
                    .toArray();
            List<DataFile> data = new ArrayList<>();
            List<DataFile> kept = new ArrayList<>();
            List<InternalRow> keyRows = new ArrayList<>();
            List<DeleteFile> deletes = new ArrayList<>();
            if (group.files().size() == 1) {
                // one task's file: each key once already
                DataFile only = group.files().get(0);
                kept.add(only);
                data.add(only);
                if (group.needsDeletes()) {
                    keyRows.addAll(read(conf, only, keySchema));
                }
            } else {
                // the tasks' files of the partition: which copy of each key wins, from the key and
                // order columns only; the losers are deleted by position, or the winners rewritten
                Newest newest = newest(conf, group.files(), keySchema);
                newest.keys().forEach(key -> keyRows.add(new GenericInternalRow(key.toArray())));
                if (newest.losers() <= newest.rows() * MAX_POSITION_DELETED) {
                    kept.addAll(group.files());
                    data.addAll(group.files());
                    if (newest.losers() > 0) {
                        deletes.addAll(writePositionDeletes(conf, group, newest));
                    }
                } else {
                    data.add(rewrite(conf, group, newest));
                }
            }
            if (group.needsDeletes()) {
                deletes.add(writeDeletes(conf, group, keyRows, keySchema, keyIndexes));
            }
            return new Written(data, deletes, kept);
        }

        /**
         * The winning copy of each key among the files, by the table's order, read from the key
         * and order columns only: per file, the positions of its winning rows.
         */
        private Newest newest(Configuration conf, List<DataFile> files, Schema keySchema) throws IOException {
            List<String> columns = new ArrayList<>(keys);
            for (String column : List.of(ORDER_COLUMN, "run_id", "raw_object")) {
                if (!columns.contains(column)) {
                    columns.add(column);
                }
            }
            Schema projection = target.schema().select(columns);
            StructType projected = SparkSchemaUtil.convert(projection);
            int[] keyIndexes = keySchema.columns().stream()
                    .mapToInt(column -> projected.fieldIndex(column.name()))
                    .toArray();
            NewestRowOrder order = new NewestRowOrder(projected);
            Map<List<Object>, Copy> winners = new HashMap<>();
            long rows = 0;
            for (int file = 0; file < files.size(); file++) {
                long position = 0;
                for (InternalRow row : read(conf, files.get(file), projection)) {
                    Copy copy = new Copy(file, position++, row);
                    winners.merge(
                            keyOf(row, keyIndexes), copy, (a, b) -> order.newer(a.row(), b.row()) == a.row() ? a : b);
                }
                rows += position;
            }
            List<BitSet> kept = new ArrayList<>();
            files.forEach(file -> kept.add(new BitSet()));
            winners.values().forEach(copy -> kept.get(copy.file()).set(Math.toIntExact(copy.position())));
            return new Newest(winners.keySet(), kept, rows);
        }

        /** The partition's winning rows in one new file. */
        private DataFile rewrite(Configuration conf, PartitionFiles group, Newest newest) throws IOException {
            String name = String.format("%s-u%05d.parquet", fileTag, group.index());
            DataWriter<InternalRow> writer = target.open(conf, group.partition(), name);
            try (writer) {
                for (int file = 0; file < group.files().size(); file++) {
                    BitSet kept = newest.winners().get(file);
                    int position = 0;
                    // streamed, not copied into a list: the writer takes each row before the next is read
                    try (CloseableIterable<InternalRow> rows =
                            reader(conf, group.files().get(file), target.schema())) {
                        for (InternalRow row : rows) {
                            if (kept.get(position++)) {
                                writer.write(row);
                            }
                        }
                    } catch (UncheckedIOException e) {
                        throw e.getCause();
                    }
                }
            }
            return writer.toDataFile();
        }

        /**
         * The position deletes of the losing copies: one delete file per data file that has any,
         * with exact bounds on its {@code file_path}, so readers and scan planning see which file
         * it belongs to (a file-scoped delete, which maintenance drops once that file is
         * compacted away; one delete file spanning both tasks' files would apply to the partition
         * and outlive every compaction).
         */
        private List<DeleteFile> writePositionDeletes(Configuration conf, PartitionFiles group, Newest newest)
                throws IOException {
            List<DeleteFile> deletes = new ArrayList<>();
            PositionDelete<InternalRow> delete = PositionDelete.create();
            for (int file = 0; file < group.files().size(); file++) {
                DataFile data = group.files().get(file);
                BitSet kept = newest.winners().get(file);
                if (kept.cardinality() == data.recordCount()) {
                    continue;
                }
                PositionDeleteWriter<InternalRow> writer = deleteFile(conf, group, "p" + file + "-")
                        .metricsConfig(POSITION_DELETE_METRICS)
                        .buildPositionWriter();
                try (writer) {
                    for (int position = kept.nextClearBit(0);
                            position < data.recordCount();
                            position = kept.nextClearBit(position + 1)) {
                        writer.write(delete.set(data.location(), position));
                    }
                }
                deletes.add(writer.toDeleteFile());
            }
            return deletes;
        }

        /** The file's rows in {@code schema}'s columns. */
        private static List<InternalRow> read(Configuration conf, DataFile file, Schema schema) throws IOException {
            List<InternalRow> rows = new ArrayList<>();
            try (CloseableIterable<InternalRow> reader = reader(conf, file, schema)) {
                reader.forEach(row -> rows.add(row.copy()));
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            return rows;
        }

        /** A reader of the file's rows in {@code schema}'s columns; a row is valid until the next is read. */
        private static CloseableIterable<InternalRow> reader(Configuration conf, DataFile file, Schema schema) {
            return Parquet.read(HadoopInputFile.fromLocation(file.location(), conf))
                    .project(schema)
                    .createReaderFunc(fileSchema -> SparkParquetReaders.buildReader(schema, fileSchema))
                    .build();
        }

        /** One equality delete file of the partition: a row per key, the key columns only. */
        private DeleteFile writeDeletes(
                Configuration conf, PartitionFiles group, List<InternalRow> keyRows, Schema keySchema, int[] keyIndexes)
                throws IOException {
            StructType keyType = new StructType(Arrays.stream(keyIndexes)
                    .mapToObj(i -> target.sparkType().fields()[i])
                    .toArray(StructField[]::new));
            EqualityDeleteWriter<InternalRow> writer = deleteFile(conf, group, "d")
                    .metricsConfig(target.metrics())
                    .rowSchema(keySchema)
                    .equalityFieldIds(keySchema.columns().stream()
                            .mapToInt(Types.NestedField::fieldId)
                            .toArray())
                    .createWriterFunc(message -> SparkParquetWriters.buildWriter(keyType, message))
                    .buildEqualityWriter();
            try (writer) {
                keyRows.forEach(writer::write);
            }
            return writer.toDeleteFile();
        }

        /** A delete file of the partition, named with {@code kind}, in the table's data location. */
        private Parquet.DeleteWriteBuilder deleteFile(Configuration conf, PartitionFiles group, String kind) {
            String name = String.format("%s-%s%05d.parquet", fileTag, kind, group.index());
            String location = target.locations().newDataLocation(target.spec(), group.partition(), name);
            return Parquet.writeDeletes(HadoopOutputFile.fromPath(new org.apache.hadoop.fs.Path(location), conf))
                    .setAll(target.properties())
                    .withSpec(target.spec())
                    .withPartition(group.partition())
                    .overwrite();
        }

        private static List<Object> keyOf(InternalRow row, int[] keyIndexes) {
            List<Object> key = new ArrayList<>(keyIndexes.length);
            for (int index : keyIndexes) {
                key.add(row.isNullAt(index) ? null : row.getUTF8String(index));
            }
            return key;
        }
    }

    /** The table's dedup order on rows of the target's Spark type. */
    record NewestRowOrder(int fetchedAt, int runId, int rawObject) implements Serializable {

        NewestRowOrder(StructType type) {
            this(type.fieldIndex(ORDER_COLUMN), type.fieldIndex("run_id"), type.fieldIndex("raw_object"));
        }

        /** The newer of two rows with one key: fetched_at, then run id (null oldest), then object key. */
        InternalRow newer(InternalRow a, InternalRow b) {
            int byTime = Long.compare(a.getLong(fetchedAt), b.getLong(fetchedAt));
            if (byTime != 0) {
                return byTime > 0 ? a : b;
            }
            int byRun = compareNullsFirst(string(a, runId), string(b, runId));
            if (byRun != 0) {
                return byRun > 0 ? a : b;
            }
            return string(a, rawObject).compareTo(string(b, rawObject)) >= 0 ? a : b;
        }

        private static UTF8String string(InternalRow row, int index) {
            return row.isNullAt(index) ? null : row.getUTF8String(index);
        }

        private static int compareNullsFirst(UTF8String a, UTF8String b) {
            if (a == null || b == null) {
                return a == null ? (b == null ? 0 : -1) : 1;
            }
            return a.compareTo(b);
        }
    }
}
