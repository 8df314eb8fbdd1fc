package dev.xlake.convert;

import dev.xlake.core.compliance.ComplianceKeys;
import dev.xlake.core.layout.RunIds;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.SparkSession;

/**
 * Arguments of the compliance steps ({@link ComplianceIdsJob}, {@link ComplianceApplyJob}).
 *
 * @param output     the warehouse root, e.g. {@code s3://bucket/curated}; pass files go beside it
 * @param catalog    {@code jdbc:sqlite:<file>} or {@code glue} ({@link IcebergLake})
 * @param passId     the pass, a run-id-shaped id ({@link ComplianceKeys#dailyPassId} on AWS)
 * @param sinceDays  ids step: only tweets created (users fetched) in the last N days; null: all
 * @param idsPerJob  ids step: ids per file, one file per X job (at most X's limit)
 * @param s3Endpoint endpoint of an S3-compatible server, or null for AWS
 */
public record ComplianceStepOptions(
        String output, String catalog, String passId, Integer sinceDays, int idsPerJob, String s3Endpoint) {

    public static final String USAGE = "usage: Compliance{Ids,Apply}Job --output URI --catalog jdbc:sqlite:<file>|glue"
            + " --pass PASS_ID [--since-days N] [--ids-per-job N] [--s3-endpoint URL]";

    private static final Set<String> OPTIONS =
            Set.of("--output", "--catalog", "--pass", "--since-days", "--ids-per-job", "--s3-endpoint");

    public ComplianceStepOptions {
        if (output == null || output.isBlank()) {
            throw new IllegalArgumentException("Cannot run the compliance step: --output is required; " + USAGE);
        }
        if (catalog == null || catalog.isBlank()) {
            throw new IllegalArgumentException("Cannot run the compliance step: --catalog is required; " + USAGE);
        }
        if (!RunIds.isValid(passId)) {
            throw new IllegalArgumentException("Cannot run the compliance step: --pass must be a pass id"
                    + " (yyyyMMddTHHmmssZ-xxxxxx), not " + passId + "; " + USAGE);
        }
        if (sinceDays != null && sinceDays < 1) {
            throw new IllegalArgumentException(
                    "Cannot run the compliance step: --since-days must be 1 or more, not " + sinceDays + "; " + USAGE);
        }
        if (idsPerJob < 1 || idsPerJob > ComplianceKeys.MAX_IDS_PER_JOB) {
            throw new IllegalArgumentException("Cannot run the compliance step: --ids-per-job must be 1-"
                    + ComplianceKeys.MAX_IDS_PER_JOB + ", not " + idsPerJob + "; " + USAGE);
        }
        IcebergLake.catalogProperties(catalog, output); // a bad catalog fails here, before Spark starts
    }

    /** Points the session at the S3 endpoint, if any, and opens the lake's tables in its catalog. */
    IcebergLake openLake(SparkSession spark) {
        if (s3Endpoint != null) {
            S3aSettings.pointAt(spark.sparkContext().hadoopConfiguration(), s3Endpoint);
        }
        return IcebergLake.open(spark, catalog, output);
    }

    /** Parses spark-submit style arguments; throws IllegalArgumentException with the usage. */
    public static ComplianceStepOptions parse(String[] args) {
        Map<String, String> values = StepArgs.pairs(args, OPTIONS, USAGE);
        String since = values.get("--since-days");
        String perJob = values.get("--ids-per-job");
        return new ComplianceStepOptions(
                values.get("--output"),
                values.get("--catalog"),
                values.get("--pass"),
                since == null ? null : StepArgs.wholeInt("--since-days", since, "", USAGE),
                perJob == null ? ComplianceKeys.MAX_IDS_PER_JOB : StepArgs.wholeInt("--ids-per-job", perJob, "", USAGE),
                values.get("--s3-endpoint"));
    }
}
