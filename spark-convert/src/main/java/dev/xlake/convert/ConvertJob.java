package dev.xlake.convert;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The EMR step: {@code spark-submit --class dev.xlake.convert.ConvertJob spark-convert.jar
 * (--manifest URI... | --input URI) --output URI --catalog CATALOG [--quarantine URI] [--s3-endpoint URL]}.
 * Prints the {@link ConvertSummary} as one JSON line on stdout. Exits with 2 on bad arguments, and
 * with 1 and a one-line message when a manifest, the output location or the catalog is unusable
 * (nothing written) or a task failed for good (its root cause and page; the tables unchanged).
 */
public final class ConvertJob {

    private ConvertJob() {}

    public static void main(String[] args) {
        ConvertOptions options;
        try {
            options = ConvertOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        SparkConf conf = new SparkConf().setAppName("xlake-convert");
        if (!conf.contains("spark.master")) {
            // run with plain java: spark-submit always sets a master. Each task may run 4 times, as on a
            // cluster, so a transient read error is retried rather than failing the conversion
            conf.setMaster("local[*,4]");
        }
        // set by the job itself, so the EMR step's arguments stay the job's own
        IcebergLake.sessionSettings().forEach(conf::set);
        int exitCode = 0;
        try (SparkSession spark = SparkSession.builder().config(conf).getOrCreate()) {
            ConvertSummary summary = Converter.run(spark, options);
            System.out.println(summary.toJson());
        } catch (ConvertException e) {
            // a bad manifest or output: nothing was written, and the message says what to fix
            System.err.println(e.getMessage());
            exitCode = 1;
        }
        if (exitCode != 0) {
            System.exit(exitCode);
        }
    }
}
