package dev.xlake.core.compliance;

import java.util.List;
import java.util.Map;

/**
 * The durable record of one compliance pass ({@link ComplianceKeys#pass}): the jobs it ran, what
 * they reported counted by action and reason, and per table the snapshot it committed and the
 * rows it removed or updated. Ids and content of the removed rows are not kept: the record proves
 * when the lake was brought in step with X without holding what X asked to remove.
 *
 * @param state {@code applied} when the tables were changed (or needed no change), else
 *     {@code failed} with {@code error}
 * @param since the start of the window whose ids were checked, null for the whole lake
 */
public record CompliancePass(
        String passId,
        String startedAt,
        String finishedAt,
        String since,
        String state,
        List<Job> jobs,
        Map<String, Long> tweetReasons,
        Map<String, Long> userReasons,
        Map<String, TableChange> tables,
        String error) {

    public static final String APPLIED = "applied";
    public static final String FAILED = "failed";

    /** One compliance job: X's job id, its type, final status and how many ids went in and came back. */
    public record Job(String id, String type, String status, int ids, int events, int errors) {}

    /** One table's commit: its snapshot id (null when nothing needed changing) and row counts. */
    public record TableChange(Long snapshotId, long rowsDeleted, long rowsUpdated) {}
}
