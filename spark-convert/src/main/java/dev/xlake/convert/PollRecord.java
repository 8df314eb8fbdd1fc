package dev.xlake.convert;

import java.time.Instant;
import java.util.List;

/** One object of a page's {@code includes.polls}: a row of {@code polls}. See docs/schema.md. */
public record PollRecord(
        String id,
        List<Option> options,
        Long durationMinutes,
        Instant endDatetime,
        String votingStatus,
        Instant fetchedAt,
        String runId,
        String rawObject)
        implements IdKeyedRecord {

    /** One answer of the poll and its votes when fetched. */
    public record Option(Long position, String label, Long votes) {}
}
