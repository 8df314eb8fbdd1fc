package dev.xlake.core.manifest;

/**
 * A window that could not be fetched, e.g. {@code since_id_expired}: the checkpoint's since_id was
 * older than X's 7-day window, so the run started from {@code start_time} instead.
 */
public record Gap(String reason, String sinceId, String startTime) {

    public static final String SINCE_ID_EXPIRED = "since_id_expired";
    /** The fallback's {@code start_time} left X's window mid-pagination; {@code startTime} is the refused one. */
    public static final String START_TIME_EXPIRED = "start_time_expired";
}
