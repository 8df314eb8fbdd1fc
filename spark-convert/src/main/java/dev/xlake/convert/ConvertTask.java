package dev.xlake.convert;

import dev.xlake.core.schema.LakeTables;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.PartitionData;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.transforms.Transforms;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.util.SerializableFunction;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.Row;
import org.apache.spark.unsafe.types.UTF8String;
import org.apache.spark.util.CollectionAccumulator;
import scala.Tuple2;

/**
 * One Spark task of a conversion: reads its pages one by one, writes their tweets as they come and
 * the newest copy of each key of the keyed tables ({@link KeyedTable}: users, referenced posts,
 * media, places, polls) at the end as Iceberg data files into the tables' data folders (or, when
 * the pass runs several tasks, hands it to {@link KeyedShuffle}, which writes each key once), and returns what it had to quarantine as rows of {@link LakeSchema#QUARANTINE}. Nothing
 * is committed here: the files reach a table only through the driver's commit ({@link
 * IcebergCommit}), and only those of an attempt that completed, because the report is added to the
 * accumulator once every file is closed and Spark merges the accumulator updates of successful
 * attempts only.
 */
final class ConvertTask {

    /** Tweets arrive roughly in time order: a few open files per task suffice. */
    private static final int OPEN_TWEET_FILES = 4;

    /**
     * The write targets: tweets, and each keyed table's by name ({@link KeyedTable#ALL}); a tag
     * unique to the conversion for file names.
     */
    record Targets(DataFileTarget tweets, Map<String, DataFileTarget> keyed, String conversionTag)
            implements Serializable {

        DataFileTarget of(KeyedTable<?> table) {
            return keyed.get(table.name());
        }

        /** The keyed tables written, in {@link KeyedTable#ALL}'s order. */
        List<KeyedTable<?>> tables() {
            return KeyedTable.ALL.stream()
                    .filter(table -> keyed.containsKey(table.name()))
                    .toList();
        }

        /** False when only users are written: pages are then read for tweets and users only. */
        boolean expansions() {
            return !tables().equals(List.of(KeyedTable.USERS));
        }
    }

    /** What one successful task attempt wrote: tweets, and each keyed table's files and rows by name. */
    record Files(
            int partitionId,
            List<DataFile> tweets,
            List<PageIdRange> ranges,
            Map<String, List<DataFile>> keyed,
            Map<String, Long> keyedRows)
            implements Serializable {}

    private final Configuration conf;
    private final Targets targets;
    private final String fileTag;

    private ConvertTask(Configuration conf, Targets targets, TaskContext task) {
        this.conf = conf;
        this.targets = targets;
        // unique across conversions and across attempts of this task
        this.fileTag = String.format("%05d-%s-a%d", task.partitionId(), targets.conversionTag(), task.taskAttemptId());
    }

    /**
     * Runs the task over its pages and writes the keyed tables' files itself; the body of the pass's
     * {@code mapPartitions} when it runs one task.
     */
    static Iterator<Row> run(
            Configuration conf, Targets targets, Iterator<PageRef> refs, CollectionAccumulator<Files> reports)
            throws IOException {
        TaskContext task = TaskContext.get();
        ConvertTask convert = new ConvertTask(conf, targets, task);
        Pass pass = convert.pass(refs);
        Map<String, Long> keyedRows = pass.keyedRows(); // counted before writing empties the tables
        Map<String, List<DataFile>> keyedFiles = new HashMap<>();
        for (int i = 0; i < pass.tables().size(); i++) {
            KeyedTable<?> table = pass.tables().get(i);
            keyedFiles.put(table.name(), convert.writeKeyed(table, pass.newest().get(i)));
        }
        reports.add(new Files(task.partitionId(), pass.tweets(), pass.ranges(), keyedFiles, keyedRows));
        return pass.problems().iterator();
    }

    /**
     * Runs the task over its pages and hands its newest keyed rows and its quarantine rows to the
     * shuffle that writes the keyed tables once ({@link KeyedShuffle}); the body of the pass's map
     * side when it runs several tasks.
     */
    static Iterator<Tuple2<Integer, Object>> runShuffled(
            Configuration conf, Targets targets, Iterator<PageRef> refs, CollectionAccumulator<Files> reports)
            throws IOException {
        TaskContext task = TaskContext.get();
        ConvertTask convert = new ConvertTask(conf, targets, task);
        Pass pass = convert.pass(refs);
        reports.add(new Files(task.partitionId(), pass.tweets(), pass.ranges(), Map.of(), pass.keyedRows()));
        List<Tuple2<Integer, Object>> out = new ArrayList<>();
        for (int i = 0; i < pass.tables().size(); i++) {
            out.addAll(
                    KeyedShuffle.chunks(i, pass.tables().get(i), pass.newest().get(i)));
        }
        pass.problems().forEach(problem -> out.add(new Tuple2<>(KeyedShuffle.Slot.PROBLEMS, problem)));
        return out.iterator();
    }

    /** What a task's pass over its pages gives: tweets files written, the keyed tables' newest rows kept. */
    private record Pass(
            List<DataFile> tweets,
            List<PageIdRange> ranges,
            List<KeyedTable<?>> tables,
            List<NewestRows<KeyedRecord, byte[]>> newest,
            List<Row> problems) {

        Map<String, Long> keyedRows() {
            Map<String, Long> rows = new HashMap<>();
            for (int i = 0; i < tables.size(); i++) {
                rows.put(tables.get(i).name(), (long) newest.get(i).size());
            }
            return rows;
        }
    }

    private Pass pass(Iterator<PageRef> refs) throws IOException {
        List<Row> problems = new ArrayList<>();
        List<PageIdRange> ranges = new ArrayList<>();
        List<KeyedTable<?>> tables = targets.tables();
        List<NewestRows<KeyedRecord, byte[]>> newest = new ArrayList<>();
        tables.forEach(table -> newest.add(newestRows(table)));
        List<DataFile> tweetFiles = writeTweets(refs, tables, ranges, newest, problems);
        return new Pass(tweetFiles, ranges, tables, newest, problems);
    }

    /** The bucket of a bucketed keyed table's key, Iceberg's {@code bucket(16, key)}. */
    static int bucketOf(String key) {
        return BUCKET.apply(key);
    }

    private static final SerializableFunction<Object, Integer> BUCKET =
            Transforms.<Object>bucket(LakeTables.USER_BUCKETS).bind(Types.StringType.get());

    private List<DataFile> writeTweets(
            Iterator<PageRef> refs,
            List<KeyedTable<?>> tables,
            List<PageIdRange> ranges,
            List<NewestRows<KeyedRecord, byte[]>> newest,
            List<Row> problems)
            throws IOException {
        RawPageReader reader = new RawPageReader(conf, targets.expansions());
        PartitionSpec spec = targets.tweets().spec();
        PageFlattener.Kept kept = (table, key, fetchedMicros, runId, rawObject) -> {
            int i = tables.indexOf(table);
            return i >= 0 && newest.get(i).holdsNewer(key, fetchedMicros, runId, rawObject);
        };
        try (PartitionedDataFiles files =
                new PartitionedDataFiles(targets.tweets(), conf, "tweets-" + fileTag, OPEN_TWEET_FILES)) {
            PageStrings strings = new PageStrings();
            Map<String, PartitionData> partitions = new HashMap<>();
            while (refs.hasNext()) {
                FlattenedPage page = read(reader, refs.next(), kept);
                PageIdRange range = PageIdRange.of(page.tweets());
                if (range != null) {
                    ranges.add(range);
                }
                for (TweetRecord tweet : page.tweets()) {
                    strings.of(tweet);
                    PartitionData partition = partitions.computeIfAbsent(
                            tweet.query() + "/" + tweet.dt(), key -> tweetPartition(spec, tweet));
                    files.write(
                            partition,
                            LakeSchema.tweetRow(tweet, strings.query, strings.dt, strings.runId, strings.rawObject));
                }
                for (int i = 0; i < tables.size(); i++) {
                    offer(tables.get(i), page, newest.get(i));
                }
                page.quarantined().forEach(q -> problems.add(LakeSchema.quarantineRow(q)));
            }
            return files.finish();
        }
    }

    /**
     * Reads a page; a failure that is not the page's fault (those are quarantined) fails the task,
     * and its message names the page, so a task failing for good says which page and why.
     */
    private static FlattenedPage read(RawPageReader reader, PageRef ref, PageFlattener.Kept kept) {
        try {
            return reader.read(ref, kept);
        } catch (UncheckedIOException e) {
            throw e; // RawPageReader's own: "Cannot read page <uri>: <cause>"
        } catch (RuntimeException e) {
            String cause = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
            throw new ConvertException("Cannot read page " + ref.uri() + ": " + cause, e);
        }
    }

    @SuppressWarnings("unchecked")
    private static <R extends KeyedRecord> void offer(
            KeyedTable<R> table, FlattenedPage page, NewestRows<KeyedRecord, byte[]> newest) {
        table.offer(page, (NewestRows<R, byte[]>) (NewestRows<?, ?>) newest);
    }

    /** A table's newest rows as the bytes of rows of its write target's type. */
    @SuppressWarnings("unchecked")
    private NewestRows<KeyedRecord, byte[]> newestRows(KeyedTable<?> table) {
        return (NewestRows<KeyedRecord, byte[]>)
                (NewestRows<?, ?>) table.newestRows(targets.of(table).sparkType(), NewestRows.RECORDS_UP_TO);
    }

    /** A keyed table's newest rows: one file per bucket they fall in, or one file if unpartitioned. */
    private List<DataFile> writeKeyed(KeyedTable<?> table, NewestRows<?, byte[]> newest) throws IOException {
        if (newest.isEmpty()) {
            return List.of();
        }
        DataFileTarget target = targets.of(table);
        PartitionSpec spec = target.spec();
        int fields = target.sparkType().size();
        PartitionData unpartitioned = new PartitionData(spec.partitionType());
        Map<Integer, PartitionData> buckets = new HashMap<>();
        int files = table.bucketed() ? LakeTables.USER_BUCKETS : 1;
        try (PartitionedDataFiles writer =
                new PartitionedDataFiles(target, conf, table.name() + "-" + fileTag, files)) {
            newest.drain((key, bytes) -> {
                PartitionData partition = !table.bucketed()
                        ? unpartitioned
                        : buckets.computeIfAbsent(bucketOf(key), value -> {
                            PartitionData data = new PartitionData(spec.partitionType());
                            data.set(0, value);
                            return data;
                        });
                try {
                    writer.write(partition, SizedRow.read(bytes, 0, fields));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            return writer.finish();
        }
    }

    /** The tweets partition of a tweet: its query and the day of its {@code created_at}, UTC. */
    private static PartitionData tweetPartition(PartitionSpec spec, TweetRecord tweet) {
        PartitionData partition = new PartitionData(spec.partitionType());
        partition.set(0, tweet.query());
        partition.set(1, (int) Math.floorDiv(tweet.createdAt().getEpochSecond(), 86_400L));
        return partition;
    }

    /**
     * The strings all tweets of a page share (and their day, one or two per page), converted to
     * UTF-8 once per page, not per tweet.
     */
    private static final class PageStrings {
        private String lastQuery;
        private String lastDt;
        private String lastRunId;
        private String lastRawObject;
        UTF8String query;
        UTF8String dt;
        UTF8String runId;
        UTF8String rawObject;

        void of(TweetRecord tweet) {
            if (!Objects.equals(tweet.query(), lastQuery)) {
                lastQuery = tweet.query();
                query = LakeSchema.utf8(lastQuery);
            }
            if (!Objects.equals(tweet.dt(), lastDt)) {
                lastDt = tweet.dt();
                dt = LakeSchema.utf8(lastDt);
            }
            // the same String instances for a whole page: identity is the cheap check
            if (tweet.runId() != lastRunId || tweet.rawObject() != lastRawObject) {
                lastRunId = tweet.runId();
                lastRawObject = tweet.rawObject();
                runId = LakeSchema.utf8(lastRunId);
                rawObject = LakeSchema.utf8(lastRawObject);
            }
        }
    }
}
