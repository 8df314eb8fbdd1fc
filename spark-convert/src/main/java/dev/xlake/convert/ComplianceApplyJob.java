package dev.xlake.convert;

import dev.xlake.convert.compliance.PassSteps;
import dev.xlake.core.json.Json;
import java.time.Instant;
import org.apache.spark.sql.SparkSession;

/**
 * The compliance apply step on EMR: {@code spark-submit --class dev.xlake.convert.ComplianceApplyJob
 * spark-convert.jar --output URI --catalog glue --pass PASS_ID}. Applies the results the compliance function
 * stored, records the pass and removes its working files ({@link PassSteps#apply}); a pass applied already
 * is a no-op. Prints the pass record as one JSON line; a failure writes a failed record and fails the step.
 * Exits with 2 on bad arguments.
 */
public final class ComplianceApplyJob {

    private ComplianceApplyJob() {}

    public static void main(String[] args) {
        StepMain.runAt("xlake-compliance-apply", args, ComplianceStepOptions::parse, ComplianceApplyJob::run);
    }

    static String run(SparkSession spark, ComplianceStepOptions options, Instant now) {
        IcebergLake lake = options.openLake(spark);
        return Json.toLine(PassSteps.apply(spark, lake, options.output(), options.passId(), now));
    }
}
