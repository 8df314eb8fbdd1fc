package dev.xlake.convert;

import dev.xlake.core.schema.LakeTables;
import java.io.IOException;
import java.io.Serializable;
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

/**
 * One Spark task of a conversion: reads its pages one by one, writes their tweets as they come and
 * the newest copy of each of their users at the end as Iceberg data files into the tables' data
 * folders, and returns what it had to quarantine as rows of {@link LakeSchema#QUARANTINE}. Nothing
 * is committed here: the files reach a table only through the driver's commit ({@link
 * IcebergCommit}), and only those of an attempt that completed, because the report is added to the
 * accumulator once every file is closed and Spark merges the accumulator updates of successful
 * attempts only.
 */
final class ConvertTask {

    /** Tweets arrive roughly in time order: a few open files per task suffice. */
    private static final int OPEN_TWEET_FILES = 4;

    /** The two tables' write targets, and a tag unique to the conversion for file names. */
    record Targets(DataFileTarget tweets, DataFileTarget users, String conversionTag) implements Serializable {}

    /** What one successful task attempt wrote. */
    record Files(int partitionId, List<DataFile> tweets, List<PageIdRange> ranges, List<DataFile> users, long userRows)
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

    /** Runs the task over its pages; the body of the pass's {@code mapPartitions}. */
    static Iterator<Row> run(
            Configuration conf, Targets targets, Iterator<PageRef> refs, CollectionAccumulator<Files> reports)
            throws IOException {
        TaskContext task = TaskContext.get();
        ConvertTask convert = new ConvertTask(conf, targets, task);
        List<Row> problems = new ArrayList<>();
        List<PageIdRange> ranges = new ArrayList<>();
        NewestUsers newestUsers = new NewestUsers();
        List<DataFile> tweetFiles = convert.writeTweets(refs, ranges, newestUsers, problems);
        List<DataFile> userFiles = convert.writeUsers(newestUsers);
        reports.add(new Files(task.partitionId(), tweetFiles, ranges, userFiles, newestUsers.size()));
        return problems.iterator();
    }

    private List<DataFile> writeTweets(
            Iterator<PageRef> refs, List<PageIdRange> ranges, NewestUsers newestUsers, List<Row> problems)
            throws IOException {
        RawPageReader reader = new RawPageReader(conf);
        PartitionSpec spec = targets.tweets().spec();
        try (PartitionedDataFiles files =
                new PartitionedDataFiles(targets.tweets(), conf, "tweets-" + fileTag, OPEN_TWEET_FILES)) {
            PageStrings strings = new PageStrings();
            Map<String, PartitionData> partitions = new HashMap<>();
            while (refs.hasNext()) {
                FlattenedPage page = reader.read(refs.next());
                PageIdRange range = PageIdRange.of(page.tweets());
                if (range != null) {
                    ranges.add(range);
                }
                for (TweetRecord tweet : page.tweets()) {
                    strings.of(tweet);
                    PartitionData partition = partitions.computeIfAbsent(
                            tweet.query() + "/" + tweet.dt(), key -> tweetPartition(spec, tweet));
                    files.write(partition, LakeSchema.tweetRow(tweet, strings.query, strings.runId, strings.rawObject));
                }
                page.users().forEach(newestUsers::offer);
                page.quarantined().forEach(q -> problems.add(LakeSchema.quarantineRow(q)));
            }
            return files.finish();
        }
    }

    /** One file per users bucket the task's users fall in. */
    private List<DataFile> writeUsers(NewestUsers newestUsers) throws IOException {
        if (newestUsers.isEmpty()) {
            return List.of();
        }
        PartitionSpec spec = targets.users().spec();
        SerializableFunction<Object, Integer> bucket =
                Transforms.<Object>bucket(LakeTables.USER_BUCKETS).bind(Types.StringType.get());
        Map<Integer, PartitionData> buckets = new HashMap<>();
        try (PartitionedDataFiles files =
                new PartitionedDataFiles(targets.users(), conf, "users-" + fileTag, LakeTables.USER_BUCKETS)) {
            for (UserRecord user : newestUsers.values()) {
                PartitionData partition = buckets.computeIfAbsent(bucket.apply(user.id()), value -> {
                    PartitionData data = new PartitionData(spec.partitionType());
                    data.set(0, value);
                    return data;
                });
                files.write(partition, LakeSchema.userFileRow(user));
            }
            return files.finish();
        }
    }

    /** The tweets partition of a tweet: its query and the day of its {@code created_at}, UTC. */
    private static PartitionData tweetPartition(PartitionSpec spec, TweetRecord tweet) {
        PartitionData partition = new PartitionData(spec.partitionType());
        partition.set(0, tweet.query());
        partition.set(1, (int) Math.floorDiv(tweet.createdAt().getEpochSecond(), 86_400L));
        return partition;
    }

    /** The strings all tweets of a page share, converted to UTF-8 once per page, not per tweet. */
    private static final class PageStrings {
        private String lastQuery;
        private String lastRunId;
        private String lastRawObject;
        UTF8String query;
        UTF8String runId;
        UTF8String rawObject;

        void of(TweetRecord tweet) {
            if (!Objects.equals(tweet.query(), lastQuery)) {
                lastQuery = tweet.query();
                query = LakeSchema.utf8(lastQuery);
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
