package dev.xlake.convert;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * Arguments of the maintenance step ({@link MaintainJob}): the warehouse root, the catalog and the
 * snapshot-expiry window.
 *
 * @param output      the warehouse root, e.g. {@code s3://bucket/curated}
 * @param catalog     {@code jdbc:sqlite:<file>} or {@code glue} ({@link IcebergLake})
 * @param olderThan   snapshots older than this are expired (positive; default 7 days)
 * @param s3Endpoint  endpoint of an S3-compatible server, or null for AWS
 */
public record MaintainOptions(String output, String catalog, Duration olderThan, String s3Endpoint) {

    public static final String USAGE = "usage: MaintainJob --output URI --catalog jdbc:sqlite:<file>|glue"
            + " [--older-than-days N] [--s3-endpoint URL]";

    private static final Set<String> OPTIONS = Set.of("--output", "--catalog", "--older-than-days", "--s3-endpoint");

    public MaintainOptions {
        if (output == null || output.isBlank()) {
            throw new IllegalArgumentException("Cannot maintain: --output is required; " + USAGE);
        }
        if (catalog == null || catalog.isBlank()) {
            throw new IllegalArgumentException("Cannot maintain: --catalog is required; " + USAGE);
        }
        if (olderThan.isNegative() || olderThan.isZero()) {
            throw new IllegalArgumentException(
                    "Cannot maintain: --older-than-days must be 1 or more, not " + olderThan.toDays() + "; " + USAGE);
        }
        IcebergLake.catalogProperties(catalog, output); // a bad catalog fails here, before Spark starts
    }

    /** Parses spark-submit style arguments; throws IllegalArgumentException with the usage. */
    public static MaintainOptions parse(String[] args) {
        Map<String, String> values = StepArgs.pairs(args, OPTIONS, USAGE);
        String days = values.get("--older-than-days");
        return new MaintainOptions(
                values.get("--output"),
                values.get("--catalog"),
                days == null
                        ? LakeMaintenance.DEFAULT_SNAPSHOT_AGE
                        : Duration.ofDays(StepArgs.wholeNumber("--older-than-days", days, " of days", USAGE)),
                values.get("--s3-endpoint"));
    }
}
