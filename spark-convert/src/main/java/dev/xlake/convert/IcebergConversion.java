package dev.xlake.convert;

import dev.xlake.core.schema.LakeTables;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.PartitionData;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.util.SerializableFunction;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.unsafe.types.UTF8String;
import org.apache.spark.util.CollectionAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A conversion into the Iceberg tables ({@link IcebergLake}): the runs the tables' snapshots
 * record are skipped; the pages of the others are read once by Spark tasks, which write their
 * tweets and users straight into the tables' data folders as Iceberg data files and report them
 * through an accumulator (Spark merges the updates of successful attempts only, so a file of an
 * attempt that died never reaches a table); the driver then commits each table once
 * ({@link IcebergCommit}).
 *
 * <p>A conversion that dies before a commit leaves that table at its previous snapshot; what its
 * tasks wrote is unreferenced (table maintenance removes orphan files), and converting again
 * converts its runs again. One that dies between the two commits has its runs in the tweets
 * ledger only: the next conversion of those runs adds their users and skips their tweets.
 */
final class IcebergConversion {

    private static final Logger LOG = LoggerFactory.getLogger(IcebergConversion.class);
    /** Tweets arrive roughly in time order: a few open files per task suffice. */
    private static final int OPEN_TWEET_FILES = 4;

    private IcebergConversion() {}

    static ConvertSummary run(
            SparkSession spark, String catalog, Path output, List<PageRef> listed, Path quarantine, long started) {
        IcebergLake lake = IcebergLake.open(spark, catalog, output.toString());
        Table tweets = lake.tweets();
        Table users = lake.users();
        SortedSet<String> inBoth = IcebergCommit.committedRuns(tweets);
        inBoth.retainAll(IcebergCommit.committedRuns(users));
        List<PageRef> pages =
                listed.stream().filter(page -> !inBoth.contains(runOf(page))).toList();
        SortedSet<String> skipped = listed.stream()
                .map(IcebergConversion::runOf)
                .filter(inBoth::contains)
                .collect(Collectors.toCollection(TreeSet::new));
        if (!skipped.isEmpty()) {
            LOG.info("Skipping {} pages of runs committed already: {}", listed.size() - pages.size(), skipped);
        }
        if (pages.isEmpty()) {
            return new ConvertSummary(0, 0, 0, 0, 0, 0, 0, List.of(), List.of(), Converter.secondsSince(started));
        }
        Set<String> runs = pages.stream().map(IcebergConversion::runOf).collect(Collectors.toCollection(TreeSet::new));
        LOG.info("Converting {} pages of runs {} into {}", pages.size(), runs, output);

        Targets targets = new Targets(
                DataFileTarget.of(
                        tweets, IcebergSchemas.withIdsOf(lake.tweetsDef(), tweets.schema()), LakeSchema.TWEETS),
                DataFileTarget.of(users, IcebergSchemas.withIdsOf(lake.usersDef(), users.schema()), LakeSchema.USERS),
                "x" + UUID.randomUUID().toString().replace("-", "").substring(0, 12));
        CollectionAccumulator<TaskFiles> reports = spark.sparkContext().collectionAccumulator("xlake data files");
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        SerializableHadoopConf shippedConf = new SerializableHadoopConf(conf);
        int slices = Math.max(
                1,
                Math.min(
                        pages.size(),
                        Converter.tasksPerCore(pages) * spark.sparkContext().defaultParallelism()));
        JavaRDD<Row> rows = JavaSparkContext.fromSparkContext(spark.sparkContext())
                .parallelize(pages, slices)
                .mapPartitions(refs -> convertTask(shippedConf.get(), targets, refs, reports));
        Dataset<Row> problems =
                spark.createDataFrame(rows, LakeSchema.QUARANTINE).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            long quarantined = problems.count(); // the one pass over the pages: data files written
            long passed = System.nanoTime();
            Written written = Written.of(reports.value(), conf);
            IcebergCommit.Outcome tweetsOutcome = IcebergCommit.commit(
                    spark,
                    new IcebergCommit.Target(
                            tweets,
                            IcebergLake.sqlName(lake.tweetsDef()),
                            LakeSchema.TWEETS,
                            List.of(LakeTables.QUERY, "id")),
                    written.tweets(),
                    runs,
                    PageIdRange.mayRepeat(written.ranges()));
            long tweetsDone = System.nanoTime();
            // every task holds authors of its own pages, and the same authors recur across tasks
            IcebergCommit.Outcome usersOutcome = IcebergCommit.commit(
                    spark,
                    new IcebergCommit.Target(
                            users, IcebergLake.sqlName(lake.usersDef()), LakeSchema.USERS, List.of("id")),
                    written.users(),
                    runs,
                    true);
            long usersDone = System.nanoTime();
            if (quarantined > 0) {
                Converter.writeQuarantine(problems, quarantine);
            }
            LOG.info(
                    "Phases (s): pages pass {}, tweets {} {}, users {} {}",
                    Converter.seconds(started, passed),
                    tweetsOutcome.how(),
                    Converter.seconds(passed, tweetsDone),
                    usersOutcome.how(),
                    Converter.seconds(tweetsDone, usersDone));
            long tweetsRead =
                    written.tweets().stream().mapToLong(DataFile::recordCount).sum();
            PartitionSpec tweetSpec = tweets.spec();
            PartitionSpec userSpec = users.spec();
            return new ConvertSummary(
                    pages.size(),
                    tweetsRead,
                    tweetsOutcome.rowsAdded(),
                    tweetsRead - tweetsOutcome.rowsAdded(),
                    written.userRows(),
                    usersOutcome.rowsAdded(),
                    quarantined,
                    partitions(tweetSpec, written.tweets()),
                    partitions(userSpec, written.users()),
                    Converter.secondsSince(started));
        } finally {
            problems.unpersist();
        }
    }

    /** The run a page belongs to in the ledger. */
    static String runOf(PageRef page) {
        return page.runId() == null ? IcebergCommit.ADHOC_RUN : page.runId();
    }

    private static List<String> partitions(PartitionSpec spec, List<DataFile> files) {
        return files.stream()
                .map(file -> spec.partitionToPath(file.partition()))
                .collect(Collectors.toCollection(TreeSet::new))
                .stream()
                .toList();
    }

    /** The two tables' write targets, and a tag unique to this conversion for file names. */
    private record Targets(DataFileTarget tweets, DataFileTarget users, String conversionTag) implements Serializable {}

    /**
     * Reads the task's pages one by one: tweets go into data files as they come, problems are kept
     * as rows, users are reduced to the newest copy per id and written at the end, one file per
     * bucket. The report is added once every file is complete.
     */
    private static Iterator<Row> convertTask(
            Configuration conf, Targets targets, Iterator<PageRef> refs, CollectionAccumulator<TaskFiles> reports)
            throws IOException {
        TaskContext task = TaskContext.get();
        RawPageReader reader = new RawPageReader(conf);
        NewestUsers newestUsers = new NewestUsers();
        List<Row> rows = new ArrayList<>();
        List<PageIdRange> ranges = new ArrayList<>();
        // unique across conversions and across attempts of this task
        String fileTag =
                String.format("%05d-%s-a%d", task.partitionId(), targets.conversionTag(), task.taskAttemptId());
        PartitionSpec tweetSpec = targets.tweets().spec();
        List<DataFile> tweetFiles;
        try (PartitionedDataFiles files =
                new PartitionedDataFiles(targets.tweets(), conf, "tweets-" + fileTag, OPEN_TWEET_FILES)) {
            String lastQuery = null;
            UTF8String query = null;
            String lastRunId = null;
            String lastRawObject = null;
            UTF8String runId = null;
            UTF8String rawObject = null;
            Map<String, PartitionData> partitions = new java.util.HashMap<>();
            while (refs.hasNext()) {
                FlattenedPage page = reader.read(refs.next());
                PageIdRange range = PageIdRange.of(page.tweets());
                if (range != null) {
                    ranges.add(range);
                }
                for (TweetRecord tweet : page.tweets()) {
                    // the same strings for all tweets of a page: converted to UTF-8 once per page
                    if (!Objects.equals(tweet.query(), lastQuery)) {
                        lastQuery = tweet.query();
                        query = LakeSchema.utf8(lastQuery);
                    }
                    if (tweet.runId() != lastRunId || tweet.rawObject() != lastRawObject) {
                        lastRunId = tweet.runId();
                        lastRawObject = tweet.rawObject();
                        runId = LakeSchema.utf8(lastRunId);
                        rawObject = LakeSchema.utf8(lastRawObject);
                    }
                    PartitionData partition = partitions.computeIfAbsent(
                            tweet.query() + "/" + tweet.dt(), key -> tweetPartition(tweetSpec, tweet));
                    files.write(partition, LakeSchema.tweetRow(tweet, query, runId, rawObject));
                }
                page.users().forEach(newestUsers::offer);
                page.quarantined().forEach(q -> rows.add(LakeSchema.quarantineRow(q)));
            }
            tweetFiles = files.finish();
        }
        List<DataFile> userFiles = List.of();
        if (!newestUsers.isEmpty()) {
            PartitionSpec userSpec = targets.users().spec();
            SerializableFunction<Object, Integer> bucket = org.apache.iceberg.transforms.Transforms.<Object>bucket(
                            LakeTables.USER_BUCKETS)
                    .bind(Types.StringType.get());
            Map<Integer, PartitionData> buckets = new java.util.HashMap<>();
            try (PartitionedDataFiles files =
                    new PartitionedDataFiles(targets.users(), conf, "users-" + fileTag, LakeTables.USER_BUCKETS)) {
                for (UserRecord user : newestUsers.values()) {
                    PartitionData partition = buckets.computeIfAbsent(bucket.apply(user.id()), value -> {
                        PartitionData data = new PartitionData(userSpec.partitionType());
                        data.set(0, value);
                        return data;
                    });
                    files.write(partition, LakeSchema.userFileRow(user));
                }
                userFiles = files.finish();
            }
        }
        reports.add(new TaskFiles(task.partitionId(), tweetFiles, ranges, userFiles, newestUsers.size()));
        return rows.iterator();
    }

    /** The tweets partition of a tweet: its query and the day of its {@code created_at}, UTC. */
    private static PartitionData tweetPartition(PartitionSpec spec, TweetRecord tweet) {
        PartitionData partition = new PartitionData(spec.partitionType());
        partition.set(0, tweet.query());
        partition.set(1, (int) Math.floorDiv(tweet.createdAt().getEpochSecond(), 86_400L));
        return partition;
    }

    /** What one successful task attempt wrote. */
    record TaskFiles(
            int partitionId, List<DataFile> tweets, List<PageIdRange> ranges, List<DataFile> users, long userRows)
            implements Serializable {}

    /**
     * The files of the pass, one report per task: a task that ran twice (a recomputed cache block)
     * wrote its rows twice, and either complete copy will do; the other copy is deleted.
     */
    private record Written(List<DataFile> tweets, List<PageIdRange> ranges, List<DataFile> users, long userRows) {

        static Written of(List<TaskFiles> reports, Configuration conf) {
            Map<Integer, TaskFiles> byTask = new TreeMap<>();
            List<DataFile> extra = new ArrayList<>();
            for (TaskFiles report : reports) {
                if (byTask.putIfAbsent(report.partitionId(), report) != null) {
                    extra.addAll(report.tweets());
                    extra.addAll(report.users());
                }
            }
            IcebergCommit.deleteQuietly(conf, extra);
            Collection<TaskFiles> tasks = byTask.values();
            return new Written(
                    tasks.stream().flatMap(t -> t.tweets().stream()).toList(),
                    tasks.stream().flatMap(t -> t.ranges().stream()).toList(),
                    tasks.stream().flatMap(t -> t.users().stream()).toList(),
                    tasks.stream().mapToLong(TaskFiles::userRows).sum());
        }
    }
}
