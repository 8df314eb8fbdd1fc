package dev.xlake.convert.bench;

import dev.xlake.convert.ConvertOptions;
import dev.xlake.convert.ConvertSummary;
import dev.xlake.convert.Converter;
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
import org.apache.spark.sql.SparkSession;

/**
 * Not a test: times xlake's converter against naive Spark ({@code spark.read.json} with schema
 * inference, unpartitioned write) and DuckDB ({@code read_json} → {@code COPY … PARTITION_BY}) on
 * the same generated pages, in one JVM. Run with
 * {@code ./mvnw -pl spark-convert -Pbench test-compile exec:exec [-Dbench.tweets=1000000]}.
 *
 * <p>Both Spark approaches first convert a small warm-up input, so neither pays the JIT alone.
 * Peak memory is the process's VmHWM (reset per phase through /proc/self/clear_refs) and the JVM
 * heap pools' peak usage.
 */
public final class ConvertBenchmark {

  private static final int TWEETS_PER_PAGE = 100;
  private static final int PAGES_PER_RUN = 100;

  private ConvertBenchmark() {
  }

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
    long started = System.nanoTime();
    List<String> warmupManifests = generate(work.resolve("warmup"), 2_000);
    List<String> manifests = generate(work.resolve("input"), tweets);
    long inputBytes = folderBytes(work.resolve("input"));
    System.out.printf("generated %,d tweets in %d pages (%,d bytes gzipped) in %.1f s%n",
        tweets, tweets / TWEETS_PER_PAGE, inputBytes, seconds(started));

    // -Dbench.xlakeOnly=true: only xlake's converter (for profiling it); no ratios then
    boolean xlakeOnly = Boolean.getBoolean("bench.xlakeOnly");
    List<Result> results = new ArrayList<>();
    resetPeaks();
    if (!xlakeOnly) {
      results.add(time("duckdb", tweets, () -> duckDb(work.resolve("input"), work.resolve("out-duckdb"))));
    }

    long sessionStart = System.nanoTime();
    SparkSession spark = SparkSession.builder().master("local[*]").appName("xlake-bench")
        .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1").getOrCreate();
    System.out.printf("spark session started in %.1f s (%d cores)%n", seconds(sessionStart),
        spark.sparkContext().defaultParallelism());
    JobTimes jobTimes = new JobTimes();
    spark.sparkContext().addSparkListener(jobTimes);

    naiveSpark(spark, work.resolve("warmup/raw"), work.resolve("out-warmup-naive"));
    Converter.run(spark, ConvertOptions.ofManifests(warmupManifests, work.resolve("out-warmup-xlake").toString()));
    // the naive run must not inherit xlake's shuffle setting: it is measured as Spark ships
    spark.conf().unset("spark.sql.shuffle.partitions");

    if (!xlakeOnly) {
      resetPeaks();
      results.add(time("naive spark", tweets, () -> naiveSpark(spark, work.resolve("input/raw"), work.resolve("out-naive"))));
    }
    jobTimes.clear();
    resetPeaks();
    ConvertSummary[] summary = new ConvertSummary[1];
    results.add(time("xlake", tweets, () -> summary[0] = Converter.run(spark,
        ConvertOptions.ofManifests(manifests, work.resolve("out-xlake").toString()))));
    System.out.println("xlake summary: " + summary[0].toJson());
    System.out.printf("parquet files written: xlake %d, naive spark %d, duckdb %d%n",
        parquetFiles(work.resolve("out-xlake")), parquetFiles(work.resolve("out-naive")),
        parquetFiles(work.resolve("out-duckdb")));
    System.out.println("xlake Spark jobs (wall seconds, by call site):");
    jobTimes.print();
    spark.stop();

    System.out.println();
    System.out.printf("%-12s %9s %12s %12s %12s%n", "approach", "seconds", "tweets/s", "peak RSS MB", "peak heap MB");
    for (Result result : results) {
      System.out.printf("%-12s %9.2f %,12.0f %12d %12d%n", result.name, result.seconds,
          tweets / result.seconds, result.peakRssMb, result.peakHeapMb);
    }
    if (!xlakeOnly) {
      Result duck = results.get(0);
      Result naive = results.get(1);
      Result xlake = results.get(2);
      System.out.printf("xlake vs naive spark: %.2fx faster (target >= 3x)%n", naive.seconds / xlake.seconds);
      System.out.printf("xlake vs duckdb: %.2fx slower (target <= 4x)%n", xlake.seconds / duck.seconds);
    }
  }

  /** Writes runs of 100 pages (one manifest each) over the last few days; returns the manifests. */
  private static List<String> generate(Path bucket, int tweets) {
    Configuration conf = new Configuration();
    conf.set("fs.file.impl", "org.apache.hadoop.fs.RawLocalFileSystem"); // no .crc side files
    conf.setBoolean("fs.file.impl.disable.cache", true);
    RawRunWriter writer = new RawRunWriter(new org.apache.hadoop.fs.Path(bucket.toUri()), conf);
    PageGenerator generator = new PageGenerator(42, Math.max(1000, tweets / 4));
    Instant newest = Instant.parse("2026-11-25T20:00:00Z");
    // one tweet every 3 s: 200k tweets span about a week, as a busy query's recent search would
    List<String> ids = PageGenerator.idsBackFrom(newest, tweets, 3_000);
    List<String> manifests = new ArrayList<>();
    int tweetsPerRun = TWEETS_PER_PAGE * PAGES_PER_RUN;
    for (int run = 0; run * tweetsPerRun < tweets; run++) {
      List<String> bodies = new ArrayList<>();
      for (int from = run * tweetsPerRun; from < Math.min(tweets, (run + 1) * tweetsPerRun); from += TWEETS_PER_PAGE) {
        bodies.add(generator.page(ids.subList(from, Math.min(tweets, from + TWEETS_PER_PAGE)), 0));
      }
      Instant startedAt = newest.plusSeconds(60L * run);
      manifests.add(writer.writeRun("kpop", String.format("20261125T%06dZ-%06x", run, run), startedAt, bodies).toString());
    }
    return manifests;
  }

  private static void naiveSpark(SparkSession spark, Path raw, Path out) {
    spark.read().json(raw.toString())
        .selectExpr("explode(data) AS tweet").select("tweet.*")
        .write().mode("overwrite").parquet(out.toString());
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

  private record Result(String name, double seconds, long peakRssMb, long peakHeapMb) {
  }

  private static Result time(String name, int tweets, Runnable conversion) {
    long started = System.nanoTime();
    conversion.run();
    double seconds = seconds(started);
    Result result = new Result(name, seconds, vmHwmKb() / 1024, peakHeapBytes() / (1024 * 1024));
    System.out.printf("%s: %.2f s, %,.0f tweets/s%n", name, seconds, tweets / seconds);
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
          .mapToLong(line -> Long.parseLong(line.replaceAll("[^0-9]", ""))).findFirst().orElse(-1);
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
    try (Stream<Path> files = Files.walk(folder)) {
      return files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
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
      files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
    }
  }

  /** Wall time of each Spark job, keyed by the job's call site, to show where the time goes. */
  private static final class JobTimes extends SparkListener {
    private final Map<Integer, Long> starts = new ConcurrentHashMap<>();
    private final Map<Integer, String> names = new ConcurrentHashMap<>();
    private final List<String> lines = new ArrayList<>();

    @Override
    public void onJobStart(SparkListenerJobStart jobStart) {
      starts.put(jobStart.jobId(), jobStart.time());
      String callSite = jobStart.properties() == null ? null : jobStart.properties().getProperty("callSite.short");
      names.put(jobStart.jobId(), callSite != null ? callSite
          : jobStart.stageInfos().isEmpty() ? "?" : jobStart.stageInfos().head().name());
    }

    @Override
    public synchronized void onJobEnd(SparkListenerJobEnd jobEnd) {
      Long start = starts.get(jobEnd.jobId());
      if (start != null) {
        lines.add(String.format("  job %3d %6.2f s  %s", jobEnd.jobId(), (jobEnd.time() - start) / 1000.0,
            names.get(jobEnd.jobId())));
      }
    }

    synchronized void clear() {
      lines.clear();
    }

    synchronized void print() {
      lines.forEach(System.out::println);
    }
  }
}
