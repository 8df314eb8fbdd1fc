package dev.xlake.convert.bench;

import dev.xlake.convert.ConvertOptions;
import dev.xlake.convert.ConvertSummary;
import dev.xlake.convert.Converter;
import dev.xlake.convert.NioLocalFileSystem;
import dev.xlake.convert.TweetsAndUsersConverter;
import dev.xlake.convert.fixtures.PageGenerator;
import dev.xlake.convert.fixtures.RawRunWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.StageInfo;
import org.apache.spark.sql.SparkSession;

/**
 * Not a test: times xlake's converter into empty Iceberg tables (bulk) against naive Spark
 * ({@code spark.read.json} with schema inference, unpartitioned write) and DuckDB ({@code
 * read_json} → {@code COPY … PARTITION_BY}) on the same generated pages, in one JVM; then the
 * tick: 1,000 new tweets (10 pages, 500 users) into tables already holding {@code bench.tickBase}
 * tweets and their users, against the same tick into empty tables, with the session warm. Run with
 * {@code ./mvnw -pl spark-convert -am -Pbench test-compile [-Dbench.tweets=1000000]
 * [-Dbench.rounds=3] [-Dbench.tickBase=1000000] [-Dbench.scenario=bulk|tick|both]}.
 *
 * <p>All approaches share the JVM and its collector: the throughput collector of the xlake
 * launcher (and, as reported, of EMR's Spark defaults), unless {@code -Dbench.gc=-XX:+UseG1GC};
 * the collectors in use are printed first.
 *
 * <p>Both Spark approaches first convert a warm-up input (20,000 tweets), so neither pays the JIT
 * alone.
 * Then each approach runs {@code bench.rounds} times, interleaved (DuckDB, naive Spark, xlake,
 * DuckDB, …), each into a fresh output folder, and the ratios compare the medians.
 * Peak memory is the process's VmHWM (reset per phase through /proc/self/clear_refs) and the JVM
 * heap pools' peak usage.
 */
public final class ConvertBenchmark {

    private static final int TWEETS_PER_PAGE = 100;
    /** Enough for the JIT to compile the hot paths of every approach before the first timed round. */
    private static final int WARMUP_TWEETS = 20_000;

    private static final int PAGES_PER_RUN = 100;

    private ConvertBenchmark() {}

    public static void main(String[] args) throws Exception {
        int tweets = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        // under target/, not /tmp: other processes on a shared machine clean /tmp/xlake-* up
        Path work = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "bench");
        try {
            run(tweets, work);
        } finally {
            deleteTree(work);
        }
    }

    private static void run(int tweets, Path work) throws Exception {
        System.out.println("garbage collectors: "
                + java.lang.management.ManagementFactory.getGarbageCollectorMXBeans().stream()
                        .map(java.lang.management.GarbageCollectorMXBean::getName)
                        .toList());
        String scenario = System.getProperty("bench.scenario", "both");
        if (!scenario.equals("tick")) {
            bulk(tweets, work);
        }
        if (!scenario.equals("bulk")) {
            SparkSession spark = session();
            tick(spark, work, Integer.getInteger("bench.tickBase", 1_000_000), Integer.getInteger("bench.rounds", 3));
            spark.stop();
        }
    }

    private static SparkSession session() {
        SparkSession.Builder builder = SparkSession.builder()
                .master("local[*]")
                .appName("xlake-bench")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.sql.extensions", "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions");
        // as every local session of xlake's; -Dbench.hadoopChmod=true: Hadoop's own local file
        // system instead, a chmod process per file (to measure what that costs)
        if (!Boolean.getBoolean("bench.hadoopChmod")) {
            NioLocalFileSystem.sessionSettings().forEach(builder::config);
        }
        return builder.getOrCreate();
    }

    private static final int TICK_TWEETS = 1_000;
    private static final int TICK_USERS = 500;

    /**
     * The tick: a lake of {@code baseTweets} converted first (timed, for the record), then per round
     * a new tick run converted into it and into a fresh empty lake; round 0 warms both paths up.
     */
    private static void tick(SparkSession spark, Path work, int baseTweets, int rounds) throws IOException {
        long generating = System.nanoTime();
        List<String> baseManifests = generate(work.resolve("tick-base"), baseTweets);
        System.out.printf("tick: generated the lake's %,d tweets in %.1f s%n", baseTweets, seconds(generating));
        Path lake = work.resolve("tick-lake");
        long converting = System.nanoTime();
        ConvertSummary base = Converter.run(spark, xlake(baseManifests, lake));
        System.out.printf(
                "tick: %,d tweets and %,d users converted into the empty lake in %.1f s%n",
                base.tweetsWritten(), base.usersWritten(), seconds(converting));
        deleteTree(work.resolve("tick-base"));
        Map<String, List<Result>> results = new java.util.LinkedHashMap<>();
        // -Dbench.allJobs=true: each tick's Spark jobs and stages, printed after it
        JobTimes jobTimes = new JobTimes();
        spark.sparkContext().addSparkListener(jobTimes);
        String full = String.format("tick into %,d", baseTweets);
        for (int round = 0; round <= rounds; round++) {
            // each round's tweets are an hour newer than the last: a new run, as the next fetch would be
            Instant at = Instant.parse("2026-11-25T21:00:00Z").plusSeconds(3_600L * round);
            String manifest = tickRun(work.resolve("tick-" + round), at, round);
            Path empty = work.resolve("tick-empty-" + round);
            ConvertSummary[] summary = new ConvertSummary[2];
            jobTimes.clear();
            Result intoFull = time(
                    full, round, TICK_TWEETS, () -> summary[0] = Converter.run(spark, xlake(List.of(manifest), lake)));
            jobTimes.clear();
            Result intoEmpty = time(
                    "tick into empty",
                    round,
                    TICK_TWEETS,
                    () -> summary[1] = Converter.run(spark, xlake(List.of(manifest), empty)));
            if (round > 0) {
                record(results, intoFull);
                record(results, intoEmpty);
            } else {
                System.out.println("(round 0 warms up; not counted)");
            }
            System.out.println("  into the lake: " + summary[0].toJson());
            System.out.println("  into empty:    " + summary[1].toJson());
            deleteTree(empty);
        }
        jobTimes.clear();
        double intoFull = median(results.get(full));
        double intoEmpty = median(results.get("tick into empty"));
        System.out.printf(
                "tick (%,d tweets, 10 pages, %d users): into %,d tweets %.2f s, into empty %.2f s, ratio %.2f"
                        + " (medians of %d rounds; targets <= 2 s and <= 1.25)%n",
                TICK_TWEETS, TICK_USERS, baseTweets, intoFull, intoEmpty, intoFull / intoEmpty, rounds);
    }

    /** A tick's run: 1,000 tweets newer than the lake's, in 10 pages, by 500 users the lake knows. */
    private static String tickRun(Path bucket, Instant newest, int round) {
        RawRunWriter writer = new RawRunWriter(new org.apache.hadoop.fs.Path(bucket.toUri()), localConf());
        PageGenerator generator = new PageGenerator(42, TICK_USERS, true);
        List<String> ids = PageGenerator.idsBackFrom(newest, TICK_TWEETS, 3_000);
        List<String> bodies = new ArrayList<>();
        for (int from = 0; from < TICK_TWEETS; from += TWEETS_PER_PAGE) {
            bodies.add(generator.page(ids.subList(from, from + TWEETS_PER_PAGE), round));
        }
        return writer.writeRun("kpop", String.format("20261126T%06dZ-71c%03d", round, round), newest, bodies)
                .toString();
    }

    private static Configuration localConf() {
        Configuration conf = new Configuration();
        conf.set("fs.file.impl", "org.apache.hadoop.fs.RawLocalFileSystem"); // no .crc side files
        conf.setBoolean("fs.file.impl.disable.cache", true);
        return conf;
    }

    private static void bulk(int tweets, Path work) throws Exception {
        long started = System.nanoTime();
        List<String> warmupManifests = generate(work.resolve("warmup"), WARMUP_TWEETS);
        List<String> manifests = generate(work.resolve("input"), tweets);
        long inputBytes = folderBytes(work.resolve("input"));
        System.out.printf(
                "generated %,d tweets in %d pages (%,d bytes gzipped) in %.1f s%n",
                tweets, tweets / TWEETS_PER_PAGE, inputBytes, seconds(started));

        // -Dbench.xlakeOnly=true: only xlake's converter (for profiling it); no ratios then
        boolean xlakeOnly = Boolean.getBoolean("bench.xlakeOnly");
        // -Dbench.withoutExpansions=true: also the converter without the expansion tables (tweets
        // and users only) on the same pages, after xlake in each round (issue 15: within 10 %)
        boolean withoutExpansions = Boolean.getBoolean("bench.withoutExpansions");
        // -Dbench.rounds=N: each approach runs N times, interleaved, and the medians are compared;
        // a single run on a shared 2-core machine varies by about 15 %
        int rounds = Integer.getInteger("bench.rounds", 3);

        long sessionStart = System.nanoTime();
        SparkSession spark = session();
        System.out.printf(
                "spark session started in %.1f s (%d cores)%n",
                seconds(sessionStart), spark.sparkContext().defaultParallelism());
        JobTimes jobTimes = new JobTimes();
        spark.sparkContext().addSparkListener(jobTimes);

        naiveSpark(spark, work.resolve("warmup/raw"), work.resolve("out-warmup-naive"));
        Converter.run(spark, xlake(warmupManifests, work.resolve("out-warmup-xlake")));
        if (withoutExpansions) {
            TweetsAndUsersConverter.run(spark, xlake(warmupManifests, work.resolve("out-warmup-tweets-users")));
        }

        Map<String, List<Result>> results = new java.util.LinkedHashMap<>();
        ConvertSummary[] summary = new ConvertSummary[1];
        for (int round = 1; round <= rounds; round++) {
            Path out = Files.createDirectories(work.resolve("out-" + round));
            if (!xlakeOnly) {
                resetPeaks();
                record(
                        results,
                        time("duckdb", round, tweets, () -> duckDb(work.resolve("input"), out.resolve("duckdb"))));
                // the naive run must not inherit xlake's shuffle setting: it is measured as Spark ships
                spark.conf().unset("spark.sql.shuffle.partitions");
                resetPeaks();
                record(
                        results,
                        time(
                                "naive spark",
                                round,
                                tweets,
                                () -> naiveSpark(spark, work.resolve("input/raw"), out.resolve("naive"))));
            }
            int thisRound = round;
            Runnable withoutTables = () -> {
                resetPeaks();
                record(
                        results,
                        time(
                                "xlake t+u",
                                thisRound,
                                tweets,
                                () -> TweetsAndUsersConverter.run(
                                        spark, xlake(manifests, out.resolve("xlake-tweets-users")))));
            };
            // the two xlake variants alternate which goes first, so neither always runs on a warmer heap
            boolean withoutFirst = withoutExpansions && round % 2 == 0;
            if (withoutFirst) {
                withoutTables.run();
            }
            jobTimes.clear();
            resetPeaks();
            record(
                    results,
                    time(
                            "xlake",
                            round,
                            tweets,
                            () -> summary[0] = Converter.run(spark, xlake(manifests, out.resolve("xlake")))));
            if (withoutExpansions && !withoutFirst) {
                withoutTables.run();
            }
            if (round == 1) {
                System.out.println("xlake summary: " + summary[0].toJson());
                System.out.printf(
                        "parquet files written: xlake %d, naive spark %d, duckdb %d%n",
                        parquetFiles(out.resolve("xlake")),
                        parquetFiles(out.resolve("naive")),
                        parquetFiles(out.resolve("duckdb")));
                System.out.printf(
                        "parquet bytes written: xlake tweets %,d (users %,d), naive spark %,d, duckdb %,d%n",
                        folderBytes(out.resolve("xlake/xlake/tweets/data")),
                        folderBytes(out.resolve("xlake/xlake/users/data")),
                        folderBytes(out.resolve("naive")),
                        folderBytes(out.resolve("duckdb")));
                if (Boolean.getBoolean("bench.columns")) {
                    printColumnChunks(out.resolve("xlake/xlake/tweets/data") + "/*/*/*.parquet");
                    printColumnChunks(out.resolve("xlake/xlake/users/data") + "/*/*.parquet");
                }
            }
            deleteTree(out);
        }
        System.out.println("xlake Spark jobs of the last round (wall seconds, by call site):");
        jobTimes.print();
        spark.stop();

        System.out.println();
        System.out.printf(
                "%-12s %10s %10s %10s %12s %12s %12s%n",
                "approach", "median s", "min s", "max s", "tweets/s", "peak RSS MB", "peak heap MB");
        results.forEach((name, runs) -> System.out.printf(
                "%-12s %10.2f %10.2f %10.2f %,12.0f %12d %12d%n",
                name,
                median(runs),
                runs.stream().mapToDouble(Result::seconds).min().orElseThrow(),
                runs.stream().mapToDouble(Result::seconds).max().orElseThrow(),
                tweets / median(runs),
                runs.stream().mapToLong(Result::peakRssMb).max().orElseThrow(),
                runs.stream().mapToLong(Result::peakHeapMb).max().orElseThrow()));
        if (withoutExpansions) {
            double with = median(results.get("xlake"));
            double without = median(results.get("xlake t+u"));
            System.out.printf(
                    "xlake with the expansion tables vs tweets and users only (t+u): %.2f s vs %.2f s, %+.1f %%"
                            + " (medians of %d rounds; target <= +10 %%)%n",
                    with, without, 100 * (with / without - 1), rounds);
        }
        if (!xlakeOnly) {
            double duck = median(results.get("duckdb"));
            double naive = median(results.get("naive spark"));
            double xlake = median(results.get("xlake"));
            System.out.printf(
                    "xlake vs naive spark: %.2fx faster (medians of %d rounds; target >= 3.5x)%n",
                    naive / xlake, rounds);
            System.out.printf(
                    "xlake vs duckdb: %.2fx slower (medians of %d rounds; target <= 2x at 1M)%n", xlake / duck, rounds);
        }
    }

    /** A conversion into Iceberg tables whose warehouse is {@code out}, with a SQLite catalog in it. */
    private static ConvertOptions xlake(List<String> manifests, Path out) {
        return ConvertOptions.ofManifests(manifests, out.toString(), "jdbc:sqlite:" + out.resolve("catalog.db"));
    }

    /** -Dbench.columns=true: each column's encodings and bytes, summed over a table's files. */
    private static void printColumnChunks(String files) {
        String sql = "SELECT path_in_schema, string_agg(DISTINCT encodings, ' | ') AS encodings,"
                + " sum(total_compressed_size) AS compressed, sum(total_uncompressed_size) AS uncompressed"
                + " FROM parquet_metadata('" + files + "') GROUP BY path_in_schema ORDER BY compressed DESC";
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = connection.createStatement();
                java.sql.ResultSet rows = statement.executeQuery(sql)) {
            System.out.printf("%-45s %-40s %14s %14s%n", "column", "encodings", "compressed", "uncompressed");
            while (rows.next()) {
                System.out.printf(
                        "%-45s %-40s %,14d %,14d%n",
                        rows.getString(1), rows.getString(2), rows.getLong(3), rows.getLong(4));
            }
        } catch (SQLException e) {
            System.out.println("(cannot read the column chunks: " + e.getMessage() + ")");
        }
    }

    private static void record(Map<String, List<Result>> results, Result result) {
        results.computeIfAbsent(result.name(), name -> new ArrayList<>()).add(result);
    }

    private static double median(List<Result> runs) {
        double[] seconds = runs.stream().mapToDouble(Result::seconds).sorted().toArray();
        return seconds.length % 2 == 1
                ? seconds[seconds.length / 2]
                : (seconds[seconds.length / 2 - 1] + seconds[seconds.length / 2]) / 2;
    }

    /** Writes runs of 100 pages (one manifest each) over the last few days; returns the manifests. */
    static List<String> generate(Path bucket, int tweets) {
        RawRunWriter writer = new RawRunWriter(new org.apache.hadoop.fs.Path(bucket.toUri()), localConf());
        PageGenerator generator = new PageGenerator(42, Math.max(1000, tweets / 4), true);
        Instant newest = Instant.parse("2026-11-25T20:00:00Z");
        // one tweet every 3 s: 200k tweets span about a week, as a busy query's recent search would
        List<String> ids = PageGenerator.idsBackFrom(newest, tweets, 3_000);
        List<String> manifests = new ArrayList<>();
        int tweetsPerRun = TWEETS_PER_PAGE * PAGES_PER_RUN;
        for (int run = 0; run * tweetsPerRun < tweets; run++) {
            List<String> bodies = new ArrayList<>();
            for (int from = run * tweetsPerRun;
                    from < Math.min(tweets, (run + 1) * tweetsPerRun);
                    from += TWEETS_PER_PAGE) {
                bodies.add(generator.page(ids.subList(from, Math.min(tweets, from + TWEETS_PER_PAGE)), 0));
            }
            Instant startedAt = newest.plusSeconds(60L * run);
            manifests.add(writer.writeRun("kpop", String.format("20261125T%06dZ-%06x", run, run), startedAt, bodies)
                    .toString());
        }
        return manifests;
    }

    private static void naiveSpark(SparkSession spark, Path raw, Path out) {
        spark.read()
                .json(raw.toString())
                .selectExpr("explode(data) AS tweet")
                .select("tweet.*")
                .write()
                .mode("overwrite")
                .parquet(out.toString());
    }

    private static void duckDb(Path input, Path out) {
        String sql = "COPY (SELECT t.*, strftime(CAST(t.created_at AS TIMESTAMP), '%Y-%m-%d') AS dt"
                + " FROM (SELECT unnest(data) AS t FROM read_json('" + input + "/raw/**/*.json.gz')))"
                + " TO '" + out + "' (FORMAT parquet, PARTITION_BY (dt))";
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot run DuckDB conversion: " + e.getMessage(), e);
        }
    }

    private record Result(String name, double seconds, long peakRssMb, long peakHeapMb) {}

    private static Result time(String name, int round, int tweets, Runnable conversion) {
        long started = System.nanoTime();
        conversion.run();
        double seconds = seconds(started);
        Result result = new Result(name, seconds, vmHwmKb() / 1024, peakHeapBytes() / (1024 * 1024));
        System.out.printf("round %d %s: %.2f s, %,.0f tweets/s%n", round, name, seconds, tweets / seconds);
        return result;
    }

    private static void resetPeaks() {
        System.gc();
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5"); // resets VmHWM to the current RSS
        } catch (IOException e) {
            System.out.println("(cannot reset VmHWM: " + e.getMessage() + "; peak RSS is since start)");
        }
        heapPools().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    private static long vmHwmKb() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/status"))) {
            return lines.filter(line -> line.startsWith("VmHWM:"))
                    .mapToLong(line -> Long.parseLong(line.replaceAll("[^0-9]", "")))
                    .findFirst()
                    .orElse(-1);
        } catch (IOException e) {
            return -1;
        }
    }

    private static long peakHeapBytes() {
        return heapPools().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
    }

    private static Stream<MemoryPoolMXBean> heapPools() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(pool -> pool.getType() == MemoryType.HEAP);
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static long folderBytes(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile)
                    .mapToLong(file -> file.toFile().length())
                    .sum();
        }
    }

    private static long parquetFiles(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(file -> file.toString().endsWith(".parquet")).count();
        }
    }

    private static void deleteTree(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(file -> file.toFile().delete());
        }
    }

    /**
     * Wall time of each Spark job, keyed by the job's call site, and of each of its stages: tasks,
     * their summed run and CPU time, and the longest task (a long tail shows as idle cores).
     */
    private static final class JobTimes extends SparkListener {
        private final Map<Integer, Long> longestTask = new ConcurrentHashMap<>();
        private final Map<Integer, Long> starts = new ConcurrentHashMap<>();
        private final Map<Integer, String> names = new ConcurrentHashMap<>();
        private final List<String> lines = new ArrayList<>();

        @Override
        public void onJobStart(SparkListenerJobStart jobStart) {
            starts.put(jobStart.jobId(), jobStart.time());
            String callSite =
                    jobStart.properties() == null ? null : jobStart.properties().getProperty("callSite.short");
            names.put(
                    jobStart.jobId(),
                    callSite != null
                            ? callSite
                            : jobStart.stageInfos().isEmpty()
                                    ? "?"
                                    : jobStart.stageInfos().head().name());
        }

        @Override
        public synchronized void onJobEnd(SparkListenerJobEnd jobEnd) {
            Long start = starts.get(jobEnd.jobId());
            if (start != null) {
                lines.add(String.format(
                        "  job %3d %6.2f s  %s",
                        jobEnd.jobId(), (jobEnd.time() - start) / 1000.0, names.get(jobEnd.jobId())));
            }
        }

        @Override
        public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
            longestTask.merge(taskEnd.stageId(), taskEnd.taskInfo().duration(), Math::max);
        }

        @Override
        public synchronized void onStageCompleted(SparkListenerStageCompleted completed) {
            StageInfo stage = completed.stageInfo();
            if (stage.taskMetrics() != null) {
                lines.add(String.format(
                        "      stage %3d: %3d tasks, run %6.2f s, cpu %6.2f s, gc %5.2f s, longest task %5.2f s",
                        stage.stageId(),
                        stage.numTasks(),
                        stage.taskMetrics().executorRunTime() / 1000.0,
                        stage.taskMetrics().executorCpuTime() / 1e9,
                        stage.taskMetrics().jvmGCTime() / 1000.0,
                        longestTask.getOrDefault(stage.stageId(), 0L) / 1000.0));
            }
        }

        /** Forgets the jobs so far; with -Dbench.allJobs=true, prints them first (every round's jobs). */
        synchronized void clear() {
            if (Boolean.getBoolean("bench.allJobs")) {
                print();
            }
            lines.clear();
        }

        synchronized void print() {
            lines.forEach(System.out::println);
        }
    }
}
