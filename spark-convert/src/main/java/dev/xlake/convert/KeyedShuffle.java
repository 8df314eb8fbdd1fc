package dev.xlake.convert;

import dev.xlake.core.schema.LakeTables;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.PartitionData;
import org.apache.iceberg.io.DataWriter;
import org.apache.spark.Partitioner;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import org.apache.spark.util.CollectionAccumulator;
import scala.Tuple2;

/**
 * The keyed tables' rows of a conversion that runs several pass tasks, deduplicated across the
 * tasks and written once, through a Spark shuffle: each task hands its newest copy of each key
 * ({@link NewestRows}) to the shuffle as one chunk per table partition (a users bucket, or the
 * whole of an unpartitioned table), and one reduce task per few partitions keeps the newest copy
 * of each key among the tasks' chunks, by the tables' order ({@link NewerRowsUpsert}'s), and writes
 * it into one data file per partition. Without it each task wrote its own files and the commit's
 * upsert read every partition's files back to rewrite them into one: the users were written twice
 * and read twice (docs/benchmarks.md).
 *
 * <p>A chunk is Spark's {@link UnsafeRow}s of the table's row type one after the other, each
 * preceded by its size: a few shuffle records per table partition and task, whose bytes the reduce
 * side reads in place. The quarantine rows of the pass go through the same shuffle, to the first
 * reduce task, and come out of the reduce stage as the pass's output. Like the pass tasks, a
 * reduce task only writes files: it reports them once complete through an accumulator, which Spark
 * merges for successful attempts only, and the driver commits them.
 */
final class KeyedShuffle {

    /**
     * Where a shuffle record goes: a keyed table (its index in the targets' tables) and partition.
     * It travels as its {@link #code}, an {@code Integer}, and a chunk as a {@code byte[]}: types
     * every Spark serializer handles (Kryo, which a cluster may configure, cannot read records).
     */
    record Slot(int table, int partition) {

        /** The slot of the pass's quarantine rows, whose shuffle records are {@link Row}s. */
        static final int PROBLEMS = -1;

        int code() {
            return table << 8 | partition;
        }

        static Slot of(int code) {
            return new Slot(code >> 8, code & 0xff);
        }
    }

    /** What one successful reduce attempt wrote: each keyed table's files by name. */
    record Files(int partitionId, Map<String, List<DataFile>> keyed) implements Serializable {}

    private KeyedShuffle() {}

    /** How many reduce tasks: one per core, and no more than the users' buckets. */
    static int reduceTasks(int parallelism) {
        return Math.max(1, Math.min(parallelism, LakeTables.USER_BUCKETS));
    }

    /**
     * Spreads the slots over the reduce tasks: a table's partitions round robin (the users
     * buckets), the unpartitioned tables one after the other across the tasks; quarantine rows to
     * the first.
     */
    static final class ByPartition extends Partitioner {

        private final int partitions;

        ByPartition(int partitions) {
            this.partitions = partitions;
        }

        @Override
        public int numPartitions() {
            return partitions;
        }

        @Override
        public int getPartition(Object key) {
            int code = (Integer) key;
            if (code == Slot.PROBLEMS) {
                return 0;
            }
            Slot slot = Slot.of(code);
            return Math.floorMod(slot.table() * 17 + slot.partition(), partitions);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof ByPartition that && that.partitions == partitions;
        }

        @Override
        public int hashCode() {
            return partitions;
        }
    }

    /**
     * Bytes of a chunk: a slot's rows become several chunks of about this size. One chunk per slot
     * grew by doubling and was copied once more to its length, so a task with a large table held
     * the table's rows two or three times over, in arrays the garbage collector allocates outside
     * the young generation (docs/benchmarks.md); chunks this small are ordinary young objects.
     */
    static final int CHUNK_BYTES = 256 * 1024;

    /**
     * The map side: one task's newest rows of a table (their {@link UnsafeRow} bytes, {@link
     * KeyedTable#newestRows}), as chunks of the partitions they fall in (sized rows one after the
     * other, about {@link #CHUNK_BYTES} each), keyed by their slot's code; empties {@code newest}.
     */
    static List<Tuple2<Integer, Object>> chunks(int tableIndex, KeyedTable<?> table, NewestRows<?, byte[]> newest) {
        return chunks(tableIndex, table, newest, CHUNK_BYTES);
    }

    static List<Tuple2<Integer, Object>> chunks(
            int tableIndex, KeyedTable<?> table, NewestRows<?, byte[]> newest, int chunkBytes) {
        List<Tuple2<Integer, Object>> chunks = new ArrayList<>();
        RowBuffer[] byPartition = new RowBuffer[table.bucketed() ? LakeTables.USER_BUCKETS : 1];
        newest.drain((key, row) -> {
            int partition = table.bucketed() ? ConvertTask.bucketOf(key) : 0;
            if (byPartition[partition] == null) {
                byPartition[partition] = new RowBuffer(new Slot(tableIndex, partition).code(), chunkBytes, chunks);
            }
            byPartition[partition].add(row);
        });
        for (RowBuffer rows : byPartition) {
            if (rows != null) {
                rows.flush();
            }
        }
        return chunks;
    }

    /**
     * The reduce side: the newest copy of each key of each slot this task received, written into
     * one file per slot; returns the quarantine rows it received.
     */
    static Iterator<Row> write(
            Configuration conf,
            ConvertTask.Targets targets,
            Iterator<Tuple2<Integer, Object>> records,
            CollectionAccumulator<Files> reports)
            throws IOException {
        TaskContext task = TaskContext.get();
        String fileTag =
                String.format("w%05d-%s-a%d", task.partitionId(), targets.conversionTag(), task.taskAttemptId());
        List<Row> problems = new ArrayList<>();
        TreeMap<Slot, List<byte[]>> chunks =
                new TreeMap<>(Comparator.comparingInt(Slot::table).thenComparingInt(Slot::partition));
        while (records.hasNext()) {
            Tuple2<Integer, Object> record = records.next();
            if (record._1() == Slot.PROBLEMS) {
                problems.add((Row) record._2());
            } else {
                chunks.computeIfAbsent(Slot.of(record._1()), slot -> new ArrayList<>())
                        .add((byte[]) record._2());
            }
        }
        List<KeyedTable<?>> tables = targets.tables();
        Map<String, List<DataFile>> written = new HashMap<>();
        while (!chunks.isEmpty()) {
            Map.Entry<Slot, List<byte[]>> slot = chunks.pollFirstEntry();
            KeyedTable<?> table = tables.get(slot.getKey().table());
            DataFileTarget target = targets.of(table);
            PartitionData partition = new PartitionData(target.spec().partitionType());
            if (table.bucketed()) {
                partition.set(0, slot.getKey().partition());
            }
            String name = String.format(
                    "%s-%s-%05d.parquet", table.name(), fileTag, slot.getKey().partition());
            DataWriter<InternalRow> writer = target.open(conf, partition, name);
            try (writer) {
                for (InternalRow row : newest(target.sparkType(), table.key(), slot.getValue())) {
                    writer.write(row);
                }
            }
            written.computeIfAbsent(table.name(), t -> new ArrayList<>()).add(writer.toDataFile());
        }
        reports.add(new Files(task.partitionId(), written));
        return problems.iterator();
    }

    /** The newest copy of each key among the chunks, rows of {@code rowType}, in the order the keys first come. */
    static Collection<UnsafeRow> newest(StructType rowType, String key, List<byte[]> chunks) {
        int fields = rowType.size();
        int keyIndex = rowType.fieldIndex(key);
        NewerRowsUpsert.NewestRowOrder order = new NewerRowsUpsert.NewestRowOrder(rowType);
        Map<UTF8String, UnsafeRow> winners = new LinkedHashMap<>();
        for (byte[] chunk : chunks) {
            for (int offset = 0; offset < chunk.length; offset += SizedRow.length(chunk, offset)) {
                UnsafeRow row = SizedRow.read(chunk, offset, fields);
                // the row points into the chunk, which outlives the map: so does its key
                winners.merge(row.getUTF8String(keyIndex), row, (a, b) -> (UnsafeRow) order.newer(a, b));
            }
        }
        return winners.values();
    }

    /** A slot's sized rows, handed on as a chunk each time the buffer is full. */
    private static final class RowBuffer {
        private final int code;
        private final List<Tuple2<Integer, Object>> chunks;
        private byte[] bytes;
        private int length;

        RowBuffer(int code, int chunkBytes, List<Tuple2<Integer, Object>> chunks) {
            this.code = code;
            this.chunks = chunks;
            this.bytes = new byte[chunkBytes];
        }

        void add(byte[] sized) {
            int length = SizedRow.length(sized, 0);
            if (this.length + length > bytes.length) {
                flush();
                if (length > bytes.length) {
                    bytes = new byte[length]; // a row larger than a chunk is a chunk of its own
                }
            }
            System.arraycopy(sized, 0, bytes, this.length, length);
            this.length += length;
        }

        /** Hands on the rows added since the last chunk, if any. */
        void flush() {
            if (length > 0) {
                chunks.add(new Tuple2<>(code, Arrays.copyOf(bytes, length)));
                length = 0;
            }
        }
    }
}
