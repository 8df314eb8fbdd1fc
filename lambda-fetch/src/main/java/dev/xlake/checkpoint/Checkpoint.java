package dev.xlake.checkpoint;

import dev.xlake.s3.VersionedJson.FormatVersion;
import java.util.Objects;

/**
 * Per-query checkpoint ({@code checkpoint.json}, docs/s3-layout.md): the committed
 * {@code since_id} for the next pagination, plus the in-flight pagination, if any.
 *
 * <p>{@code lastReachedAt} is when an invocation last sent this query a request X served (its first of a tick)
 * (null: never). Invocations serve the least recently reached query first, so it is kept here,
 * next to the state it schedules, and written with the same conditional writes; checkpoints
 * written before it existed read as never reached.
 */
public record Checkpoint(
        int checkpointVersion,
        String queryName,
        String query,
        String sinceId,
        String updatedAt,
        InFlight inFlight,
        String lastReachedAt) {

    public static final int VERSION = 1;

    /** Where a stored Checkpoint says its version, for {@link dev.xlake.s3.VersionedJson}. */
    public static final FormatVersion<Checkpoint> FORMAT =
            new FormatVersion<>("checkpoint_version", Checkpoint::checkpointVersion, VERSION);

    public static Checkpoint initial(String queryName, String query) {
        return new Checkpoint(VERSION, queryName, query, null, null, null, null);
    }

    public Checkpoint withInFlight(InFlight newInFlight, String now) {
        return new Checkpoint(VERSION, queryName, query, sinceId, now, newInFlight, lastReachedAt);
    }

    /** The same state, reached by an invocation at {@code reachedAt}. */
    public Checkpoint reachedAt(String reachedAt, String now) {
        return new Checkpoint(VERSION, queryName, query, sinceId, now, inFlight, reachedAt);
    }

    /**
     * After a page: while the pagination runs, only {@code in_flight} changes; when it completes,
     * {@code since_id} advances to the first page's {@code newest_id}. If the whole pagination was
     * empty it is kept, except after the expired-since_id fallback to {@code start_time}: then it
     * is dropped (X would only refuse it again; no lower bound means X's whole 7-day window).
     * {@code in_flight} stays only until the manifest is written.
     */
    public Checkpoint afterPage(InFlight state, String now) {
        String committed = sinceId;
        if (state.paginationComplete()) {
            if (state.pendingNewestId() != null) {
                committed = state.pendingNewestId();
            } else if (state.startTime() != null) {
                committed = null;
            }
        }
        InFlight remaining =
                state.paginationComplete() && state.unmanifestedPages().isEmpty() ? null : state;
        return new Checkpoint(VERSION, queryName, query, committed, now, remaining, lastReachedAt);
    }

    /** Equal apart from {@code updated_at}: nothing worth writing changed. */
    public boolean sameStateAs(Checkpoint other) {
        return other != null
                && Objects.equals(sinceId, other.sinceId)
                && Objects.equals(inFlight, other.inFlight)
                && Objects.equals(query, other.query)
                && Objects.equals(lastReachedAt, other.lastReachedAt);
    }
}
