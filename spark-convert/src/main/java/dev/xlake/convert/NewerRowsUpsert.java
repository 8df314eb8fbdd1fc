package dev.xlake.convert;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.PartitionData;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.RowDelta;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.deletes.EqualityDeleteWriter;
import org.apache.iceberg.hadoop.HadoopInputFile;
import org.apache.iceberg.hadoop.HadoopOutputFile;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.spark.data.SparkParquetReaders;
import org.apache.iceberg.spark.data.SparkParquetWriters;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Types;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
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
 * <p>The new files hold each key once, one file per partition (what a conversion writes: one
 * task's file, or the shuffle's one writer per partition, {@link KeyedShuffle}); several new files
 * in one partition prove nothing (they may repeat a key) and the caller merges. A partition with
 * existing data gets one equality delete file holding the new keys; an empty partition (an empty
 * table: a bulk load) gets none. Data and delete files are committed in one {@link RowDelta}:
 * equality deletes apply only to data files of earlier sequence numbers, so they remove the stored
 * copies and leave the new rows. The commit validates, from the snapshot the proof was made on,
 * that no data or delete file was committed meanwhile in those partitions; if one was, the caller
 * plans again.
 *
 * <p>The key columns must determine the partition (true for {@code users}: {@code bucket(16,
 * id)}), so that one partition's dedup sees every copy of a key.
 */
final class NewerRowsUpsert {

    /** The column whose bounds prove the new rows newer. */
    static final String ORDER_COLUMN = "fetched_at";

    /** The columns whose bounds {@link #plan} reads of the existing files. */
    static final List<String> PROOF_BOUNDS = List.of(ORDER_COLUMN);

    private NewerRowsUpsert() {}

    /** What a proven upsert will write: the partitions (by path) whose stored rows need deletes. */
    record Plan(Set<String> partitionsWithData) {}

    /** An upsert's data files (the new files, as they are) and the delete files it wrote for them. */
    record Written(List<DataFile> data, List<DeleteFile> deletes) implements Serializable {

        Written plus(Written other) {
            return new Written(concat(data, other.data), concat(deletes, other.deletes));
        }

        private static <T> List<T> concat(List<T> a, List<T> b) {
            List<T> all = new ArrayList<>(a);
            all.addAll(b);
            return all;
        }

        /** The rows added. */
        long rows() {
            return data.stream().mapToLong(DataFile::recordCount).sum();
        }

        /** What the upsert wrote itself: its delete files. */
        List<String> writtenLocations() {
            return deletes.stream().map(DeleteFile::location).toList();
        }
    }

    /**
     * The plan when the table's metrics prove every new row newer than the stored rows of its
     * partition; null when they do not, and when a partition has several new files.
     */
    static Plan plan(Table table, List<DataFile> files) {
        PartitionSpec spec = table.spec();
        int orderField = table.schema().findField(ORDER_COLUMN).fieldId();
        Map<String, Long> oldestNew = new HashMap<>();
        for (DataFile file : files) {
            Long lower = bound(file.lowerBounds(), orderField);
            if (lower == null
                    || file.specId() != spec.specId()
                    || oldestNew.put(spec.partitionToPath(file.partition()), lower) != null) {
                return null;
            }
        }
        Set<String> withData = new TreeSet<>();
        boolean newer = LiveDataFiles.allHold(table, files, PROOF_BOUNDS, existing -> {
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
     * Starts writing the delete files of one table's upsert: a Spark job, a task per few partitions, submitted without waiting for it (a conversion's keyed
     * tables are written side by side, and one is committed while the others are still written);
     * nothing is committed. A partition without stored rows needs no task, so an upsert into an
     * empty table (a bulk load) runs no job at all.
     */
    static Writing write(SparkSession spark, Request request) {
        List<DataFile> asTheyAre = new ArrayList<>();
        List<PartitionFiles> tasks = new ArrayList<>();
        for (PartitionFiles group : byPartition(request)) {
            if (group.needsDeletes()) {
                tasks.add(group);
            } else {
                asTheyAre.add(group.file());
            }
        }
        Written kept = new Written(asTheyAre, List.of());
        if (tasks.isEmpty()) {
            return new Writing(request.target().table(), kept, List.of());
        }
        Job job = new Job(request.target(), request.keys(), request.fileTag());
        if (tasks.stream().mapToLong(group -> group.file().recordCount()).sum() <= DRIVER_WRITES_ROWS) {
            Configuration conf = spark.sparkContext().hadoopConfiguration();
            // a thread per driver core at most: users' 16 partitions are most of a tick's files
            ExecutorService pool = DaemonThreads.pool(
                    Math.min(tasks.size(), Runtime.getRuntime().availableProcessors()), "xlake-upsert-write");
            List<Future<List<Written>>> writers = new ArrayList<>();
            for (PartitionFiles group : tasks) {
                writers.add(pool.submit(() -> List.of(job.run(conf, group))));
            }
            pool.shutdown(); // the threads end once the writes are done
            return new Writing(request.target().table(), kept, writers);
        }
        SerializableHadoopConf conf =
                new SerializableHadoopConf(spark.sparkContext().hadoopConfiguration());
        int slices = Math.min(tasks.size(), spark.sparkContext().defaultParallelism());
        return new Writing(
                request.target().table(),
                kept,
                List.of(JavaSparkContext.fromSparkContext(spark.sparkContext())
                        .parallelize(tasks, slices)
                        .map(group -> job.run(conf.get(), group))
                        .collectAsync()));
    }

    /**
     * Most new rows whose delete files the driver writes itself, on a thread of the upsert's own,
     * rather than a Spark job: a tick's few hundred keys per table take less time to read and write
     * than a job takes to ship its tasks the Hadoop configuration and schedule them.
     */
    static final long DRIVER_WRITES_ROWS = 20_000;

    /** An upsert's files being written: its Spark job or driver threads, if it needs any, and the files it keeps. */
    static final class Writing {

        private final String table;
        private final Written kept;
        private final List<Future<List<Written>>> jobs;

        private Writing(String table, Written kept, List<Future<List<Written>>> jobs) {
            this.table = table;
            this.kept = kept;
            this.jobs = jobs;
        }

        /** Waits for the jobs; what the upsert wrote and kept. */
        Written await() {
            Written all = kept;
            try {
                for (Future<List<Written>> job : jobs) {
                    for (Written part : job.get()) {
                        all = all.plus(part);
                    }
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

        /** Stops the jobs, if any (the files they wrote are left to maintenance's orphan removal). */
        void cancel() {
            jobs.forEach(job -> job.cancel(true));
        }
    }

    /** A request's new files by partition (one each, {@link #plan}), in the order they come. */
    private static List<PartitionFiles> byPartition(Request request) {
        PartitionSpec spec = request.target().spec();
        List<PartitionFiles> partitions = new ArrayList<>();
        for (DataFile file : request.files()) {
            partitions.add(new PartitionFiles(
                    partitions.size(),
                    ((PartitionData) file.partition()).copy(),
                    file,
                    request.plan().partitionsWithData().contains(spec.partitionToPath(file.partition()))));
        }
        return partitions;
    }

    /**
     * Commits what {@link #write} wrote in one snapshot recording the {@code ledger} properties, validated against
     * data and delete files committed since {@code base} in the partitions touched.
     */
    static void commit(Table table, Snapshot base, List<DataFile> inputs, Written written, Map<String, String> ledger) {
        RowDelta delta = table.newRowDelta().scanManifestsWith(IcebergCommit.IN_COMMITTING_THREAD);
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

    /** One partition's new file, and whether its stored rows need deletes. */
    private record PartitionFiles(int index, PartitionData partition, DataFile file, boolean needsDeletes)
            implements Serializable {}

    /** The task side: one partition's equality delete file, holding the keys of its new file. */
    private record Job(DataFileTarget target, List<String> keys, String fileTag) implements Serializable {

        Written run(Configuration conf, PartitionFiles group) throws IOException {
            StructType type = target.sparkType();
            // the key columns in the table schema's order, as delete files and key rows hold them
            Schema keySchema = target.schema().select(keys);
            int[] keyIndexes = keySchema.columns().stream()
                    .mapToInt(column -> type.fieldIndex(column.name()))
                    .toArray();
            List<InternalRow> keyRows = read(conf, group.file(), keySchema);
            return new Written(
                    List.of(group.file()), List.of(writeDeletes(conf, group, keyRows, keySchema, keyIndexes)));
        }

        /** The file's rows in {@code schema}'s columns. */
        private static List<InternalRow> read(Configuration conf, DataFile file, Schema schema) throws IOException {
            List<InternalRow> rows = new ArrayList<>();
            try (CloseableIterable<InternalRow> reader = Parquet.read(
                            HadoopInputFile.fromLocation(file.location(), conf))
                    .project(schema)
                    .createReaderFunc(fileSchema -> SparkParquetReaders.buildReader(schema, fileSchema))
                    .build()) {
                reader.forEach(row -> rows.add(row.copy()));
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            return rows;
        }

        /** One equality delete file of the partition: a row per key, the key columns only. */
        private DeleteFile writeDeletes(
                Configuration conf, PartitionFiles group, List<InternalRow> keyRows, Schema keySchema, int[] keyIndexes)
                throws IOException {
            StructType keyType = new StructType(Arrays.stream(keyIndexes)
                    .mapToObj(i -> target.sparkType().fields()[i])
                    .toArray(StructField[]::new));
            String name = String.format("%s-d%05d.parquet", fileTag, group.index());
            String location = target.locations().newDataLocation(target.spec(), group.partition(), name);
            EqualityDeleteWriter<InternalRow> writer = Parquet.writeDeletes(
                            HadoopOutputFile.fromPath(new org.apache.hadoop.fs.Path(location), conf))
                    .setAll(target.properties())
                    .withSpec(target.spec())
                    .withPartition(group.partition())
                    .overwrite()
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
