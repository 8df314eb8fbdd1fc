package dev.xlake.convert;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.CollectionAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Converts raw X pages into the curated Parquet tables: {@code <output>/tweets} (partitioned by
 * query and tweet date) and {@code <output>/users} (by id bucket), plus quarantine records.
 *
 * <p>Pages are read once: their paths are parallelised, each task reads its pages through the
 * Hadoop FileSystem API and flattens them with {@link PageFlattener} into one cached dataset of
 * tweets, users and quarantine records. Schemas are explicit; Spark never infers one.
 *
 * <p>Idempotency: each touched partition is rewritten as (its existing rows + the new rows), with
 * one row per key and the newest {@code fetched_at} winning, using dynamic partition overwrite so
 * no other partition changes. Reading a partition and overwriting it in the same job is safe
 * because dynamic overwrite writes into a staging folder and only replaces partitions at job
 * commit, after every task (and so every read of the old files, which happens before the
 * deduplicating shuffle) has finished; {@code ConverterIT} re-runs and overlaps runs to prove it.
 */
public final class Converter {

  private static final Logger LOG = LoggerFactory.getLogger(Converter.class);
  private static final String TWEETS_DIR = "tweets";
  private static final String USERS_DIR = "users";
  private static final String KIND_TWEET = "tweet";
  private static final String KIND_USER = "user";
  private static final String KIND_QUARANTINE = "quarantine";
  private static final List<String> UNIQUE_COLUMNS = List.of("id", "text", "conversation_id", "created_at");

  private Converter() {
  }

  public static ConvertSummary run(SparkSession spark, ConvertOptions options) {
    long started = System.nanoTime();
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    if (options.s3Endpoint() != null) {
      S3aSettings.pointAt(conf, options.s3Endpoint());
    }
    configure(spark);
    Path output = checkedFolder(conf, options.output(), "output");
    Path quarantine = checkedFolder(conf, options.quarantine() != null
        ? options.quarantine()
        : new Path(output.getParent(), "quarantine/convert").toString(), "quarantine");

    PageListing listing = new PageListing(conf);
    List<PageRef> pages = options.manifests().isEmpty()
        ? listing.fromInput(options.input())
        : listing.fromManifests(options.manifests());
    LOG.info("Converting {} pages into {}", pages.size(), output);
    if (pages.isEmpty()) {
      return new ConvertSummary(0, 0, 0, 0, 0, 0, 0, List.of(), List.of(), secondsSince(started));
    }

    CollectionAccumulator<PageIdRange> idRanges = spark.sparkContext().collectionAccumulator("xlake page id ranges");
    Dataset<Row> flat = flatten(spark, conf, pages, idRanges).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Keys keys = Keys.of(flat);
      // filled while Keys.of materialised the cache; a recomputed task adds its ranges again,
      // which only makes the overlap test more careful
      boolean tweetsMayRepeat = PageIdRange.mayRepeat(idRanges.value());
      Path tweetsRoot = new Path(output, TWEETS_DIR);
      List<Path> tweetPartitions = keys.tweetPartitions().stream()
          .map(partition -> new Path(tweetsRoot, partition)).toList();
      Outcome tweets = merge(spark, flat.where(col(KIND_TWEET).isNotNull()).select(KIND_TWEET + ".*"),
          LakeSchema.TWEETS, tweetsRoot, tweetPartitions, tweetsMayRepeat,
          col(LakeSchema.QUERY), col(LakeSchema.DT));

      Path usersRoot = new Path(output, USERS_DIR);
      List<Path> userPartitions = keys.userBuckets().stream()
          .map(partition -> new Path(usersRoot, partition)).toList();
      // Users always take the merge path: every task holds some of the 16 buckets, so writing
      // straight from the tasks would give up to 16 small files per task.
      Outcome users = merge(spark, flat.where(col(KIND_USER).isNotNull()).select(KIND_USER + ".*"),
          LakeSchema.USERS, usersRoot, userPartitions, true, col(LakeSchema.ID_BUCKET));

      if (keys.quarantined() > 0) {
        flat.where(col(KIND_QUARANTINE).isNotNull()).select(KIND_QUARANTINE + ".*")
            .coalesce(1)
            .write().mode(SaveMode.Overwrite).option("partitionOverwriteMode", "dynamic")
            .partitionBy(LakeSchema.RUN)
            .json(quarantine.toString());
      }
      return new ConvertSummary(pages.size(), keys.tweets(), tweets.written(),
          keys.tweets() + tweets.existing() - tweets.written(), keys.users(), users.written(),
          keys.quarantined(), List.copyOf(keys.tweetPartitions()), List.copyOf(keys.userBuckets()),
          secondsSince(started));
    } finally {
      flat.unpersist();
    }
  }

  /** Session settings the job depends on; the shuffle size only when nobody chose one. */
  private static void configure(SparkSession spark) {
    // Timestamps as Parquet's standard INT64 micros (UTC), not Spark's legacy INT96.
    spark.conf().set("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS");
    if (!spark.conf().contains("spark.sql.shuffle.partitions")) {
      // 200 (Spark's default) costs a third of the wall time on small clusters (LOCAL-STACK.md);
      // a run's data is a few hundred MB at most, so a couple of partitions per core suffice.
      int partitions = Math.max(2, 2 * spark.sparkContext().defaultParallelism());
      spark.conf().set("spark.sql.shuffle.partitions", String.valueOf(partitions));
    }
  }

  private static Dataset<Row> flatten(SparkSession spark, Configuration conf, List<PageRef> pages,
      CollectionAccumulator<PageIdRange> idRanges) {
    SerializableHadoopConf shippedConf = new SerializableHadoopConf(conf);
    int slices = Math.max(1, Math.min(pages.size(), tasksPerCore(pages) * spark.sparkContext().defaultParallelism()));
    JavaRDD<Row> rows = JavaSparkContext.fromSparkContext(spark.sparkContext())
        .parallelize(pages, slices)
        .mapPartitions(refs -> flattenTask(new RawPageReader(shippedConf.get()), refs, idRanges));
    return spark.createDataFrame(rows, LakeSchema.ENVELOPE);
  }

  /**
   * Local pages: one task per core. Nothing to wait on, and a task merges the repeated authors of
   * all its pages, so fewer, larger tasks send fewer user rows through the cache and the users
   * shuffle (2 instead of 8 tasks: 90,000 instead of 250,000 user rows for 200,000 tweets). Object
   * stores: four per core, so that some tasks compute while others wait on GET latency.
   */
  private static int tasksPerCore(List<PageRef> pages) {
    return pages.stream().allMatch(page -> page.uri().startsWith("file:")) ? 1 : 4;
  }

  /**
   * Tweets and quarantine records stream out page by page; users are reduced to the newest copy
   * per id within the task first (a run's pages repeat the same authors over and over, about
   * eight times per user here), which shrinks the users shuffle before the global dedup.
   */
  private static Iterator<Row> flattenTask(RawPageReader reader, Iterator<PageRef> refs,
      CollectionAccumulator<PageIdRange> idRanges) {
    Map<Long, UserRecord> newestUsers = new HashMap<>(); // ids are numeric (checked by the flattener)
    Iterable<PageRef> iterable = () -> refs;
    Stream<Row> tweetsAndProblems = StreamSupport.stream(iterable.spliterator(), false)
        .flatMap(ref -> {
          FlattenedPage page = reader.read(ref);
          PageIdRange range = PageIdRange.of(page.tweets());
          if (range != null) {
            idRanges.add(range);
          }
          page.users().forEach(user -> newestUsers.merge(Long.parseUnsignedLong(user.id()), user, Converter::newer));
          return Stream.concat(
              page.tweets().stream().map(t -> LakeSchema.envelope(LakeSchema.tweetRow(t), null, null)),
              page.quarantined().stream().map(q -> LakeSchema.envelope(null, null, LakeSchema.quarantineRow(q))));
        });
    // flatMap defers reading the map until every page has been consumed
    Stream<Row> users = Stream.of(newestUsers).flatMap(byId -> byId.values().stream()
        .map(u -> LakeSchema.envelope(null, LakeSchema.userRow(u), null)));
    return Stream.concat(tweetsAndProblems, users).iterator();
  }

  /** The same order as the table dedup: newest fetched_at, then later run id, then object key. */
  private static UserRecord newer(UserRecord a, UserRecord b) {
    int byTime = a.fetchedAt().compareTo(b.fetchedAt());
    if (byTime != 0) {
      return byTime > 0 ? a : b;
    }
    int byRun = Comparator.nullsFirst(Comparator.<String>naturalOrder()).compare(a.runId(), b.runId());
    if (byRun != 0) {
      return byRun > 0 ? a : b;
    }
    return a.rawObject().compareTo(b.rawObject()) >= 0 ? a : b;
  }

  private record Outcome(long existing, long written) {
  }

  /**
   * Rewrites the touched partitions as existing + new rows, one row per id, newest fetched_at
   * first (then the later run id, then the object key, so ties resolve the same way every time).
   *
   * <p>Fast path: when none of the touched partitions exists yet and the new rows hold no
   * duplicate, there is nothing to merge, and the tasks write their rows straight from the cache,
   * without a shuffle. Tasks hold consecutive pages, and pages are in time order, so each task
   * writes into one or two dates: a handful of files per partition, not one per page.
   */
  private static Outcome merge(SparkSession spark, Dataset<Row> fresh, StructType schema, Path root,
      List<Path> touched, boolean freshHasDuplicates, Column... partitionColumns) {
    if (touched.isEmpty()) {
      return new Outcome(0, 0);
    }
    List<String> existingPaths = existing(spark.sparkContext().hadoopConfiguration(), touched);
    Dataset<Row> result;
    long existing = 0;
    if (existingPaths.isEmpty() && !freshHasDuplicates) {
      result = fresh;
    } else {
      Dataset<Row> all = fresh;
      if (!existingPaths.isEmpty()) {
        Dataset<Row> old = readPartitions(spark, schema, root, existingPaths);
        existing = old.count(); // from Parquet footers only
        all = fresh.unionByName(old);
      }
      // (query, id) resp. id is the key; the partition columns derive from it, so they may join it.
      Column[] dedupKeys = Stream.concat(Stream.of(partitionColumns), Stream.of(col("id"))).toArray(Column[]::new);
      // Hash-partitioning by the partition columns alone satisfies the window's clustering (they
      // are a subset of its keys), so this is the only shuffle, and each partition becomes one
      // file. The explicit count keeps adaptive execution from coalescing all into one task.
      int partitions = Integer.parseInt(spark.conf().get("spark.sql.shuffle.partitions"));
      result = all.repartition(partitions, partitionColumns)
          .withColumn("_rank", row_number().over(Window.partitionBy(dedupKeys).orderBy(
              col("fetched_at").desc(), col("run_id").desc_nulls_last(), col("raw_object").desc())))
          .where(col("_rank").equalTo(1))
          .drop("_rank");
    }
    DataFrameWriter<Row> writer = result.write().mode(SaveMode.Overwrite)
        .option("partitionOverwriteMode", "dynamic");
    for (String column : UNIQUE_COLUMNS) {
      // A dictionary never pays off for values that hardly repeat; trying one costs CPU and memory.
      writer = writer.option("parquet.enable.dictionary#" + column, "false");
    }
    writer.partitionBy(Stream.of(partitionColumns).map(Column::toString).toArray(String[]::new))
        .parquet(root.toString());
    long written = readPartitions(spark, schema, root,
        touched.stream().map(Path::toString).toList()).count();
    return new Outcome(existing, written);
  }

  private static Dataset<Row> readPartitions(SparkSession spark, StructType schema, Path root, List<String> paths) {
    return spark.read().schema(schema).option("basePath", root.toString())
        .parquet(paths.toArray(String[]::new));
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
      throw new ConvertException("Cannot check existing partitions under " + partitions.get(0).getParent()
          + ": " + e.getMessage(), e);
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

  private static double secondsSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  /** What the flattened pages touch and how much of each kind they hold, in one pass. */
  private record Keys(SortedSet<String> tweetPartitions, SortedSet<String> userBuckets,
      long tweets, long users, long quarantined) {

    static Keys of(Dataset<Row> flat) {
      Column kind = when(col(KIND_TWEET).isNotNull(), lit(KIND_TWEET))
          .when(col(KIND_USER).isNotNull(), lit(KIND_USER))
          .otherwise(lit(KIND_QUARANTINE));
      List<Row> groups = flat.select(kind.as("kind"),
              col(KIND_TWEET + "." + LakeSchema.QUERY).as("query"),
              col(KIND_TWEET + "." + LakeSchema.DT).as("dt"),
              col(KIND_USER + "." + LakeSchema.ID_BUCKET).as("bucket"))
          .groupBy("kind", "query", "dt", "bucket").count()
          .collectAsList();
      SortedSet<String> tweetPartitions = new TreeSet<>();
      SortedSet<String> userBuckets = new TreeSet<>();
      long tweets = 0;
      long users = 0;
      long quarantined = 0;
      for (Row group : groups) {
        long count = group.getLong(4);
        switch (group.getString(0)) {
          case KIND_TWEET -> {
            tweets += count;
            tweetPartitions.add(LakeSchema.QUERY + "=" + group.getString(1) + "/" + LakeSchema.DT + "=" + group.getString(2));
          }
          case KIND_USER -> {
            users += count;
            userBuckets.add(LakeSchema.ID_BUCKET + "=" + group.getString(3));
          }
          default -> quarantined += count;
        }
      }
      return new Keys(tweetPartitions, userBuckets, tweets, users, quarantined);
    }
  }
}
