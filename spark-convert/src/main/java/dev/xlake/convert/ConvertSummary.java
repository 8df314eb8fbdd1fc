package dev.xlake.convert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    private static final ObjectMapper JSON = new ObjectMapper();

    public String toJson() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("pages", pages);
        fields.put("tweets_read", tweetsRead);
        fields.put("tweets_written", tweetsWritten);
        fields.put("duplicates_dropped", duplicatesDropped);
        fields.put("users_read", usersRead);
        fields.put("users_written", usersWritten);
        fields.put("quarantined", quarantined);
        fields.put("partitions_touched", partitionsTouched);
        fields.put("user_buckets_touched", userBucketsTouched);
        fields.put("seconds", Math.round(seconds * 1000) / 1000.0);
        try {
            return JSON.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise summary: " + e.getOriginalMessage(), e);
        }
    }
}
