package dev.xlake.cli.local;

import dev.xlake.checkpoint.Checkpoint;
import dev.xlake.checkpoint.CheckpointStore;
import dev.xlake.compliance.ComplianceJobRunner;
import dev.xlake.compliance.HttpComplianceJobClient;
import dev.xlake.config.BearerToken;
import dev.xlake.config.BearerTokenSource;
import dev.xlake.config.FetchConfig;
import dev.xlake.config.QuerySpec;
import dev.xlake.config.SpendSettings;
import dev.xlake.convert.ConvertSummary;
import dev.xlake.convert.IcebergLake;
import dev.xlake.convert.LakeMaintenance;
import dev.xlake.core.compliance.ComplianceKeys;
import dev.xlake.core.compliance.CompliancePass;
import dev.xlake.core.config.EnvNames;
import dev.xlake.core.layout.RunIds;
import dev.xlake.core.schema.LakeTables;
import dev.xlake.core.time.Sleeper;
import dev.xlake.emulator.ComplianceSchedule;
import dev.xlake.emulator.EmulatorClock;
import dev.xlake.emulator.XApiEmulator;
import dev.xlake.fetch.FetchService;
import dev.xlake.fetch.InvocationSummary;
import dev.xlake.fetch.QuerySummary;
import dev.xlake.fetch.TimeBudget;
import dev.xlake.s3.ObjectStore;
import dev.xlake.s3.S3Clients;
import dev.xlake.s3.S3ObjectStore;
import dev.xlake.s3embedded.EmbeddedS3;
import dev.xlake.submit.ManifestSubmitService;
import dev.xlake.submit.S3ClaimStore;
import dev.xlake.xapi.HttpXApiClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;

/**
 * {@code xlake local}: the AWS pipeline on one machine. The fetch ticks run the Lambda's
 * {@link FetchService}; each new run manifest goes through the S3-event Lambda's
 * {@link ManifestSubmitService} (claim, then submit) with {@link LocalSparkStepSubmitter} in place
 * of EMR. Only the schedule, the event delivery and the cluster are local.
 *
 * <p>The emulator's clock is the fetcher's clock too: waits for rate-limit resets and retry
 * back-offs move it instead of sleeping, so a faulty run takes no longer than a clean one.
 */
public final class LocalPipeline {

    private static final Logger LOG = LoggerFactory.getLogger(LocalPipeline.class);

    /** The Lambda's timeout, in emulator time. */
    static final Duration TICK_BUDGET = Duration.ofMinutes(5);
    /** Extra ticks (clock standing still) to finish paginations still in flight after the last tick. */
    static final int MAX_CATCH_UP_TICKS = 20;

    static final Duration HTTP_TIMEOUT = Duration.ofSeconds(20);
    static final int MAX_RETRIES = 4;

    /**
     * What happens on the emulated X to the corpus after it is posted (seeded, so the same for
     * every run): 1% of posts deleted, the geo of 20% of geo-tagged posts scrubbed, 1% of accounts
     * gone (suspended, deactivated, protected or deleted), besides the accounts generated
     * suspended. The compliance pass at the end of the run applies what has happened by then.
     */
    static final ComplianceSchedule.Rates COMPLIANCE_RATES = new ComplianceSchedule.Rates(0.01, 0.2, 0.01);
    /** A compliance job's wait limit, in emulator time (the emulator's jobs take 2 s of it). */
    static final Duration COMPLIANCE_MAX_WAIT = Duration.ofHours(2);
    /**
     * The emulator's corpus cache covers the 7-day window, the ticks and some slack, so the fetch
     * of each query and the ground truth generate each tweet once instead of once per query
     * (about 2.6 KB per tweet: ~340 MB at the default 12 tweets a minute), capped at
     * {@value #MAX_CACHED_TWEETS} tweets.
     */
    static final Duration CORPUS_CACHE_SPAN = Duration.ofDays(7).plusHours(12);

    static final int MAX_CACHED_TWEETS = 160_000;

    private final LocalSettings settings;
    private final PrintWriter out;
    private final LocalLayout layout;
    private final Timings timings = new Timings();
    private final List<AutoCloseable> resources = new ArrayList<>();
    private SparkSession spark;
    /** Spark starting on another thread during the first fetch ({@link #warmUpSpark}). */
    private Future<SparkSession> warmUp;
    /** What the run is doing, for the line a Ctrl-C prints. */
    private volatile String doing = "while starting";

    public LocalPipeline(LocalSettings settings, PrintWriter out) {
        this.settings = settings;
        this.out = out;
        this.layout = new LocalLayout(settings.dataDir());
    }

    /** Runs the ticks and prints the report; the result says whether the lake matched the ground truth. */
    public Result run() throws InterruptedException {
        timings.jvm = Duration.ofMillis(Math.max(
                0,
                System.currentTimeMillis()
                        - ManagementFactory.getRuntimeMXBean().getStartTime()));
        try (Interruption interruption = Interruption.install(out, this::resumeLine)) {
            return runInside();
        } finally {
            closeAll();
        }
    }

    private Result runInside() throws InterruptedException {
        long serversStarted = System.nanoTime();
        S3Side s3 = startS3();
        XSide x = startX();
        timings.servers = Duration.ofNanos(System.nanoTime() - serversStarted);

        ObjectStore store = new S3ObjectStore(s3.client, settings.bucket());
        CrashingObjectStore crashing = settings.faults().killFetchAfterPages().isPresent()
                ? new CrashingObjectStore(
                        store, settings.faults().killFetchAfterPages().getAsInt())
                : null;
        FetchConfig config = new FetchConfig(
                settings.bucket(),
                settings.queries(),
                new BearerTokenSource.Value(x.token()),
                x.baseUrl(),
                FetchConfig.DEFAULT_PAGE_SIZE,
                settings.maxPages(),
                Duration.ZERO,
                HTTP_TIMEOUT,
                MAX_RETRIES,
                FetchConfig.DEFAULT_MAX_QUERY_WAIT,
                SpendSettings.UNLIMITED);
        SecureRandom random = new SecureRandom();
        FetchService fetch = new FetchService(
                config,
                new HttpXApiClient(x.baseUrl(), x.token(), HTTP_TIMEOUT),
                crashing != null ? crashing : store,
                x.clock(),
                x.sleeper(),
                random,
                RunIds.random(random));
        CheckpointStore checkpoints = new CheckpointStore(store);

        String bucketUri = "s3://" + settings.bucket();
        String curated = bucketUri + "/curated";
        String quarantine = bucketUri + "/quarantine/convert";
        LocalSparkStepSubmitter cluster =
                new LocalSparkStepSubmitter(this::spark, layout.catalog(), curated, quarantine);
        S3ClaimStore claims = new S3ClaimStore(store);
        ManifestSubmitService submit =
                new ManifestSubmitService(claims, cluster, curated, quarantine, Duration.ofMinutes(30));
        ManifestEvents events = new ManifestEvents(
                s3.client, settings.bucket(), submit, settings.faults().duplicateEvents());

        warmUpSpark(curated);
        out.printf(
                "xlake local: %s, %s, data in %s%n",
                s3.description,
                x.description(),
                layout.dataDir().toAbsolutePath().normalize());
        out.flush();

        // A query whose latest fetch failed: its lake is stale however well the rest matches.
        Map<String, String> failedFetches = new LinkedHashMap<>();
        int catchUps = 0;
        // The first conversion of a process catches up what earlier processes left unconverted
        // (killed, interrupted, failed), even if this tick brings no manifest; so does the one
        // after a failed conversion.
        boolean conversionDue = true;
        for (int tick = 1;
                tick <= settings.ticks()
                        || ((conversionDue || anyInFlight(checkpoints)) && catchUps++ < MAX_CATCH_UP_TICKS);
                tick++) {
            boolean catchUp = tick > settings.ticks();
            String tickName = catchUp ? "catch-up tick " + tick : "tick " + tick + "/" + settings.ticks();
            doing = "during " + tickName + "'s fetch";
            if (!catchUp && (tick > 1 || x.continuing())) {
                x.advance(settings.tickInterval());
            }
            x.noteFirstFetch();
            if (crashing != null && tick == 1) {
                crashing.arm();
            }
            long fetchStarted = System.nanoTime();
            InvocationSummary fetched =
                    fetch.runOnce(TimeBudget.until(x.clock().instant().plus(TICK_BUDGET), x.clock()));
            Duration fetchTime = Duration.ofNanos(System.nanoTime() - fetchStarted);
            boolean killed = crashing != null && crashing.disarm();
            timings.fetch = timings.fetch.plus(fetchTime);
            fetched.queries().forEach(q -> {
                if (q.ok()) {
                    failedFetches.remove(q.queryName());
                } else {
                    failedFetches.put(q.queryName(), q.error());
                }
            });

            long convertStarted = System.nanoTime();
            Duration sparkBefore = timings.spark;
            doing = "during " + tickName + "'s manifest events";
            ManifestEvents.Deliveries delivered = events.deliverNew();
            doing = "during " + tickName + "'s conversion of runs " + cluster.queuedRuns();
            boolean die = settings.faults().failConvertOnTick().orElse(0) == tick;
            Optional<LocalSparkStepSubmitter.Batch> converted = cluster.runPending(conversionDue, die);
            conversionDue =
                    converted.flatMap(LocalSparkStepSubmitter.Batch::failure).isPresent();
            Duration convertTime = Duration.ofNanos(System.nanoTime() - convertStarted);
            // Spark's start-up, if it happened in this conversion, is start-up, not work.
            timings.convert = timings.convert.plus(convertTime.minus(timings.spark.minus(sparkBefore)));
            x.saveState();
            printTick(tick, catchUp, fetched, fetchTime, killed, delivered, converted, convertTime);
        }

        doing = "during the compliance pass";
        long complianceStarted = System.nanoTime();
        Duration sparkBefore = timings.spark;
        ComplianceOutcome compliance = compliance(x);
        boolean ok = compliance.ok();
        timings.compliance =
                Duration.ofNanos(System.nanoTime() - complianceStarted).minus(timings.spark.minus(sparkBefore));

        doing = "during the report";
        long reportStarted = System.nanoTime();
        sparkBefore = timings.spark;
        // With nothing converted, Spark starts for the report: start-up too.
        spark();
        // Maintenance runs beside the report: the report reads the snapshots current when it
        // starts, and a compaction keeps the files those snapshots name (only expiry deletes them).
        CompletableFuture<Maintained> maintenance = CompletableFuture.supplyAsync(this::maintain, task -> {
            Thread thread = new Thread(task, "xlake-local-maintain");
            thread.setDaemon(true);
            thread.start();
        });
        ok &= report(checkpoints, x, failedFetches, compliance.window());
        Map<String, String> undelivered = events.stillFailing();
        ok &= undelivered.isEmpty();
        timings.report = Duration.ofNanos(System.nanoTime() - reportStarted).minus(timings.spark.minus(sparkBefore));
        doing = "during the lake's maintenance";
        long maintainWaitStarted = System.nanoTime();
        ok &= printMaintenanceAndHowToQuery(maintenance.join());
        timings.maintain = Duration.ofNanos(System.nanoTime() - maintainWaitStarted);
        out.println(timings.describe());
        if (!failedFetches.isEmpty()) {
            out.println("FAILED: the latest fetch of " + String.join(", ", failedFetches.keySet())
                    + " failed; the lake is missing what those queries would have fetched");
        }
        undelivered.forEach((manifest, failure) ->
                out.println("FAILED: the event of " + manifest + " could not be delivered: " + failure));
        out.flush();
        return new Result(ok, Map.copyOf(failedFetches), timings);
    }

    /**
     * The outcome, for callers and tests.
     *
     * @param ok every query's latest fetch succeeded and its lake passed the check
     * @param failedFetches the queries whose latest fetch failed, with the error
     */
    public record Result(boolean ok, Map<String, String> failedFetches, Timings timings) {}

    // ------------------------------------------------------------------ S3 and X

    private record S3Side(S3Client client, String description, Optional<Path> localBucketDir) {}

    private S3Side startS3() {
        if (settings.s3Endpoint().isPresent()) {
            Map<String, String> env = new HashMap<>(settings.environment());
            env.put(EnvNames.AWS_ENDPOINT_URL_S3, settings.s3Endpoint().get().toString());
            S3Client client = register(S3Clients.fromEnv(env));
            ensureBucket(client);
            return new S3Side(client, "S3 at " + settings.s3Endpoint().get(), Optional.empty());
        }
        EmbeddedS3 server =
                register(EmbeddedS3.builder().dataDir(layout.s3Dir()).start());
        server.createBucket(settings.bucket());
        return new S3Side(
                register(server.newClient()),
                "embedded S3 " + server.endpoint(),
                Optional.of(layout.bucketDir(settings.bucket())));
    }

    private void ensureBucket(S3Client client) {
        try {
            client.headBucket(b -> b.bucket(settings.bucket()));
        } catch (NoSuchBucketException e) {
            client.createBucket(b -> b.bucket(settings.bucket()));
        }
    }

    private XSide startX() {
        if (!settings.emulated()) {
            String token = settings.environment().get(EnvNames.X_BEARER_TOKEN);
            return new XSide(
                    null,
                    null,
                    Clock.systemUTC(),
                    Sleeper.REAL,
                    BearerToken.of(token, EnvNames.X_BEARER_TOKEN),
                    settings.xApiUrl().get(),
                    "X API " + settings.xApiUrl().get(),
                    false);
        }
        Optional<EmulatorState> saved = EmulatorState.read(layout.emulatorStateFile());
        EmulatorState state = saved.orElseGet(
                () -> new EmulatorState(settings.seed(), settings.start().truncatedTo(ChronoUnit.SECONDS), null));
        EmulatorClock clock = EmulatorClock.fixed(state.clock());
        // A fresh random token per run: the fetcher presents it exactly as it would X's.
        String secret = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        XApiEmulator emulator = register(XApiEmulator.builder()
                .seed(state.seed())
                .clock(clock)
                .bearerToken(secret)
                .faults(settings.faults().emulatorPlan())
                .tweetsPerMinute(settings.tweetsPerMinute())
                .complianceRates(COMPLIANCE_RATES)
                .cachedTweets(
                        (int) Math.min(MAX_CACHED_TWEETS, settings.tweetsPerMinute() * CORPUS_CACHE_SPAN.toMinutes()))
                .start());
        String description = "X API emulator " + emulator.baseUrl() + " (seed " + state.seed()
                + (saved.isPresent() ? ", clock continued from " + state.clock() : ", clock " + state.clock())
                + (settings.faults().any() ? ", faults " + settings.faults().describe() : "") + ")";
        XSide[] side = new XSide[1];
        side[0] = new XSide(
                emulator,
                new SavedState(layout.emulatorStateFile(), state),
                clock,
                interval -> {
                    clock.advance(interval);
                    side[0].saveState();
                },
                BearerToken.of(secret, "emulator"),
                URI.create(emulator.baseUrl()),
                description,
                saved.isPresent());
        return side[0];
    }

    /**
     * The X side of a run: the emulator with its clock and saved state, or the real API with real
     * time (no emulator, no state).
     */
    private record XSide(
            XApiEmulator emulator,
            SavedState saved,
            InstantSource clock,
            Sleeper sleeper,
            BearerToken token,
            URI baseUrl,
            String description,
            boolean continuing) {

        void advance(Duration interval) throws InterruptedException {
            sleeper.sleep(interval); // the emulator's clock moves; against the real X this waits
        }

        /** Saved at once: a run killed during its first fetch must keep the ground truth's window. */
        void noteFirstFetch() {
            if (saved != null) {
                saved.noteFirstFetch(clock.instant());
            }
        }

        /**
         * Saved whenever the clock moves (before the request it waited for), so a killed run never
         * leaves tweets in the raw pages that a restarted emulator's clock has not reached yet.
         */
        void saveState() {
            if (saved != null) {
                saved.save(clock.instant());
            }
        }

        EmulatorState state() {
            return saved == null ? null : saved.current();
        }
    }

    /** The emulator's state, written to the data dir at every change. */
    private static final class SavedState {
        private final Path file;
        private EmulatorState state;

        SavedState(Path file, EmulatorState state) {
            this.file = file;
            this.state = state;
        }

        synchronized EmulatorState current() {
            return state;
        }

        synchronized void noteFirstFetch(Instant now) {
            if (state.firstFetchAt() == null) {
                state = new EmulatorState(state.seed(), now, now);
                state.write(file);
            }
        }

        synchronized void save(Instant now) {
            state = state.withClock(now);
            state.write(file);
        }
    }

    // ------------------------------------------------------------------ Spark

    /**
     * Starts Spark and opens the lake (creating its tables in a new data dir) on another thread,
     * while the first tick fetches: the fetch mostly waits on the emulator and S3, and the first
     * conversion would otherwise pay both (seconds of class loading, the SparkContext, six tables'
     * creation in the catalog) before reading a page. Every run converts at least once, so Spark
     * always starts.
     */
    private void warmUpSpark(String curated) {
        S3Target target;
        try {
            target = s3Target();
        } catch (RuntimeException e) {
            return; // no warm-up: the first conversion starts Spark and reports what is wrong
        }
        FutureTask<SparkSession> task = new FutureTask<>(() -> {
            SparkSession session = startSpark(target);
            try {
                IcebergLake.open(session, layout.catalog(), curated);
            } catch (RuntimeException e) {
                // the first conversion opens the lake again and reports what is wrong with it
                LOG.debug("Cannot open the lake ahead of the first conversion: {}", e.toString());
            }
            return session;
        });
        Thread thread = new Thread(task, "xlake-spark-warm-up");
        thread.setDaemon(true);
        thread.start();
        warmUp = task;
    }

    /** The run's SparkSession; the time the run waited for it is start-up. */
    private synchronized SparkSession spark() {
        if (spark == null) {
            long started = System.nanoTime();
            spark = warmUp != null ? awaitWarmUp() : startSpark(s3Target());
            // started on the warm-up thread, the session is active there only; Spark SQL's conf
            // lookups (Iceberg's rewrite among them) read the calling thread's active session
            SparkSession.setActiveSession(spark);
            timings.spark = Duration.ofNanos(System.nanoTime() - started);
        }
        return spark;
    }

    private SparkSession awaitWarmUp() {
        try {
            return warmUp.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while starting Spark", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("Cannot start Spark: " + e.getCause(), e.getCause());
        }
    }

    private S3Target s3Target() {
        return settings.s3Endpoint().isPresent()
                ? S3Target.fromEnvironment(settings.s3Endpoint(), settings.environment())
                : resources.stream()
                        .filter(EmbeddedS3.class::isInstance)
                        .map(EmbeddedS3.class::cast)
                        .findFirst()
                        .map(S3Target::embedded)
                        .orElseThrow();
    }

    private SparkSession startSpark(S3Target target) {
        closeHadoopFileSystems(); // none should be cached from an earlier S3 server in this JVM
        return LocalSpark.start(target, layout.sparkLocalDir());
    }

    // ------------------------------------------------------------------ output

    /** Where the run was and what the next run on the same data directory resumes. */
    private String resumeLine() {
        return doing + "; the next xlake local --data-dir " + layout.dataDir()
                + " resumes: paginations in flight continue from their checkpoints, and every run not yet"
                + " in every table is converted by its first conversion";
    }

    private boolean anyInFlight(CheckpointStore checkpoints) {
        return settings.queries().stream()
                .anyMatch(q -> checkpoints.load(q.name(), q.query()).value().inFlight() != null);
    }

    private void printTick(
            int tick,
            boolean catchUp,
            InvocationSummary fetched,
            Duration fetchTime,
            boolean killed,
            ManifestEvents.Deliveries delivered,
            Optional<LocalSparkStepSubmitter.Batch> converted,
            Duration convertTime) {
        StringBuilder line = new StringBuilder(
                catchUp
                        ? String.format("tick %d (catch-up)", tick)
                        : String.format("tick %d/%d", tick, settings.ticks()));
        line.append("  ")
                .append(fetched.startedAt(), 0, Math.min(16, fetched.startedAt().length()))
                .append('Z');
        long tweets =
                fetched.queries().stream().mapToLong(QuerySummary::tweetCount).sum();
        int pages =
                fetched.queries().stream().mapToInt(QuerySummary::pagesStored).sum();
        line.append(String.format("  fetched %,d tweets in %d pages %.1fs (", tweets, pages, seconds(fetchTime)));
        line.append(String.join(
                        ", ",
                        fetched.queries().stream()
                                .map(LocalPipeline::shortStatus)
                                .toList()))
                .append(')');
        if (killed) {
            line.append(" KILLED mid-pagination");
        }
        int runs = converted.map(b -> b.steps().size()).orElse(0);
        Optional<ConvertSummary> summary = converted.flatMap(LocalSparkStepSubmitter.Batch::summary);
        long read = summary.map(ConvertSummary::tweetsRead).orElse(0L);
        line.append(String.format(
                "  | converted %d runs, %d pages (%,d tweets) %.1fs",
                runs, summary.map(ConvertSummary::pages).orElse(0), read, seconds(convertTime)));
        converted
                .flatMap(LocalSparkStepSubmitter.Batch::failure)
                .ifPresent(e -> line.append(", CONVERSION FAILED (its runs are caught up by the next conversion): ")
                        .append(e.getMessage()));
        if (delivered.duplicates() > 0) {
            line.append(String.format(", %d duplicate events ignored", delivered.duplicates()));
        }
        if (!delivered.failures().isEmpty()) {
            line.append(", FAILED (retried next tick): ").append(String.join("; ", delivered.failures()));
        }
        out.println(line);
        fetched.queries().stream()
                .filter(q -> !q.ok())
                .forEach(q -> out.printf("    %s: %s%n", q.queryName(), q.error()));
        out.flush();
    }

    private static String shortStatus(QuerySummary q) {
        if (!q.ok()) {
            return q.queryName() + " failed";
        }
        String status = q.queryName() + " " + q.stopReason().wireName() + " ~$" + FetchLines.cost(q);
        return q.resumedFrom() != null ? status + " (resumed)" : status;
    }

    private String warehouse() {
        return "s3://" + settings.bucket() + "/curated";
    }

    /** Whether the pass was applied (or not due), and the emulator time it ran in. */
    private record ComplianceOutcome(boolean ok, Optional<GroundTruthCheck.PassWindow> window) {}

    /**
     * One compliance pass over the lake ({@code xlake compliance}'s code) against the emulator,
     * whose clock the job polls move instead of sleeping: the pass costs its Spark work only. Not
     * run against the real X API, whose jobs take minutes to hours.
     */
    private ComplianceOutcome compliance(XSide x) throws InterruptedException {
        if (x.emulator() == null) {
            out.println("compliance: not run against the real X API (its jobs take minutes): run xlake compliance");
            return new ComplianceOutcome(true, Optional.empty());
        }
        long started = System.nanoTime();
        Instant start = x.clock().instant();
        String passId = RunIds.random(new SecureRandom()).newRunId(start);
        ComplianceJobRunner runner = new ComplianceJobRunner(
                new HttpComplianceJobClient(x.baseUrl(), x.token(), HTTP_TIMEOUT),
                x.sleeper(),
                x.clock(),
                ComplianceKeys.MAX_IDS_PER_JOB,
                COMPLIANCE_MAX_WAIT);
        try {
            IcebergLake lake = IcebergLake.open(spark(), layout.catalog(), warehouse());
            // the whole lake, read without Spark: a local lake is small (LakeReport)
            CompliancePassRun run = CompliancePassRun.run(
                    spark(),
                    lake,
                    warehouse(),
                    runner,
                    passId,
                    LakeReport.storedIds(lake),
                    null,
                    x.clock(),
                    LocalPipeline::oneLine);
            out.println(describe(run, Duration.ofNanos(System.nanoTime() - started)));
            return new ComplianceOutcome(
                    true,
                    Optional.of(new GroundTruthCheck.PassWindow(start, x.clock().instant())));
        } catch (IOException | RuntimeException e) {
            out.println("compliance FAILED (no table changed, or the record says which; the next run's pass retries): "
                    + oneLine(e));
            return new ComplianceOutcome(false, Optional.empty());
        } finally {
            x.saveState();
            out.flush();
        }
    }

    private static String describe(CompliancePassRun run, Duration time) {
        CompliancePass pass = run.pass();
        CompliancePass.TableChange tweets = pass.tables().get("tweets");
        CompliancePass.TableChange referenced = pass.tables().get("referenced_tweets");
        CompliancePass.TableChange users = pass.tables().get("users");
        return String.format(
                "compliance pass %s  %,d tweet ids and %,d user ids in %d jobs %.1fs  | tweets: %,d rows deleted, %,d geo"
                        + " scrubbed (%s)  | referenced_tweets: %,d rows deleted, %,d geo scrubbed"
                        + "  | users: %,d rows deleted (%s)  | record %s",
                pass.passId(),
                run.ids().tweets().size(),
                run.ids().users().size(),
                pass.jobs().size(),
                seconds(time),
                tweets.rowsDeleted(),
                tweets.rowsUpdated(),
                reasons(pass.tweetReasons()),
                referenced.rowsDeleted(),
                referenced.rowsUpdated(),
                users.rowsDeleted(),
                reasons(pass.userReasons()),
                run.record());
    }

    /** {@code delete:suspended=3} as {@code suspended 3}: X's reasons, with the posts' and accounts' counts. */
    private static String reasons(Map<String, Long> byActionAndReason) {
        if (byActionAndReason.isEmpty()) {
            return "none reported";
        }
        List<String> parts = new ArrayList<>();
        byActionAndReason.forEach((key, count) -> parts.add(key.substring(key.indexOf(':') + 1) + " " + count));
        return String.join(", ", parts);
    }

    private static String oneLine(Throwable e) {
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }

    private boolean report(
            CheckpointStore checkpoints,
            XSide x,
            Map<String, String> failedFetches,
            Optional<GroundTruthCheck.PassWindow> pass) {
        LakeReport lake = LakeReport.read(spark(), layout.catalog(), warehouse());
        out.println();
        out.println("tweets per query and day:");
        lake.tweetsPerDay()
                .forEach((query, days) ->
                        days.forEach((day, count) -> out.printf("  %-12s %s %,8d%n", query, day, count)));
        out.println("top hashtags and authors:");
        for (String query : lake.queries()) {
            out.printf("  %-12s %s%n", query, ranked(lake.topHashtags().get(query), "#"));
            out.printf("  %-12s %s%n", "", ranked(lake.topAuthors().get(query), "@"));
        }
        boolean ok = true;
        out.println(
                x.emulator() != null
                        ? "check against the emulator's ground truth (required: every matching tweet from 7 days before the"
                                + " first fetch to the checkpoint's since_id"
                                + (pass.isPresent() ? ", less what X deleted before the compliance pass" : "")
                                + "):"
                        : "check (real X API, no ground truth: duplicates only):");
        Map<String, String> sinceIds = new HashMap<>();
        for (QuerySpec query : settings.queries()) {
            Checkpoint checkpoint =
                    checkpoints.load(query.name(), query.query()).value();
            if (checkpoint.sinceId() != null) {
                sinceIds.put(query.name(), checkpoint.sinceId());
            }
        }
        GroundTruthCheck.Result checks = x.emulator() == null
                ? null
                : GroundTruthCheck.of(
                        settings.queries(),
                        sinceIds,
                        lake,
                        x.emulator(),
                        x.state().firstFetchAt(),
                        pass);
        for (QuerySpec query : settings.queries()) {
            String fetchFailure = failedFetches.get(query.name());
            ok &= fetchFailure == null;
            if (checks == null) {
                long duplicates =
                        lake.rowsOf(query.name()) - lake.idsOf(query.name()).size();
                ok &= duplicates == 0;
                out.printf(
                        "  %-12s %,d rows, %d duplicates  %s%n",
                        query.name(), lake.rowsOf(query.name()), duplicates, verdict(duplicates == 0, fetchFailure));
                continue;
            }
            GroundTruthCheck check = checks.queries().get(query.name());
            ok &= check.ok();
            printCheck(
                    query.name(),
                    String.format(
                            "%,7d rows  %,7d required  %d missing  %d unexpected  %d duplicates",
                            check.rows(), check.required(), check.missing(), check.unexpected(), check.duplicates()),
                    pass.map(window -> String.format(
                            "  | deleted on X %,d, left %d  geo scrubbed %d, wrong %d",
                            check.gone(), check.goneLeft(), check.geoScrubbed(), check.geoWrong())),
                    verdict(check.ok(), fetchFailure));
        }
        if (checks != null) {
            GroundTruthCheck.UsersCheck users = checks.users();
            ok &= users.ok();
            printCheck(
                    "(users)",
                    String.format(
                            "%,7d rows  %,7d authors of required tweets  %d missing  %d duplicates",
                            users.rows(), users.requiredAuthors(), users.authorsMissing(), users.duplicates()),
                    pass.map(window -> String.format("  | accounts gone on X left %d", users.goneLeft())),
                    verdict(users.ok(), null));
            GroundTruthCheck.ReferencedCheck referenced = checks.referenced();
            ok &= referenced.ok();
            printCheck(
                    "(referenced)",
                    String.format("%,7d posts", referenced.distinct()),
                    pass.map(window -> String.format("  | deleted on X left %d", referenced.goneLeft())),
                    verdict(referenced.ok(), null));
        }
        return ok;
    }

    /** What maintenance did, or the one line saying why it failed. */
    private record Maintained(LakeMaintenance.Summary summary, String failure) {}

    /** Runs {@code xlake maintain}'s work on the lake (default window); prints nothing. */
    private Maintained maintain() {
        try {
            return new Maintained(
                    LakeMaintenance.run(
                            spark(),
                            layout.catalog(),
                            warehouse(),
                            null, // the session's s3a points at the embedded S3 already
                            LakeMaintenance.DEFAULT_SNAPSHOT_AGE,
                            Instant.now()), // snapshot and file times are the machine's, not the emulator's
                    null);
        } catch (Exception e) { // Spark's Scala code throws checked SparkExceptions undeclared
            return new Maintained(null, oneLine(e));
        }
    }

    /**
     * Prints what maintenance did and how to query the tables: {@code xlake sql}, and each table's
     * current metadata file for DuckDB's {@code iceberg_scan}. False, with one line, if
     * maintenance failed.
     */
    private boolean printMaintenanceAndHowToQuery(Maintained maintained) {
        if (maintained.failure() != null) {
            out.println("maintenance FAILED: " + maintained.failure());
            return false;
        }
        String warehouse = warehouse();
        LakeMaintenance.Summary summary = maintained.summary();
        for (LakeMaintenance.TableReport table : summary.tables()) {
            out.printf(
                    "maintenance: %-12s data files %d -> %d, delete files %d -> %d, snapshots %d -> %d, "
                            + "orphan files removed %d%n",
                    table.table(),
                    table.dataFilesBefore(),
                    table.dataFilesAfter(),
                    table.deleteFilesBefore(),
                    table.deleteFilesAfter(),
                    table.snapshotsBefore(),
                    table.snapshotsAfter(),
                    table.orphanFilesRemoved());
        }
        out.println("Iceberg tables "
                + Stream.concat(Stream.of(LakeTables.TWEETS), LakeTables.KEYED.stream())
                        .map(table -> "xlake." + table.name())
                        .collect(Collectors.joining(", "))
                + ": catalog " + layout.catalog() + ", warehouse "
                + layout.bucketDirIfLocal(settings.s3Endpoint().isEmpty(), settings.bucket())
                        .map(dir -> dir.resolve("curated")
                                .toAbsolutePath()
                                .normalize()
                                .toString())
                        .orElse(warehouse));
        out.println("query: ./xlake sql --catalog " + layout.catalog() + " --output " + warehouse
                + " [--s3-endpoint URL] \"SELECT query, count(*) FROM xlake.xlake.tweets GROUP BY query\""
                + "  (the embedded S3 stops with this run: serve it with ./xlake s3 --dir " + layout.s3Dir()
                + ", see docs/local.md)");
        for (LakeMaintenance.TableReport table : summary.tables()) {
            out.println("DuckDB: SELECT * FROM iceberg_scan('" + table.metadataLocation() + "')  -- " + table.table());
        }
        return true;
    }

    /**
     * One line of the ground-truth check: what it checked, its counts, what the compliance pass
     * left (only if one ran) and the verdict.
     */
    private void printCheck(String checked, String counts, Optional<String> afterPass, String verdict) {
        out.printf("  %-12s %s%s  %s%n", checked, counts, afterPass.orElse(""), verdict);
    }

    /** A query whose fetch failed is never OK: its lake may match an old checkpoint, not what X has. */
    private static String verdict(boolean lakeOk, String fetchFailure) {
        if (fetchFailure != null) {
            return "FETCH FAILED: " + fetchFailure;
        }
        return lakeOk ? "OK" : "MISMATCH";
    }

    private static String ranked(List<LakeReport.Ranked> ranked, String prefix) {
        if (ranked == null || ranked.isEmpty()) {
            return "-";
        }
        return String.join(
                "  ",
                ranked.stream().map(r -> prefix + r.name() + " " + r.count()).toList());
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }

    // ------------------------------------------------------------------ lifecycle

    private <T extends AutoCloseable> T register(T resource) {
        resources.add(resource);
        return resource;
    }

    private void closeAll() {
        if (spark == null && warmUp != null) {
            try {
                spark = awaitWarmUp(); // started, never used: the run failed before converting
            } catch (RuntimeException | Error e) {
                LOG.debug("Spark did not start: {}", e.toString());
            }
        }
        if (spark != null) {
            spark.stop();
            closeHadoopFileSystems();
        }
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                LOG.warn("Cannot close {}: {}", resources.get(i), e.toString());
            }
        }
    }

    /**
     * Hadoop caches one s3a client per bucket for the whole JVM, bound to the endpoint it was
     * created for; another run in the same JVM (tests, embedders) may use another endpoint.
     */
    static void closeHadoopFileSystems() {
        try {
            FileSystem.closeAll();
        } catch (IOException e) {
            LOG.warn("Cannot close Hadoop file systems: {}", e.toString());
        }
    }

    /** Wall time, split into start-up (JVM, servers, Spark) and work. */
    public static final class Timings {
        Duration jvm = Duration.ZERO;
        Duration servers = Duration.ZERO;
        Duration spark = Duration.ZERO;
        Duration fetch = Duration.ZERO;
        Duration convert = Duration.ZERO;
        Duration compliance = Duration.ZERO;
        Duration report = Duration.ZERO;
        /** The time waited for maintenance after the report (it runs beside the report). */
        Duration maintain = Duration.ZERO;

        public Duration startup() {
            return jvm.plus(servers).plus(spark);
        }

        public Duration work() {
            return fetch.plus(convert).plus(compliance).plus(report).plus(maintain);
        }

        String describe() {
            return String.format(
                    "time: start-up %.1fs (JVM %.1fs, S3+emulator %.1fs, Spark %.1fs) + work %.1fs "
                            + "(fetch %.1fs, convert %.1fs, compliance %.1fs, report %.1fs, maintain %.1fs after it)",
                    seconds(startup()),
                    seconds(jvm),
                    seconds(servers),
                    seconds(spark),
                    seconds(work()),
                    seconds(fetch),
                    seconds(convert),
                    seconds(compliance),
                    seconds(report),
                    seconds(maintain));
        }
    }
}
