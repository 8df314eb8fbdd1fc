package dev.xlake.convert;

import dev.xlake.convert.compliance.PassSteps;
import dev.xlake.core.json.Json;
import java.time.Duration;
import java.time.Instant;
import org.apache.spark.sql.SparkSession;

/**
 * The compliance ids step on EMR: {@code spark-submit --class dev.xlake.convert.ComplianceIdsJob spark-convert.jar
 * --output URI --catalog glue --pass PASS_ID [--since-days N]}. Writes the stored tweet and user ids to the
 * pass's folder for the compliance function ({@link PassSteps#writeIds}); prints what it wrote as one JSON line.
 * Exits with 2 on bad arguments.
 */
public final class ComplianceIdsJob {

    private ComplianceIdsJob() {}

    public static void main(String[] args) {
        StepMain.runAt("xlake-compliance-ids", args, ComplianceStepOptions::parse, ComplianceIdsJob::run);
    }

    static String run(SparkSession spark, ComplianceStepOptions options, Instant now) {
        options.openLake(spark); // the tables' catalog in the session
        return Json.toLine(PassSteps.writeIds(
                spark,
                options.output(),
                options.passId(),
                options.sinceDays() == null ? null : now.minus(Duration.ofDays(options.sinceDays())),
                options.idsPerJob(),
                now));
    }
}
