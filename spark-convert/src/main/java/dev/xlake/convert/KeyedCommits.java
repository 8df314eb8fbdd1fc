package dev.xlake.convert;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.DataFile;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits a conversion's keyed tables ({@link KeyedTable}) so that a tick's cost does not add up
 * table by table: the upserts are proven (from each table's metadata), then their delete files are written by Spark jobs submitted at once ({@link
 * NewerRowsUpsert#write}), all while the driver commits the tweets, and each table is committed as
 * soon as its files are written, on a thread of its own, side by side with the others' commits and
 * writes (the catalog serializes what must be: each table's pointer swap). A table's commit reads
 * and writes only that table's metadata, so side by side they take about as long as the longest.
 *
 * <p>A table whose upsert cannot be proven (a merge, a replay of runs it has in part) and one whose
 * commit lost a race with a concurrent conversion take {@link IcebergCommit#commit}'s way, which
 * plans again from the table's ledger: the outcome is that of committing the tables one by one.
 * Nothing is committed before {@link Started#commit}: the writes may start before the tweets
 * commit, which must come first ({@link RunLedger}).
 */
final class KeyedCommits {

    private static final Logger LOG = LoggerFactory.getLogger(KeyedCommits.class);

    private KeyedCommits() {}

    /**
     * Starts proving the targets' upserts and writing their files, on a thread of its own, so that
     * the tweets commit runs meanwhile (they read other tables); commits nothing. {@code filesOf}
     * gives each table's new files, rows of {@code runs} (every task holds keys of its own pages,
     * and the same keys recur across tasks: the files may repeat a key).
     */
    static Started start(
            SparkSession spark,
            Map<String, IcebergCommit.Target> targets,
            Function<String, List<DataFile>> filesOf,
            Set<String> runs) {
        ExecutorService thread = DaemonThreads.pool(1, "xlake-keyed-start");
        try {
            return new Started(
                    targets, filesOf, runs, thread.submit(() -> proveAndWrite(spark, targets, filesOf, runs)));
        } finally {
            thread.shutdown();
        }
    }

    /** The upserts proven, by table name, and their files being written. */
    private record Proven(
            Map<String, IcebergCommit.Upsert> upserts,
            Map<String, NewerRowsUpsert.Writing> writing,
            long provingNanos,
            long startingNanos) {}

    private static Proven proveAndWrite(
            SparkSession spark,
            Map<String, IcebergCommit.Target> targets,
            Function<String, List<DataFile>> filesOf,
            Set<String> runs) {
        long started = System.nanoTime();
        Map<String, IcebergCommit.Upsert> proven = prove(targets, filesOf, runs);
        long provingNanos = System.nanoTime() - started;
        List<String> order = new ArrayList<>(proven.keySet());
        order.sort(Comparator.comparingLong(name -> rows(filesOf.apply(name))));
        Map<String, NewerRowsUpsert.Writing> writing = new LinkedHashMap<>();
        for (String name : order) {
            writing.put(name, NewerRowsUpsert.write(spark, proven.get(name).request()));
        }
        return new Proven(proven, writing, provingNanos, System.nanoTime() - started);
    }

    private static long rows(List<DataFile> files) {
        return files.stream().mapToLong(DataFile::recordCount).sum();
    }

    /** Upserts being proven and written; {@link #commit} commits them. */
    static final class Started {

        private final Map<String, IcebergCommit.Target> targets;
        private final Function<String, List<DataFile>> filesOf;
        private final Set<String> runs;
        private final Future<Proven> proving;

        private Started(
                Map<String, IcebergCommit.Target> targets,
                Function<String, List<DataFile>> filesOf,
                Set<String> runs,
                Future<Proven> proving) {
            this.targets = targets;
            this.filesOf = filesOf;
            this.runs = runs;
            this.proving = proving;
        }

        /**
         * Commits every target: the proven upserts each on a thread of its own, as soon as its files
         * are written, then the others; returns the outcomes by table name. When one fails for good,
         * the tables whose files are not yet written are not committed, and the first failure is
         * thrown once the commits under way are done: as when committing the tables one by one, the
         * tables committed stay committed, and a replay completes the rest ({@link RunLedger}).
         */
        Map<String, IcebergCommit.Outcome> commit(SparkSession spark) {
            long started = System.nanoTime();
            Proven done = result("the keyed tables", proving);
            Map<String, IcebergCommit.Upsert> proven = done.upserts();
            Map<String, NewerRowsUpsert.Writing> writing = done.writing();
            AtomicLong waited = new AtomicLong();
            AtomicBoolean failed = new AtomicBoolean();
            Configuration conf = spark.sparkContext().hadoopConfiguration();
            Map<String, Future<IcebergCommit.Outcome>> committing = new LinkedHashMap<>();
            ExecutorService threads = DaemonThreads.pool(writing.size(), "xlake-keyed-commit");
            try {
                writing.forEach((name, files) -> committing.put(name, threads.submit(() -> {
                    long waiting = System.nanoTime();
                    NewerRowsUpsert.Written written;
                    try {
                        written = files.await();
                    } finally {
                        waited.addAndGet(System.nanoTime() - waiting);
                    }
                    if (failed.get()) {
                        // another table's write or commit failed for good: this one is not committed
                        IcebergCommit.deleteLocationsQuietly(conf, written.writtenLocations());
                        return null;
                    }
                    return commitProven(spark, proven.get(name), written);
                })));
            } finally {
                threads.shutdown();
            }
            Map<String, IcebergCommit.Outcome> outcomes = new LinkedHashMap<>();
            Throwable failure = null;
            for (Map.Entry<String, Future<IcebergCommit.Outcome>> entry : committing.entrySet()) {
                try {
                    IcebergCommit.Outcome outcome = result(entry.getKey(), entry.getValue());
                    if (outcome != null) {
                        outcomes.put(entry.getKey(), outcome);
                    }
                } catch (RuntimeException | Error e) {
                    if (failure == null) {
                        failed.set(true);
                        // the writes not yet done stop; a cancelled job's files are maintenance's to remove
                        writing.values().forEach(NewerRowsUpsert.Writing::cancel);
                        failure = e;
                    }
                }
            }
            if (failure instanceof Error error) {
                throw error;
            }
            if (failure != null) {
                throw (RuntimeException) failure;
            }
            targets.forEach((name, target) -> {
                if (!proven.containsKey(name)) {
                    outcomes.put(name, IcebergCommit.commit(spark, target, filesOf.apply(name), runs, true));
                }
            });
            LOG.info(
                    "Keyed tables (s): {} upserts proven {} and their writes started {} (beside the tweets commit),"
                            + " then committed {} (of which waiting for their files, summed over the tables, {})",
                    proven.size(),
                    Converter.seconds(0, done.provingNanos()),
                    Converter.seconds(0, done.startingNanos()),
                    Converter.seconds(started, System.nanoTime()),
                    Converter.seconds(0, waited.get()));
            return outcomes;
        }

        /**
         * Stops the writes once the proofs are done (a commit before these failed): nothing of them
         * is committed; a proof's own failure is the earlier failure's to report, not this one's.
         */
        void cancel() {
            Proven done;
            try {
                done = proving.get();
            } catch (ExecutionException e) {
                return; // nothing was started to write
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            done.writing().values().forEach(NewerRowsUpsert.Writing::cancel);
        }
    }

    private static IcebergCommit.Outcome commitProven(
            SparkSession spark, IcebergCommit.Upsert upsert, NewerRowsUpsert.Written written) {
        try {
            return upsert.commit(spark.sparkContext().hadoopConfiguration(), written);
        } catch (RuntimeException e) {
            Throwable conflict = IcebergCommit.conflictIn(e);
            if (conflict == null) {
                throw e;
            }
            LOG.info(
                    "{}: a concurrent commit conflicted ({}); planning the commit again",
                    upsert.target().table().name(),
                    conflict.getMessage());
            return IcebergCommit.commit(spark, upsert.target(), upsert.files(), upsert.runs(), true);
        }
    }

    /**
     * The upserts the tables' metadata proves, by table name in the targets' order: each on a
     * thread of its own (a table's refresh, its manifest list and the manifests {@link
     * LiveDataFiles} has not kept), as the tables' proofs read only their own metadata.
     */
    private static Map<String, IcebergCommit.Upsert> prove(
            Map<String, IcebergCommit.Target> targets, Function<String, List<DataFile>> filesOf, Set<String> runs) {
        ExecutorService threads = DaemonThreads.pool(targets.size(), "xlake-keyed-proof");
        Map<String, Future<IcebergCommit.Upsert>> proving = new LinkedHashMap<>();
        try {
            targets.forEach((name, target) -> proving.put(
                    name, threads.submit(() -> IcebergCommit.Upsert.prove(target, filesOf.apply(name), runs))));
        } finally {
            threads.shutdown();
        }
        Map<String, IcebergCommit.Upsert> proven = new LinkedHashMap<>();
        for (Map.Entry<String, Future<IcebergCommit.Upsert>> entry : proving.entrySet()) {
            IcebergCommit.Upsert upsert = result(entry.getKey(), entry.getValue());
            if (upsert != null) {
                proven.put(entry.getKey(), upsert);
            }
        }
        return proven;
    }

    /** A daemon thread per task, at most {@code count}. */
    /** What a table's task returned; its RuntimeException as thrown, else a ConvertException. */
    private static <T> T result(String table, Future<T> task) {
        try {
            return task.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new ConvertException("Cannot commit " + table + ": " + cause.getMessage(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConvertException("Interrupted while committing " + table, e);
        }
    }
}
