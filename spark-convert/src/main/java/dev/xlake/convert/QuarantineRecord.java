package dev.xlake.convert;

/**
 * A page or tweet that could not be converted, kept with the reason so it can be inspected and
 * replayed. {@code record} is the offending tweet or user JSON, null for whole pages (the raw
 * object itself stays where it is).
 */
public record QuarantineRecord(
        String run, String reason, String detail, String rawObject, String query, String itemId, String record) {

    /** Quarantine directory name for pages that no run id can be found for. */
    public static final String ADHOC_RUN = "adhoc";
}
