package dev.xlake.convert;

import dev.xlake.core.json.Json;
import java.util.List;

/**
 * What one conversion did, printed as one JSON line.
 *
 * @param pages              pages converted (those of runs the tables had committed are skipped)
 * @param tweetsRead         tweet rows flattened from the pages (before dedup)
 * @param tweetsWritten      tweet rows the commit added to the table (new keys, and newer copies
 *                           replacing older ones)
 * @param duplicatesDropped  tweets read that added no row: an equal or newer copy of (query, id) won
 * @param usersWritten       user rows the commit added (new ids, and newer copies)
 * @param partitionsTouched  the tweet partitions the new rows fall in, as Iceberg names them
 *                           ({@code query=<slug>/created_at_day=<date>})
 * @param quarantined        quarantine records written (bad pages, tweets and users)
 * @param seconds            wall time of the conversion, to the millisecond
 */
public record ConvertSummary(
        int pages,
        long tweetsRead,
        long tweetsWritten,
        long duplicatesDropped,
        long usersRead,
        long usersWritten,
        long quarantined,
        List<String> partitionsTouched,
        List<String> userBucketsTouched,
        double seconds) {

    public ConvertSummary {
        seconds = Math.round(seconds * 1000) / 1000.0;
    }

    /** The summary as one JSON line, the components in their order with snake_case names. */
    public String toJson() {
        return Json.toLine(this);
    }
}
