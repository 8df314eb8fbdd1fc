package dev.xlake.core.compliance;

import dev.xlake.core.layout.RunIds;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Where compliance passes are recorded, relative to the bucket root (docs/s3-layout.md):
 * {@code state/x/compliance/pass=<passId>.json}; pass ids sort by start time like run ids.
 *
 * <p>On AWS a pass also has a working folder {@code state/x/compliance/pass=<passId>/} (the ids
 * the ids step wrote, X's results, removed when the pass ends) and the compliance function keeps
 * the open pass's state in {@value #CURRENT}.
 */
public final class ComplianceKeys {

    public static final String PREFIX = "state/x/compliance/";
    /** The compliance function's state of the open (or last) pass on AWS. */
    public static final String CURRENT = PREFIX + "current.json";

    private ComplianceKeys() {}

    public static String pass(String passId) {
        check(passId);
        return PREFIX + "pass=" + passId + ".json";
    }

    /** The working folder of a pass on AWS, ending with {@code /}. */
    public static String passFolder(String passId) {
        check(passId);
        return PREFIX + "pass=" + passId + "/";
    }

    /** The ids step's list of id files, written after them: its presence means the ids are complete. */
    public static String idsManifest(String passId) {
        return passFolder(passId) + "ids.json";
    }

    /** One job's worth of ids of {@code type} ({@code tweets}, {@code users}), {@code part} from 1. */
    public static String ids(String passId, String type, int part) {
        return passFolder(passId) + "ids-" + type + "-" + part + ".txt";
    }

    /** X's result for the job of that ids file, as downloaded (JSON lines). */
    public static String results(String passId, String type, int part) {
        return passFolder(passId) + "results-" + type + "-" + part + ".jsonl";
    }

    /** The compliance function's list of results and jobs, written after them: the apply step's input. */
    public static String resultsManifest(String passId) {
        return passFolder(passId) + "results.json";
    }

    /**
     * The pass id of the daily scheduled pass of {@code day}: the day's start and a zero suffix, so
     * that every delivery of the day's schedule, the ids step and the compliance function agree on it.
     */
    public static String dailyPassId(LocalDate day) {
        return RunIds.format(day.atStartOfDay(ZoneOffset.UTC).toInstant(), 0);
    }

    private static void check(String passId) {
        if (!RunIds.isValid(passId)) {
            throw new IllegalArgumentException(
                    "Cannot use pass id " + passId + ": expected yyyyMMdd'T'HHmmss'Z'-<6 hex>");
        }
    }

    /**
     * Max ids per job. X takes one upload of up to 128 MB per job, "about 6.5 million IDs"
     * (docs/compliance.md); 6,000,000 ids of at most 19 digits and a newline are at most 120 MB.
     */
    public static final int MAX_IDS_PER_JOB = 6_000_000;
}
