package dev.xlake.convert;

import java.io.PrintStream;
import java.time.Instant;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * What every EMR step main of the converter jar does around its work: parses the arguments (exit
 * 2 with the parser's message when they are bad), starts a Spark session with the lake's Iceberg
 * settings, prints the work's summary as one JSON line on stdout, and turns a {@link
 * ConvertException} (a bad manifest, location or catalog: the message says what to fix) into that
 * one line on stderr and exit 1. Anything else fails the step with its stack trace.
 */
final class StepMain {

    private StepMain() {}

    /** Runs the job and exits with its code when that is not 0; see {@link #execute}. */
    static <O> void run(
            String appName, String[] args, Function<String[], O> parse, BiFunction<SparkSession, O, String> work) {
        int exitCode = execute(appName, args, parse, work, System.out, System.err);
        if (exitCode != 0) {
            System.exit(exitCode);
        }
    }

    /** A job that takes the clock's reading (tests pass their own). */
    @FunctionalInterface
    interface WorkAt<O> {
        String run(SparkSession spark, O options, Instant now);
    }

    /** {@link #run} for a job that reads the clock once, when it starts. */
    static <O> void runAt(String appName, String[] args, Function<String[], O> parse, WorkAt<O> work) {
        run(appName, args, parse, (spark, options) -> work.run(spark, options, Instant.now()));
    }

    /**
     * @param parse the job's argument parser; an {@link IllegalArgumentException} means bad arguments
     * @param work the job, returning its summary as one JSON line
     * @return the process exit code: 0, 1 (a {@link ConvertException}) or 2 (bad arguments)
     */
    static <O> int execute(
            String appName,
            String[] args,
            Function<String[], O> parse,
            BiFunction<SparkSession, O, String> work,
            PrintStream out,
            PrintStream err) {
        O options;
        try {
            options = parse.apply(args);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 2;
        }
        SparkConf conf = new SparkConf().setAppName(appName);
        if (!conf.contains("spark.master")) {
            // run with plain java: spark-submit always sets a master. Each task may run 4 times, as on a
            // cluster, so a transient read error is retried rather than failing the job
            conf.setMaster("local[*,4]");
            NioLocalFileSystem.sessionSettings().forEach(conf::set);
        }
        // set by the job itself, so the EMR step's arguments stay the job's own
        IcebergLake.sessionSettings().forEach(conf::set);
        try (SparkSession spark = SparkSession.builder().config(conf).getOrCreate()) {
            out.println(work.apply(spark, options));
            return 0;
        } catch (ConvertException e) {
            err.println(e.getMessage());
            return 1;
        }
    }
}
