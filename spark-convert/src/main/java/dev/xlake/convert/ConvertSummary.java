package dev.xlake.convert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one conversion did, printed as one JSON line.
 *
 * @param tweetsRead         tweet rows flattened from the pages (before dedup)
 * @param tweetsWritten      rows now in the rewritten tweet partitions (old and new)
 * @param duplicatesDropped  tweet rows dropped because a newer copy of (query, id) won
 * @param partitionsTouched  the rewritten tweet partitions, as {@code query=<slug>/dt=<date>}
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
