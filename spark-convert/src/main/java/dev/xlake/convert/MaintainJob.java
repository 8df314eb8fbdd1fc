package dev.xlake.convert;

import java.time.Instant;
import org.apache.spark.sql.SparkSession;

/**
 * The daily maintenance step on EMR ({@code xlake maintain} as a step): {@code spark-submit --class
 * dev.xlake.convert.MaintainJob spark-convert.jar --output URI --catalog glue [--older-than-days N]}.
 * Runs {@link LakeMaintenance} on every table of the lake and prints its summary as one JSON line on stdout.
 * Exits with 2 on bad arguments; a maintenance failure (e.g. a commit conflicting with a conversion
 * that kept failing) fails the step, and the next day's step tries again.
 */
public final class MaintainJob {

    private MaintainJob() {}

    public static void main(String[] args) {
        StepMain.run(
                "xlake-maintain",
                args,
                MaintainOptions::parse,
                (spark, options) -> run(spark, options, Instant.now()).toJson());
    }

    static LakeMaintenance.Summary run(SparkSession spark, MaintainOptions options, Instant now) {
        return LakeMaintenance.run(
                spark, options.catalog(), options.output(), options.s3Endpoint(), options.olderThan(), now);
    }
}
