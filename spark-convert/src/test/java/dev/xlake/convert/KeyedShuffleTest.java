package dev.xlake.convert;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.JavaSerializer;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.Serializer;
import org.apache.spark.serializer.SerializerInstance;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.Platform;
import org.junit.jupiter.api.Test;
import scala.Tuple2;
import scala.reflect.ClassTag$;

class KeyedShuffleTest {

    private static final Instant T = Instant.parse("2026-11-25T20:15:00.123456Z");
    private static final StructType USERS = KeyedTable.USERS.sparkType();

    @Test
    void shouldKeepTheNewestCopyOfEachKeyAmongTheTasksChunksByTheTablesOrder() {
        Map<KeyedShuffle.Slot, List<byte[]>> bySlot = shouldKeepTheNewestCopyOfEachKey(KeyedShuffle.CHUNK_BYTES);

        assertThat(bySlot.values())
                .allSatisfy(
                        chunks -> assertThat(chunks).as("one chunk per task").hasSizeLessThanOrEqualTo(2));
    }

    @Test
    void shouldSplitASlotsRowsIntoChunksOfAboutTheChunkSize() {
        // a user row is a few hundred bytes: chunks of 2,000 bytes hold a few rows, of 100 bytes one each
        for (int chunkBytes : new int[] {2_000, 100}) {
            Map<KeyedShuffle.Slot, List<byte[]>> bySlot = shouldKeepTheNewestCopyOfEachKey(chunkBytes);

            assertThat(bySlot.values()).allSatisfy(chunks -> assertThat(chunks).hasSizeGreaterThan(2));
            assertThat(bySlot.values().stream().flatMap(List::stream))
                    .allSatisfy(chunk -> assertThat(chunk.length <= chunkBytes || rows(chunk) == 1)
                            .as("size %d", chunk.length)
                            .isTrue());
        }
    }

    /** A task's newest users as the pass keeps them. */
    private static NewestRows<UserRecord, byte[]> newestRows(List<UserRecord> users) {
        NewestRows<UserRecord, byte[]> newest = KeyedTable.USERS.newestRows(USERS, NewestRows.RECORDS_UP_TO);
        users.forEach(newest::offer);
        return newest;
    }

    /** Counts the sized rows of a chunk. */
    private static int rows(byte[] chunk) {
        int rows = 0;
        for (int offset = 0; offset < chunk.length; rows++) {
            offset += Integer.BYTES + Platform.getInt(chunk, Platform.BYTE_ARRAY_OFFSET + offset);
        }
        return rows;
    }

    private static Map<KeyedShuffle.Slot, List<byte[]>> shouldKeepTheNewestCopyOfEachKey(int chunkBytes) {
        // Given two tasks' newest users (each key once per task, many keys in both), ties included
        Random random = new Random(5);
        List<List<UserRecord>> tasks = List.of(new ArrayList<>(), new ArrayList<>());
        for (int i = 0; i < 3_000; i++) {
            String id = Long.toUnsignedString(1_600_000_000_000_000_000L + ((long) i << 22));
            for (List<UserRecord> task : tasks) {
                if (random.nextInt(3) > 0) {
                    String run = random.nextInt(4) == 0 ? null : "R" + random.nextInt(2);
                    task.add(NewestRowsTest.user(id, T.plusSeconds(random.nextInt(3)), run, "k" + random.nextInt(3)));
                }
            }
        }
        Comparator<UserRecord> order = Comparator.comparing(UserRecord::fetchedAt)
                .thenComparing(UserRecord::runId, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(UserRecord::rawObject);
        Map<String, UserRecord> expected = new HashMap<>();
        tasks.forEach(task ->
                task.forEach(user -> expected.merge(user.id(), user, (a, b) -> order.compare(b, a) > 0 ? b : a)));

        // When each task's rows become chunks by bucket, and each bucket's chunks are merged
        Map<KeyedShuffle.Slot, List<byte[]>> bySlot = new HashMap<>();
        for (List<UserRecord> task : tasks) {
            NewestRows<UserRecord, byte[]> newest = newestRows(task);
            for (Tuple2<Integer, Object> chunk : KeyedShuffle.chunks(0, KeyedTable.USERS, newest, chunkBytes)) {
                bySlot.computeIfAbsent(KeyedShuffle.Slot.of(chunk._1()), slot -> new ArrayList<>())
                        .add((byte[]) chunk._2());
            }
            assertThat(newest.isEmpty()).as("the task's rows handed on").isTrue();
        }

        // Then each bucket holds its keys only, and each key's newest copy, once
        Map<String, String> kept = new HashMap<>();
        bySlot.forEach((slot, chunks) -> {
            assertThat(slot.table()).isZero();
            for (UnsafeRow row : KeyedShuffle.newest(USERS, "id", chunks)) {
                String id = row.getUTF8String(USERS.fieldIndex("id")).toString();
                assertThat(ConvertTask.bucketOf(id)).as(id).isEqualTo(slot.partition());
                String copy = row.getLong(USERS.fieldIndex("fetched_at")) + "/"
                        + row.getUTF8String(USERS.fieldIndex("raw_object")) + "/"
                        + (row.isNullAt(USERS.fieldIndex("run_id"))
                                ? null
                                : row.getUTF8String(USERS.fieldIndex("run_id")));
                assertThat(kept.put(id, copy)).as(id).isNull();
            }
        });
        Map<String, String> expectedCopies = new HashMap<>();
        expected.forEach((id, user) -> expectedCopies.put(
                id, LakeSchema.micros(user.fetchedAt()) + "/" + user.rawObject() + "/" + user.runId()));
        assertThat(kept).isEqualTo(expectedCopies);
        return bySlot;
    }

    @Test
    void shouldSpreadTheBucketsAndTheUnpartitionedTablesOverTheReduceTasks() {
        KeyedShuffle.ByPartition two = new KeyedShuffle.ByPartition(KeyedShuffle.reduceTasks(2));
        assertThat(IntStream.range(0, 16).map(bucket -> two.getPartition(new KeyedShuffle.Slot(0, bucket).code())))
                .containsOnly(0, 1)
                .filteredOn(partition -> partition == 0)
                .hasSize(8);
        assertThat(IntStream.range(1, 5).map(table -> two.getPartition(new KeyedShuffle.Slot(table, 0).code())))
                .containsOnly(0, 1)
                .contains(0, 1);
        assertThat(two.getPartition(KeyedShuffle.Slot.PROBLEMS)).isZero();
        KeyedShuffle.ByPartition many = new KeyedShuffle.ByPartition(KeyedShuffle.reduceTasks(64));
        assertThat(many.numPartitions()).isEqualTo(16);
        assertThat(IntStream.range(0, 16).map(bucket -> many.getPartition(new KeyedShuffle.Slot(0, bucket).code())))
                .doesNotHaveDuplicates();
    }

    @Test
    void shouldShipItsShuffleRecordsThroughKryoAsThroughJavaSerialization() {
        // Given a chunk and a quarantine row as the pass hands them to the shuffle
        List<Tuple2<Integer, Object>> records = new ArrayList<>(
                KeyedShuffle.chunks(0, KeyedTable.USERS, newestRows(List.of(NewestRowsTest.user("42", T, "R1", "k")))));
        records.add(new Tuple2<>(
                KeyedShuffle.Slot.PROBLEMS, RowFactory.create("R1", "reason", null, "k", "kpop", "1", "{}")));

        // Then either serializer a cluster may configure gives them back
        for (Serializer serializer :
                List.of(new KryoSerializer(new SparkConf()), new JavaSerializer(new SparkConf()))) {
            SerializerInstance instance = serializer.newInstance();
            for (Tuple2<Integer, Object> record : records) {
                Tuple2<?, ?> back = (Tuple2<?, ?>) instance.<Object>deserialize(
                        instance.serialize(record, ClassTag$.MODULE$.Any()), ClassTag$.MODULE$.Any());
                assertThat(back._1()).isEqualTo(record._1());
                assertThat(back._2()).isEqualTo(record._2());
            }
        }
    }
}
