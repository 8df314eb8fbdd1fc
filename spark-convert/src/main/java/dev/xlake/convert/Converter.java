package dev.xlake.convert;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.row_number;

import dev.xlake.core.schema.LakeTables;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.CollectionAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Converts raw X pages into the curated Parquet tables: {@code <output>/tweets} (partitioned by
 * query and tweet date) and {@code <output>/users} (by id bucket), plus quarantine records.
 *
 * <p>Pages are read once. Their paths are parallelised; each task reads its pages through the
 * Hadoop FileSystem API, flattens them ({@link PageFlattener}), writes their tweets straight into
 * Parquet files under {@code <output>/_xlake_staging/<uuid>/tweets/} ({@link TweetStager}), keeps
 * the newest copy of each user ({@link NewestUsers}) and writes those into one file under
 * {@code …/users/} at the end, and returns only quarantine records, which are cached. A task
 * reports its staged files through an accumulator once they are complete, and Spark merges
 * accumulator updates of successful attempts only, so a task that died halfway never reaches the
 * table ({@code ConverterTaskFailureIT}). Schemas are explicit; Spark never infers one.
 *
 * <p>Idempotency: when the pages' id ranges cannot overlap, a touched tweet partition that does
 * not exist yet, or whose ids all lie outside the staged files' id range, gets the staged files
 * moved in as they are ({@link #commitTweets}). Otherwise the partition is rewritten as (its
 * existing rows + the staged rows), with one row per key and the newest {@code fetched_at}
 * winning; users always take that path. A rewrite is written into the staging folder first and
 * then swapped in by {@link PartitionSwap}, which moves the new files in before it deletes the old
 * ones and journals the swap, so a conversion that dies at any point loses no row: at worst a
 * partition holds old and new files side by side until the next conversion rewrites it.
 * {@code ConverterIT} re-runs and overlaps runs, {@code ConverterTaskFailureIT} kills tasks and a
 * swap. The staging folder is deleted at the end, whether the conversion succeeded or not.
 */
public final class Converter {

    private static final Logger LOG = LoggerFactory.getLogger(Converter.class);
    private static final String TWEETS_DIR = "tweets";
    private static final String USERS_DIR = "users";
    private static final String STAGING_DIR = "_xlake_staging";
    private static final String MERGED_DIR = "merged";
    /** Spark setting: the most data files an existing tweets partition may reach by adding files. */
    static final String MAX_FILES_KEY = "spark.xlake.convert.maxFilesPerPartition";

    static final int DEFAULT_MAX_FILES = 48;
    /**
     * Users columns whose values are (nearly) one per user, so a dictionary only costs CPU: it
     * overflows and falls back to plain encoding (the benchmark's column report shows which).
     */
    static final List<String> USERS_NO_DICTIONARY_COLUMNS = List.of(
            "id",
            "username",
            "name",
            "created_at",
            "description",
            "url",
            "profile_image_url",
            "followers_count",
            "following_count",
            "tweet_count",
            "like_count",
            "pinned_tweet_id",
            "raw_object");

    private Converter() {}

    public static ConvertSummary run(SparkSession spark, ConvertOptions options) {
        long started = System.nanoTime();
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        if (options.s3Endpoint() != null) {
            S3aSettings.pointAt(conf, options.s3Endpoint());
        }
        configure(spark);
        Path output = checkedFolder(conf, options.output(), "output");
        Path quarantine = checkedFolder(
                conf,
                options.quarantine() != null
                        ? options.quarantine()
                        : new Path(output.getParent(), "quarantine/convert").toString(),
                "quarantine");

        PageListing listing = new PageListing(conf);
        List<PageRef> pages = options.input() != null
                ? listing.fromInput(options.input())
                : listing.fromManifests(options.manifests());
        if (options.catalog() != null) {
            pages = CatchUp.withUncommitted(spark, options, listing, pages);
            return IcebergConversion.run(spark, options.catalog(), output, pages, quarantine, started);
        }
        LOG.info("Converting {} pages into {}", pages.size(), output);
        if (pages.isEmpty()) {
            return new ConvertSummary(0, 0, 0, 0, 0, 0, 0, List.of(), List.of(), secondsSince(started));
        }

        // Staged tweets live beside the tables, under a name every Parquet/Hive reader skips.
        Path staging = new Path(output, STAGING_DIR + "/" + UUID.randomUUID());
        CollectionAccumulator<StagedTask> reports = spark.sparkContext().collectionAccumulator("xlake staged rows");
        Dataset<Row> problems =
                convertPages(spark, conf, pages, staging, reports).persist(StorageLevel.MEMORY_AND_DISK());
        long listed = System.nanoTime();
        try {
            long quarantined = problems.count(); // the one pass over the pages: tweets and users staged
            long passed = System.nanoTime();
            Staged staged = Staged.of(reports.value());
            // partitions an earlier conversion died while replacing: rewritten now, touched or not
            List<PartitionSwap.Journal> unfinished = PartitionSwap.unfinished(conf, output);
            Merges merges = new Merges(output, new Path(staging, MERGED_DIR));
            Outcome tweets = commitTweets(
                    spark,
                    staged,
                    new Path(staging, TWEETS_DIR),
                    new Path(output, TWEETS_DIR),
                    PartitionSwap.partitionsOf(unfinished, TWEETS_DIR),
                    merges);
            long committed = System.nanoTime();

            // Users always merge: every task holds some of the 16 buckets and the same authors recur
            // across tasks, so they are deduplicated by id and written one file per bucket.
            Path usersRoot = new Path(output, USERS_DIR);
            SortedSet<String> userPartitions = new TreeSet<>(staged.userBuckets());
            userPartitions.addAll(existingOf(conf, usersRoot, PartitionSwap.partitionsOf(unfinished, USERS_DIR)));
            Dataset<Row> stagedUsers = staged.userFiles().isEmpty()
                    ? spark.createDataFrame(List.of(), LakeSchema.USERS)
                    : spark.read()
                            .schema(LakeSchema.USERS)
                            .parquet(staged.userFiles().stream()
                                    .map(name -> new Path(new Path(staging, USERS_DIR), name).toString())
                                    .toArray(String[]::new));
            Outcome users = merges.merge(
                    spark,
                    stagedUsers,
                    LakeSchema.USERS,
                    USERS_NO_DICTIONARY_COLUMNS,
                    usersRoot,
                    List.copyOf(userPartitions),
                    col(LakeTables.ID_BUCKET));
            PartitionSwap.forget(conf, unfinished);
            long usersDone = System.nanoTime();

            if (quarantined > 0) {
                writeQuarantine(problems, quarantine);
            }
            LOG.info(
                    "Phases (s): listing {}, pages pass {}, tweets commit {}, users merge {}, quarantine {}",
                    seconds(started, listed),
                    seconds(listed, passed),
                    seconds(passed, committed),
                    seconds(committed, usersDone),
                    seconds(usersDone, System.nanoTime()));
            return new ConvertSummary(
                    pages.size(),
                    staged.rows(),
                    tweets.written(),
                    staged.rows() + tweets.existing() - tweets.written(),
                    staged.userRows(),
                    users.written(),
                    quarantined,
                    List.copyOf(staged.partitions()),
                    List.copyOf(staged.userBuckets()),
                    secondsSince(started));
        } finally {
            problems.unpersist();
            deleteQuietly(conf, staging);
        }
    }

    /** Replaces the quarantine records of the problems' runs. */
    static void writeQuarantine(Dataset<Row> problems, Path quarantine) {
        problems.coalesce(1)
                .write()
                .mode(SaveMode.Overwrite)
                .option("partitionOverwriteMode", "dynamic")
                .partitionBy(LakeTables.RUN)
                .json(quarantine.toString());
    }

    /** Session settings the job depends on; the shuffle size only when nobody chose one. */
    private static void configure(SparkSession spark) {
        // Timestamps as Parquet's standard INT64 micros (UTC), not Spark's legacy INT96.
        spark.conf().set("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS");
        if (!spark.conf().contains("spark.sql.shuffle.partitions")) {
            // a run's data is a few hundred MB at most, so a couple of partitions per core suffice;
            // Spark's default of 200 spends more time scheduling tiny tasks than in them on small clusters
            int partitions = Math.max(2, 2 * spark.sparkContext().defaultParallelism());
            spark.conf().set("spark.sql.shuffle.partitions", String.valueOf(partitions));
        }
    }

    /**
     * The single pass: each task reads its pages, stages their tweets and users as Parquet files
     * (reported through {@code reports} once its files are complete) and returns what it had to
     * quarantine as rows of {@link LakeSchema#QUARANTINE}.
     */
    private static Dataset<Row> convertPages(
            SparkSession spark,
            Configuration conf,
            List<PageRef> pages,
            Path staging,
            CollectionAccumulator<StagedTask> reports) {
        SerializableHadoopConf shippedConf = new SerializableHadoopConf(conf);
        String stagingUri = staging.toString();
        int slices = Math.max(
                1,
                Math.min(
                        pages.size(), tasksPerCore(pages) * spark.sparkContext().defaultParallelism()));
        JavaRDD<Row> rows = JavaSparkContext.fromSparkContext(spark.sparkContext())
                .parallelize(pages, slices)
                .mapPartitions(refs -> convertTask(shippedConf.get(), new Path(stagingUri), refs, reports));
        return spark.createDataFrame(rows, LakeSchema.QUARANTINE);
    }

    /**
     * Local pages: one task per core. Nothing to wait on, and a task merges the repeated authors of
     * all its pages, so fewer, larger tasks stage fewer user rows for the users
     * shuffle (each task keeps one copy of an author, however many of its pages repeat it), and
     * write fewer tweet files. Object stores: four per core, so that some tasks compute while others
     * wait on GET latency.
     */
    static int tasksPerCore(List<PageRef> pages) {
        return pages.stream().allMatch(page -> page.uri().startsWith("file:")) ? 1 : 4;
    }

    /**
     * Reads the task's pages one by one: tweets go to the stager, problems are kept as rows, and
     * users are reduced to the newest copy per id (a run's pages repeat the same authors over and
     * over) and staged as one file at the end, which shrinks the
     * users shuffle before the global dedup. The report is added only after every staged file is
     * complete; Spark drops the accumulator updates of failed attempts, so a report always names
     * whole files.
     */
    private static Iterator<Row> convertTask(
            Configuration conf, Path staging, Iterator<PageRef> refs, CollectionAccumulator<StagedTask> reports)
            throws IOException {
        TaskContext task = TaskContext.get();
        RawPageReader reader = new RawPageReader(conf);
        NewestUsers newestUsers = new NewestUsers(); // ids are numeric: the flattener quarantines others
        List<Row> rows = new ArrayList<>();
        List<PageIdRange> ranges = new ArrayList<>();
        List<TweetStager.StagedFile> files;
        // Unique across conversions (the staging folder's UUID: task attempt ids restart with every
        // Spark application, and moved files keep their names) and across attempts of this task.
        String fileTag = String.format("%05d-%s-a%d", task.partitionId(), staging.getName(), task.taskAttemptId());
        try (TweetStager stager = new TweetStager(conf, new Path(staging, TWEETS_DIR), fileTag)) {
            while (refs.hasNext()) {
                FlattenedPage page = reader.read(refs.next());
                PageIdRange range = PageIdRange.of(page.tweets());
                if (range != null) {
                    ranges.add(range);
                }
                for (TweetRecord tweet : page.tweets()) {
                    stager.write(tweet);
                }
                page.users().forEach(newestUsers::offer);
                page.quarantined().forEach(q -> rows.add(LakeSchema.quarantineRow(q)));
            }
            files = stager.finish();
        }
        String usersFile = null;
        SortedSet<String> buckets = new TreeSet<>();
        if (!newestUsers.isEmpty()) {
            usersFile = "part-" + fileTag + ".snappy.parquet";
            // a temporary file, read once by the users merge: no dictionaries to build
            try (ParquetWriter<InternalRow> writer = SparkParquetWriters.open(
                    SparkParquetWriters.forSchema(conf, LakeSchema.USERS),
                    new Path(new Path(staging, USERS_DIR), usersFile),
                    null)) {
                for (UserRecord user : newestUsers.values()) {
                    writer.write(LakeSchema.userFileRow(user));
                    buckets.add(LakeTables.ID_BUCKET + "=" + user.idBucket());
                }
            }
        }
        reports.add(new StagedTask(task.partitionId(), files, ranges, usersFile, newestUsers.size(), buckets));
        return rows.iterator();
    }

    private record Outcome(long existing, long written) {}

    /**
     * Puts the staged tweets into the table, partition by partition, moving files where that
     * cannot break "one row per (query, id)" and merging where it could:
     * <ul>
     *   <li>if some (query, id) may occur twice among the staged tweets (two pages' id ranges
     *       overlap), every touched partition is merged;</li>
     *   <li>a partition that does not exist yet gets the staged files as they are;</li>
     *   <li>an existing partition whose ids all lie below the staged files' (the usual incremental
     *       run: the fetcher asks X only for tweets newer than its checkpoint) or all above them (a
     *       resumed backfill, which pages backwards in time) gets the staged files added beside its
     *       own, unless that would make it hold more than
     *       {@value #MAX_FILES_KEY} files (default {@value #DEFAULT_MAX_FILES});</li>
     *   <li>any other existing partition is rewritten as old + new rows ({@link Merges#merge}),
     *       which also compacts it into one file;</li>
     *   <li>so is every partition an earlier conversion died while swapping ({@code repairs}),
     *       whether this conversion touches it or not.</li>
     * </ul>
     */
    private static Outcome commitTweets(
            SparkSession spark, Staged staged, Path staging, Path tweetsRoot, List<String> repairs, Merges merges) {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        List<String> toRepair = existingOf(conf, tweetsRoot, repairs);
        if (staged.files().isEmpty() && toRepair.isEmpty()) {
            return new Outcome(0, 0);
        }
        Map<String, List<TweetStager.StagedFile>> byPartition = staged.byPartition();
        List<Path> touched = byPartition.keySet().stream()
                .map(partition -> new Path(tweetsRoot, partition))
                .toList();
        boolean mayRepeat = PageIdRange.mayRepeat(staged.ranges());
        List<String> existingPaths = existing(conf, touched);
        Map<String, PartitionState> states =
                mayRepeat || existingPaths.isEmpty() ? Map.of() : PartitionState.of(spark, tweetsRoot, existingPaths);
        int maxFiles = Integer.parseInt(spark.conf().get(MAX_FILES_KEY, String.valueOf(DEFAULT_MAX_FILES)));
        long existing = 0;
        long written = 0;
        List<String> toMerge = new ArrayList<>();
        for (Map.Entry<String, List<TweetStager.StagedFile>> entry : byPartition.entrySet()) {
            String partition = entry.getKey();
            List<TweetStager.StagedFile> files = entry.getValue();
            long rows = files.stream().mapToLong(TweetStager.StagedFile::rows).sum();
            boolean exists = existingPaths.contains(new Path(tweetsRoot, partition).toString());
            PartitionState state = states.get(partition);
            if (toRepair.contains(partition)) {
                toMerge.add(partition); // an earlier conversion died replacing it: it may hold duplicates
            } else if (!mayRepeat && !exists) {
                move(conf, files, staging, tweetsRoot);
                written += rows;
            } else if (!mayRepeat && state != null && state.canTake(files, maxFiles)) {
                move(conf, files, staging, tweetsRoot);
                existing += state.rows();
                written += state.rows() + rows;
            } else {
                toMerge.add(partition);
            }
        }
        toRepair.stream()
                .filter(partition -> !byPartition.containsKey(partition))
                .forEach(toMerge::add);
        if (!toMerge.isEmpty()) {
            String[] stagedFiles = toMerge.stream()
                    .flatMap(partition -> byPartition.getOrDefault(partition, List.of()).stream())
                    .map(file -> new Path(new Path(staging, file.partition()), file.name()).toString())
                    .toArray(String[]::new);
            Dataset<Row> fresh = stagedFiles.length == 0
                    ? spark.createDataFrame(List.of(), LakeSchema.TWEETS)
                    : spark.read()
                            .schema(LakeSchema.TWEETS)
                            .option("basePath", staging.toString())
                            .parquet(stagedFiles);
            Outcome merged = merges.merge(
                    spark,
                    fresh,
                    LakeSchema.TWEETS,
                    TweetStager.NO_DICTIONARY_COLUMNS,
                    tweetsRoot,
                    toMerge,
                    col(LakeTables.QUERY),
                    col(LakeTables.DT));
            existing += merged.existing();
            written += merged.written();
        }
        LOG.info(
                "Tweet partitions: {} touched, {} merged, {} got their new files moved in",
                byPartition.size(),
                toMerge.size(),
                byPartition.size() - toMerge.size());
        return new Outcome(existing, written);
    }

    private static void move(Configuration conf, List<TweetStager.StagedFile> files, Path staging, Path tweetsRoot) {
        try {
            FileSystem fs = tweetsRoot.getFileSystem(conf);
            for (TweetStager.StagedFile file : files) {
                Path from = new Path(new Path(staging, file.partition()), file.name());
                Path to = new Path(new Path(tweetsRoot, file.partition()), file.name());
                fs.mkdirs(to.getParent());
                if (!fs.rename(from, to)) {
                    throw new IOException("rename " + from + " to " + to + " returned false");
                }
            }
        } catch (IOException e) {
            throw new ConvertException("Cannot move staged tweets into " + tweetsRoot + ": " + e.getMessage(), e);
        }
    }

    /** What an existing tweets partition holds: rows, smallest and largest id (unsigned), data files. */
    private record PartitionState(long rows, long minId, long maxId, int files) {

        /**
         * True when the staged ids all lie above or all below the partition's (so no id can be in
         * both) and the file count stays bounded.
         */
        boolean canTake(List<TweetStager.StagedFile> staged, int maxFiles) {
            long minStaged = staged.stream()
                    .mapToLong(TweetStager.StagedFile::minId)
                    .reduce(-1L, (a, b) -> Long.compareUnsigned(a, b) <= 0 ? a : b);
            long maxStaged = staged.stream()
                    .mapToLong(TweetStager.StagedFile::maxId)
                    .reduce(0L, (a, b) -> Long.compareUnsigned(a, b) >= 0 ? a : b);
            boolean disjoint = Long.compareUnsigned(minStaged, maxId) > 0 || Long.compareUnsigned(maxStaged, minId) < 0;
            return files + staged.size() <= maxFiles && disjoint;
        }

        /** One job over the partitions' id column (Parquet reads nothing else), plus a listing each. */
        static Map<String, PartitionState> of(SparkSession spark, Path root, List<String> partitions) {
            Map<String, PartitionState> states = new HashMap<>();
            Configuration conf = spark.sparkContext().hadoopConfiguration();
            List<Row> rows = readPartitions(spark, LakeSchema.TWEETS, root, partitions)
                    .groupBy(LakeTables.QUERY, LakeTables.DT)
                    .agg(
                            count(lit(1)),
                            min(col("id").cast(DataTypes.createDecimalType(20, 0))),
                            max(col("id").cast(DataTypes.createDecimalType(20, 0))))
                    .collectAsList();
            try {
                for (Row row : rows) {
                    String partition =
                            LakeTables.QUERY + "=" + row.getString(0) + "/" + LakeTables.DT + "=" + row.getString(1);
                    Path folder = new Path(root, partition);
                    int files = folder.getFileSystem(conf)
                            .listStatus(
                                    folder,
                                    file -> file.getName().endsWith(".parquet")
                                            && !file.getName().startsWith("_")
                                            && !file.getName().startsWith("."))
                            .length;
                    // an id column that is not numeric never happens (the converter wrote it); if it did,
                    // the cast gives null, and the widest range makes the partition merge
                    long minId = row.isNullAt(3)
                            ? 0L
                            : row.getDecimal(3).toBigInteger().longValue();
                    long maxId = row.isNullAt(4)
                            ? -1L
                            : row.getDecimal(4).toBigInteger().longValue();
                    states.put(partition, new PartitionState(row.getLong(2), minId, maxId, files));
                }
            } catch (IOException e) {
                throw new ConvertException("Cannot list tweet partitions under " + root + ": " + e.getMessage(), e);
            }
            return states;
        }
    }

    /** Where a conversion's merges write their rewritten partitions before swapping them in. */
    private record Merges(Path output, Path staging) {

        /**
         * Rewrites the given partitions of a table (relative paths) as existing + new rows, one row per
         * id, newest fetched_at first (then the later run id, then the object key, so ties resolve the
         * same way every time). The rewritten partitions are written under this conversion's staging
         * folder, then swapped in by {@link PartitionSwap}: no other partition changes, and no old file
         * is deleted before its replacement is in place.
         */
        Outcome merge(
                SparkSession spark,
                Dataset<Row> fresh,
                StructType schema,
                List<String> noDictionaryColumns,
                Path root,
                List<String> partitions,
                Column... partitionColumns) {
            if (partitions.isEmpty()) {
                return new Outcome(0, 0);
            }
            Configuration conf = spark.sparkContext().hadoopConfiguration();
            List<String> existingPaths = existing(
                    conf,
                    partitions.stream()
                            .map(partition -> new Path(root, partition))
                            .toList());
            long existing = 0;
            Dataset<Row> all = fresh;
            if (!existingPaths.isEmpty()) {
                Dataset<Row> old = readPartitions(spark, schema, root, existingPaths);
                existing = old.count(); // from Parquet footers only
                all = fresh.unionByName(old);
            }
            // (query, id) resp. id is the key; the partition columns derive from it, so they may join it.
            Column[] dedupKeys = Stream.concat(Stream.of(partitionColumns), Stream.of(col("id")))
                    .toArray(Column[]::new);
            // Hash-partitioning by the partition columns alone satisfies the window's clustering (they
            // are a subset of its keys), so this is the only shuffle, and each partition becomes one
            // file. The explicit count keeps adaptive execution from coalescing all into one task.
            int shufflePartitions = Integer.parseInt(spark.conf().get("spark.sql.shuffle.partitions"));
            Dataset<Row> result = all.repartition(shufflePartitions, partitionColumns)
                    .withColumn(
                            "_rank",
                            row_number()
                                    .over(Window.partitionBy(dedupKeys)
                                            .orderBy(
                                                    col("fetched_at").desc(),
                                                    col("run_id").desc_nulls_last(),
                                                    col("raw_object").desc())))
                    .where(col("_rank").equalTo(1))
                    .drop("_rank");
            // The rows written are the partitions' rows from now on: counted as they are written, not by
            // reading the partitions back (a job, and a GET per file).
            Observation written = new Observation("xlake merge " + root.getName());
            result = result.observe(written, count(lit(1)).as("rows"));
            Path rewritten = new Path(staging, root.getName());
            DataFrameWriter<Row> writer = result.write().mode(SaveMode.ErrorIfExists);
            for (String column : noDictionaryColumns) {
                // A dictionary never pays off for values that hardly repeat; trying one costs CPU and memory.
                writer = writer.option("parquet.enable.dictionary#" + column, "false");
            }
            writer.partitionBy(Stream.of(partitionColumns).map(Column::toString).toArray(String[]::new))
                    .parquet(rewritten.toString());
            long rows = rowsObserved(
                    written,
                    () -> spark.read()
                            .schema(schema)
                            .parquet(rewritten.toString())
                            .count());
            PartitionSwap.swap(conf, output, root.getName(), rewritten, root, partitions);
            return new Outcome(existing, rows);
        }
    }

    /**
     * The row count an observation collected. Spark delivers it through its listener bus just after
     * the write returns; should it not arrive within a minute, the partitions are counted instead.
     */
    private static long rowsObserved(Observation observation, java.util.function.LongSupplier fallback) {
        try {
            Row metrics = scala.concurrent.Await.result(
                    observation.future(),
                    scala.concurrent.duration.Duration.create(1, java.util.concurrent.TimeUnit.MINUTES));
            return metrics.getLong(metrics.fieldIndex("rows"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConvertException("Interrupted while waiting for the row count of " + observation.name(), e);
        } catch (java.util.concurrent.TimeoutException | RuntimeException e) {
            LOG.warn(
                    "No row count observed for {} ({}); counting the written partitions",
                    observation.name(),
                    e.toString());
            return fallback.getAsLong();
        }
    }

    private static Dataset<Row> readPartitions(SparkSession spark, StructType schema, Path root, List<String> paths) {
        return spark.read().schema(schema).option("basePath", root.toString()).parquet(paths.toArray(String[]::new));
    }

    /** Those of the partitions (relative to the table root) that exist. */
    private static List<String> existingOf(Configuration conf, Path root, List<String> partitions) {
        List<String> found = existing(
                conf,
                partitions.stream().map(partition -> new Path(root, partition)).toList());
        return partitions.stream()
                .filter(partition -> found.contains(new Path(root, partition).toString()))
                .toList();
    }

    private static List<String> existing(Configuration conf, List<Path> partitions) {
        List<String> found = new ArrayList<>();
        try {
            for (Path partition : partitions) {
                if (partition.getFileSystem(conf).exists(partition)) {
                    found.add(partition.toString());
                }
            }
        } catch (IOException e) {
            throw new ConvertException(
                    "Cannot check existing partitions under "
                            + partitions.get(0).getParent() + ": " + e.getMessage(),
                    e);
        }
        return found;
    }

    /** The output folder must be usable before any work is done: a file or a bad store fails now. */
    private static Path checkedFolder(Configuration conf, String uri, String role) {
        try {
            Path path = new Path(uri);
            FileSystem fs = path.getFileSystem(conf);
            Path qualified = fs.makeQualified(path);
            if (fs.exists(qualified) && !fs.getFileStatus(qualified).isDirectory()) {
                throw new ConvertException("Cannot use " + role + " " + uri + ": it is a file, not a folder");
            }
            return qualified;
        } catch (IOException | IllegalArgumentException e) {
            throw new ConvertException("Cannot use " + role + " " + uri + ": " + e.getMessage(), e);
        }
    }

    static String seconds(long fromNanos, long toNanos) {
        return String.format(java.util.Locale.ROOT, "%.2f", (toNanos - fromNanos) / 1e9);
    }

    static double secondsSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /**
     * What one successful task attempt staged: its tweet files, the id range of each of its pages,
     * its users file (null if it met no user), how many users it holds and their buckets.
     */
    record StagedTask(
            int partitionId,
            List<TweetStager.StagedFile> files,
            List<PageIdRange> ranges,
            String usersFile,
            long userRows,
            SortedSet<String> userBuckets)
            implements Serializable {}

    /**
     * The staged tweets of the pass, one report per task: a task that ran twice (a retry, or a
     * recomputed cache block) staged the same tweets twice, and either complete copy will do.
     */
    private record Staged(
            List<TweetStager.StagedFile> files,
            List<PageIdRange> ranges,
            List<String> userFiles,
            long userRows,
            SortedSet<String> userBuckets) {

        static Staged of(List<StagedTask> reports) {
            Map<Integer, StagedTask> byTask = new TreeMap<>();
            reports.forEach(report -> byTask.putIfAbsent(report.partitionId(), report));
            Collection<StagedTask> tasks = byTask.values();
            return new Staged(
                    tasks.stream().flatMap(report -> report.files().stream()).toList(),
                    tasks.stream().flatMap(report -> report.ranges().stream()).toList(),
                    tasks.stream()
                            .map(StagedTask::usersFile)
                            .filter(java.util.Objects::nonNull)
                            .toList(),
                    tasks.stream().mapToLong(StagedTask::userRows).sum(),
                    tasks.stream()
                            .flatMap(report -> report.userBuckets().stream())
                            .collect(Collectors.toCollection(TreeSet::new)));
        }

        long rows() {
            return files.stream().mapToLong(TweetStager.StagedFile::rows).sum();
        }

        SortedSet<String> partitions() {
            return files.stream().map(TweetStager.StagedFile::partition).collect(Collectors.toCollection(TreeSet::new));
        }

        Map<String, List<TweetStager.StagedFile>> byPartition() {
            return files.stream()
                    .collect(Collectors.groupingBy(
                            TweetStager.StagedFile::partition, TreeMap::new, Collectors.toList()));
        }
    }

    private static void deleteQuietly(Configuration conf, Path folder) {
        try {
            folder.getFileSystem(conf).delete(folder, true);
            Path parent = folder.getParent(); // the shared staging folder, once no conversion uses it
            FileSystem fs = parent.getFileSystem(conf);
            if (fs.exists(parent) && fs.listStatus(parent).length == 0) {
                fs.delete(parent, false);
            }
        } catch (IOException e) {
            LOG.warn("Cannot delete the staging folder {}: {}", folder, e.getMessage());
        }
    }
}
