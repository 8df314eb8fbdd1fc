package dev.xlake.core.compliance;

import dev.xlake.core.layout.RunIds;

/**
 * Where compliance passes are recorded, relative to the bucket root (docs/s3-layout.md):
 * {@code state/x/compliance/pass=<passId>.json}; pass ids sort by start time like run ids.
 */
public final class ComplianceKeys {

    public static final String PREFIX = "state/x/compliance/";

    private ComplianceKeys() {}

    public static String pass(String passId) {
        if (!RunIds.isValid(passId)) {
            throw new IllegalArgumentException(
                    "Cannot use pass id " + passId + ": expected yyyyMMdd'T'HHmmss'Z'-<6 hex>");
        }
        return PREFIX + "pass=" + passId + ".json";
    }

    /**
     * Max ids per job. X takes one upload of up to 128 MB per job, "about 6.5 million IDs"
     * (docs/compliance.md); 6,000,000 ids of at most 19 digits and a newline are at most 120 MB.
     */
    public static final int MAX_IDS_PER_JOB = 6_000_000;
}
