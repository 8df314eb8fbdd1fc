package dev.xlake.cli.local;

import dev.xlake.emulator.XApiEmulator;
import java.time.Duration;
import java.time.Instant;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The lake's rows for one query against the emulator's ground truth.
 *
 * <p>Required: every matching tweet from the 7-day window before the first fetch up to the
 * committed checkpoint ({@code since_id}: the newest tweet of the last completed pagination);
 * newer tweets are still in flight or not fetched yet. Allowed: any matching tweet from that window
 * up to now. The window's first {@link #WINDOW_EDGE} is only allowed, not required: while the first
 * pagination waits out a rate limit, X's moving 7-day window legitimately drops its oldest tweets.
 */
record GroundTruthCheck(String query, long rows, int distinct, int required, int missing, int unexpected) {

    static final Duration SEARCH_WINDOW = Duration.ofDays(7);
    static final Duration WINDOW_EDGE = Duration.ofHours(1);

    static GroundTruthCheck of(
            String queryName,
            String queryText,
            LakeReport lake,
            XApiEmulator emulator,
            Instant firstFetchAt,
            String committedSinceId) {
        Instant windowStart = firstFetchAt.minus(SEARCH_WINDOW);
        Instant end = emulator.clock().instant().plusMillis(1);
        SortedSet<String> allowed = emulator.groundTruthIds(queryText, windowStart, end);
        SortedSet<String> required = new TreeSet<>();
        if (committedSinceId != null) {
            long sinceId = Long.parseLong(committedSinceId);
            emulator.groundTruthIds(queryText, windowStart.plus(WINDOW_EDGE), end).stream()
                    .filter(id -> Long.parseLong(id) <= sinceId)
                    .forEach(required::add);
        }
        SortedSet<String> actual = lake.idsOf(queryName);
        int missing = (int) required.stream().filter(id -> !actual.contains(id)).count();
        int unexpected =
                (int) actual.stream().filter(id -> !allowed.contains(id)).count();
        return new GroundTruthCheck(
                queryName, lake.rowsOf(queryName), actual.size(), required.size(), missing, unexpected);
    }

    int duplicates() {
        return (int) (rows - distinct);
    }

    boolean ok() {
        return missing == 0 && unexpected == 0 && duplicates() == 0;
    }
}
