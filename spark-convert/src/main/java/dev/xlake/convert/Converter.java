package dev.xlake.convert;

import dev.xlake.core.schema.LakeTables;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.CollectionAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Converts raw X pages into the lake's Iceberg tables ({@link IcebergLake}): {@code tweets}, the
 * keyed tables of the pages' {@code includes} ({@link KeyedTable}: {@code users},
 * {@code referenced_tweets}, {@code media}, {@code places}, {@code polls}), plus quarantine records.
 *
 * <p>The runs every table's ledger records ({@link RunLedger}) are skipped. The pages of the others
 * are read once: their paths are parallelised and each {@link ConvertTask} writes Iceberg data files
 * into the tables' data folders and reports them once complete (with several tasks, their keyed
 * tables' rows are written once by the reduce side of a shuffle, {@link KeyedShuffle}); the driver then commits each table
 * once ({@link IcebergCommit}: append when the file metrics prove no key can collide, the keyed
 * tables upserted with equality deletes when they prove the new rows newer, else MERGE), tweets
 * first. A keyed table this conversion has no rows for gets no snapshot: the tweets commit names
 * it. Compaction, snapshot expiry and orphan files are {@link LakeMaintenance}'s.
 *
 * <p>A conversion that dies before a commit leaves that table at its previous snapshot; what its
 * tasks wrote is unreferenced (maintenance removes orphan files), and converting again converts
 * its runs again. One that dies between commits has its runs in some tables' ledgers only: the
 * next conversion of those runs adds them to the other tables and skips the ones that have them.
 */
public final class Converter {

    private static final Logger LOG = LoggerFactory.getLogger(Converter.class);

    private Converter() {}

    public static ConvertSummary run(SparkSession spark, ConvertOptions options) {
        return run(spark, options, KeyedTable.ALL);
    }

    /**
     * The conversion into tweets and the given keyed tables only; the others are neither written
     * nor committed (their ledgers do not get the runs). Only {@code KeyedTable.ALL} is a real
     * conversion: {@code List.of(KeyedTable.USERS)} is the converter without the expansion tables,
     * which the benchmark measures against on the same pages (docs/benchmarks.md).
     */
    static ConvertSummary run(SparkSession spark, ConvertOptions options, List<KeyedTable<?>> keyedTables) {
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
        List<PageRef> listed = CatchUp.withUncommitted(
                spark,
                options,
                listing,
                options.input() != null
                        ? listing.fromInput(options.input())
                        : listing.fromManifests(options.manifests()));

        IcebergLake lake = IcebergLake.open(spark, options.catalog(), output.toString());
        Table tweets = lake.tweets();
        SortedSet<String> inAll = RunLedger.committedToAll(lake);
        List<PageRef> pages = listed.stream()
                .filter(page -> !inAll.contains(runOf(page)))
                .sorted(PageRef.NEWEST_FIRST)
                .toList();
        if (pages.size() < listed.size()) {
            LOG.info(
                    "Skipping {} pages of runs committed already: {}",
                    listed.size() - pages.size(),
                    listed.stream()
                            .map(Converter::runOf)
                            .filter(inAll::contains)
                            .collect(Collectors.toSet()));
        }
        if (pages.isEmpty()) {
            return new ConvertSummary(0, 0, 0, 0, 0, 0, 0, List.of(), List.of(), secondsSince(started));
        }
        SortedSet<String> runs = pages.stream().map(Converter::runOf).collect(Collectors.toCollection(TreeSet::new));
        LOG.info("Converting {} pages of runs {} into {}", pages.size(), runs, output);

        Map<String, DataFileTarget> keyedTargets = new LinkedHashMap<>();
        for (KeyedTable<?> table : keyedTables) {
            Table iceberg = lake.table(table);
            keyedTargets.put(
                    table.name(),
                    DataFileTarget.of(
                            iceberg,
                            IcebergSchemas.withIdsOf(lake.definition(table), iceberg.schema()),
                            LakeSchema.sparkType(lake.definition(table))));
        }
        ConvertTask.Targets targets = new ConvertTask.Targets(
                DataFileTarget.of(
                        tweets, IcebergSchemas.withIdsOf(lake.tweetsDef(), tweets.schema()), LakeSchema.TWEETS),
                keyedTargets,
                "x" + UUID.randomUUID().toString().replace("-", "").substring(0, 12));
        CollectionAccumulator<ConvertTask.Files> reports =
                spark.sparkContext().collectionAccumulator("xlake data files");
        SerializableHadoopConf shippedConf = new SerializableHadoopConf(conf);
        CollectionAccumulator<KeyedShuffle.Files> shuffled =
                spark.sparkContext().collectionAccumulator("xlake keyed files");
        int slices = slices(pages, spark.sparkContext().defaultParallelism());
        JavaRDD<PageRef> sliced =
                JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(pages, slices);
        // one task writes its keyed tables' files itself; several hand their rows to one writer per
        // partition through a shuffle, so that no key is written twice (KeyedShuffle)
        JavaRDD<Row> rows = slices == 1 || keyedTables.isEmpty()
                ? sliced.mapPartitions(refs -> ConvertTask.run(shippedConf.get(), targets, refs, reports))
                : sliced.mapPartitionsToPair(refs -> ConvertTask.runShuffled(shippedConf.get(), targets, refs, reports))
                        .partitionBy(new KeyedShuffle.ByPartition(
                                KeyedShuffle.reduceTasks(spark.sparkContext().defaultParallelism())))
                        .mapPartitions(slots -> KeyedShuffle.write(shippedConf.get(), targets, slots, shuffled));
        Dataset<Row> problems =
                spark.createDataFrame(rows, LakeSchema.QUARANTINE).persist(StorageLevel.MEMORY_AND_DISK());
        long prepared = System.nanoTime();
        // what the commits' proofs read of the tables is read while the pass's job runs
        Map<Table, List<String>> proofBounds = new LinkedHashMap<>();
        proofBounds.put(tweets, IcebergCommit.APPEND_PROOF_BOUNDS);
        keyedTables.forEach(table -> proofBounds.put(lake.table(table), NewerRowsUpsert.PROOF_BOUNDS));
        LiveDataFiles.ReadAhead readAhead = LiveDataFiles.readAhead(proofBounds);
        try {
            long quarantined;
            try {
                quarantined = pass(problems, runs); // the one pass over the pages: data files written
            } finally {
                readAhead.await().forEach(e -> LOG.info("Cannot read the tables' metadata ahead: {}", e.getMessage()));
            }
            long passed = System.nanoTime();
            Written written = Written.of(reports.value(), shuffled.value(), conf);
            // the keyed tables this conversion has no rows for are named by the tweets commit, not
            // committed empty (RunLedger); only runs the tweets table had already (a replay) are
            // recorded by an empty commit of such a table
            List<String> noRows = keyedTables.stream()
                    .map(KeyedTable::name)
                    .filter(name -> written.keyed(name).isEmpty())
                    .toList();
            // the keyed tables' upserts are proven and their files written while the tweets commit
            Map<String, IcebergCommit.Target> withRows = new LinkedHashMap<>();
            keyedTables.stream()
                    .filter(table -> !written.keyed(table.name()).isEmpty())
                    .forEach(table -> withRows.put(table.name(), keyedTarget(lake, table, targets)));
            KeyedCommits.Started keyed = KeyedCommits.start(spark, withRows, written::keyed, runs);
            long keyedStarted = System.nanoTime();
            IcebergCommit.Outcome tweetsOutcome;
            try {
                tweetsOutcome = IcebergCommit.commit(
                        spark,
                        new IcebergCommit.Target(
                                tweets,
                                IcebergLake.sqlName(lake.tweetsDef()),
                                LakeSchema.TWEETS,
                                List.of(LakeTables.QUERY, "id"),
                                null,
                                noRows.isEmpty()
                                        ? Map.of()
                                        : Map.of(RunLedger.NO_ROWS_PROPERTY, RunLedger.noRows(noRows))),
                        written.tweets(),
                        runs,
                        PageIdRange.mayRepeat(written.ranges()));
            } catch (RuntimeException e) {
                keyed.cancel();
                throw e;
            }
            long tweetsDone = System.nanoTime();
            Map<String, IcebergCommit.Outcome> keyedOutcomes = keyed.commit(spark);
            for (KeyedTable<?> table : keyedTables) {
                if (written.keyed(table.name()).isEmpty()
                        && !RunLedger.committedRuns(tweets, lake.table(table), table.name())
                                .containsAll(runs)) {
                    // a replay: the tweets table had the runs already, so its commit named no table
                    keyedOutcomes.put(
                            table.name(),
                            IcebergCommit.commit(spark, keyedTarget(lake, table, targets), List.of(), runs, true));
                }
            }
            long keyedDone = System.nanoTime();
            if (quarantined > 0) {
                writeQuarantine(problems, quarantine);
            }
            LOG.info(
                    "Phases (s): listing and tables {}, pages pass {}, keyed upserts proven {}, tweets {} {},"
                            + " keyed tables {} {} (none for {})",
                    seconds(started, prepared),
                    seconds(prepared, passed),
                    seconds(passed, keyedStarted),
                    tweetsOutcome.how(),
                    seconds(keyedStarted, tweetsDone),
                    keyedOutcomes.entrySet().stream()
                            .map(e -> e.getKey() + " " + e.getValue().how())
                            .collect(Collectors.joining(", ")),
                    seconds(tweetsDone, keyedDone),
                    noRows);
            long tweetsRead =
                    written.tweets().stream().mapToLong(DataFile::recordCount).sum();
            IcebergCommit.Outcome usersOutcome =
                    keyedOutcomes.getOrDefault(KeyedTable.USERS.name(), IcebergCommit.Outcome.NOTHING);
            return new ConvertSummary(
                    pages.size(),
                    tweetsRead,
                    tweetsOutcome.rowsAdded(),
                    tweetsRead - tweetsOutcome.rowsAdded(),
                    written.keyedRows(KeyedTable.USERS.name()),
                    usersOutcome.rowsAdded(),
                    quarantined,
                    partitions(tweets.spec(), written.tweets()),
                    partitions(lake.users().spec(), written.keyed(KeyedTable.USERS.name())),
                    secondsSince(started));
        } finally {
            problems.unpersist();
        }
    }

    private static IcebergCommit.Target keyedTarget(
            IcebergLake lake, KeyedTable<?> table, ConvertTask.Targets targets) {
        return new IcebergCommit.Target(
                lake.table(table),
                IcebergLake.sqlName(lake.definition(table)),
                table.sparkType(),
                List.of(table.key()),
                targets.of(table));
    }

    /**
     * Runs the pass; a task that failed for good becomes one line naming its root cause (which
     * names the page when reading it failed), the task's own exception as cause, and Spark's
     * report, whose message embeds the task's stack trace, suppressed.
     */
    private static long pass(Dataset<Row> problems, SortedSet<String> runs) {
        try {
            return problems.count();
        } catch (Exception e) {
            if (!(e instanceof SparkException) && e instanceof RuntimeException runtime) {
                throw runtime;
            }
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            Throwable named = root;
            for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
                if (t.getMessage() != null && t.getMessage().startsWith("Cannot ")) {
                    named = t; // xlake's own message: it names the page or object
                    break;
                }
            }
            String cause = root == e ? firstLine(e.getMessage()) : oneLine(named);
            ConvertException failure = new ConvertException(
                    "Cannot convert runs " + String.join(",", runs) + ": " + cause, root == e ? null : root);
            failure.addSuppressed(e);
            throw failure;
        }
    }

    private static String oneLine(Throwable t) {
        String message = t.getMessage() == null ? t.getClass().getName() : t.getMessage();
        return firstLine(message);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "a task failed";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /** The run a page belongs to in the ledger. */
    static String runOf(PageRef page) {
        return page.runId() == null ? IcebergCommit.ADHOC_RUN : page.runId();
    }

    private static List<String> partitions(PartitionSpec spec, List<DataFile> files) {
        return List.copyOf(files.stream()
                .map(file -> spec.partitionToPath(file.partition()))
                .collect(Collectors.toCollection(TreeSet::new)));
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
        if (!spark.conf().contains("spark.sql.shuffle.partitions")) {
            // a run's data is a few hundred MB at most, so a couple of partitions per core suffice;
            // Spark's default of 200 spends more time scheduling tiny tasks than in them on small clusters
            int partitions = Math.max(2, 2 * spark.sparkContext().defaultParallelism());
            spark.conf().set("spark.sql.shuffle.partitions", String.valueOf(partitions));
        }
    }

    /**
     * How many tasks the pass runs: one per {@value #MIN_PAGES_PER_TASK} pages at most, so a tick
     * runs one, and no more than {@link #tasksPerCore} per core.
     */
    static int slices(List<PageRef> pages, int parallelism) {
        int atLeastPerTask = (pages.size() + MIN_PAGES_PER_TASK - 1) / MIN_PAGES_PER_TASK;
        return Math.max(1, Math.min(atLeastPerTask, tasksPerCore(pages) * parallelism));
    }

    /**
     * Fewest pages worth a task of their own: each task writes a tweets file per partition it
     * touches (on S3 each is several requests), and several tasks hand their keyed rows to a
     * shuffle stage that writes them ({@link KeyedShuffle}); parsing 50 pages costs less than that.
     * A tick (10 pages) thus runs one task, which writes its keyed tables' files itself.
     */
    static final int MIN_PAGES_PER_TASK = 50;

    /**
     * Local pages: one task per core. Nothing to wait on, and a task merges the repeated authors of
     * all its pages, so fewer, larger tasks write fewer user rows and fewer tweet files. Object
     * stores: four per core, so that some tasks compute while others wait on GET latency.
     */
    static int tasksPerCore(List<PageRef> pages) {
        return pages.stream().allMatch(page -> page.uri().startsWith("file:")) ? 1 : 4;
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
        return String.format(Locale.ROOT, "%.2f", (toNanos - fromNanos) / 1e9);
    }

    static double secondsSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /**
     * The files of the pass, one report per task: a task that ran twice (a recomputed cache block)
     * wrote its rows twice, and either complete copy will do; the other copy is deleted.
     */
    private record Written(
            List<DataFile> tweets,
            List<PageIdRange> ranges,
            Map<String, List<DataFile>> keyedFiles,
            Map<String, Long> keyedRowCounts) {

        List<DataFile> keyed(String table) {
            return keyedFiles.getOrDefault(table, List.of());
        }

        long keyedRows(String table) {
            return keyedRowCounts.getOrDefault(table, 0L);
        }

        static Written of(List<ConvertTask.Files> reports, List<KeyedShuffle.Files> shuffled, Configuration conf) {
            List<DataFile> extra = new ArrayList<>();
            Collection<ConvertTask.Files> tasks = firstPerTask(reports, ConvertTask.Files::partitionId, report -> {
                extra.addAll(report.tweets());
                report.keyed().values().forEach(extra::addAll);
            });
            Collection<KeyedShuffle.Files> writers = firstPerTask(
                    shuffled,
                    KeyedShuffle.Files::partitionId,
                    report -> report.keyed().values().forEach(extra::addAll));
            IcebergCommit.deleteQuietly(conf, extra);
            Map<String, List<DataFile>> keyed = new HashMap<>();
            Map<String, Long> rows = new HashMap<>();
            List<Map<String, List<DataFile>>> keyedReports = new ArrayList<>();
            writers.forEach(writer -> keyedReports.add(writer.keyed()));
            for (ConvertTask.Files task : tasks) {
                keyedReports.add(task.keyed());
                task.keyedRows().forEach((table, count) -> rows.merge(table, count, Long::sum));
            }
            keyedReports.forEach(report -> report.forEach((table, files) ->
                    keyed.computeIfAbsent(table, t -> new ArrayList<>()).addAll(files)));
            return new Written(
                    tasks.stream().flatMap(t -> t.tweets().stream()).toList(),
                    tasks.stream().flatMap(t -> t.ranges().stream()).toList(),
                    keyed,
                    rows);
        }

        /**
         * The first report of each task (by partition id, in that order); another attempt's report of
         * the same task is handed to {@code duplicate}, whose files are then deleted, not committed.
         */
        private static <T> Collection<T> firstPerTask(
                List<T> reports, ToIntFunction<T> partitionId, Consumer<T> duplicate) {
            Map<Integer, T> byTask = new TreeMap<>();
            for (T report : reports) {
                if (byTask.putIfAbsent(partitionId.applyAsInt(report), report) != null) {
                    duplicate.accept(report);
                }
            }
            return byTask.values();
        }
    }
}
