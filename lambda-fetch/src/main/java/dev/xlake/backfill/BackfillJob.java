package dev.xlake.backfill;

import dev.xlake.checkpoint.InFlight;
import dev.xlake.core.json.Timestamps;
import dev.xlake.core.layout.QuerySlug;
import dev.xlake.core.manifest.StopReason;
import dev.xlake.s3.VersionedJson.FormatVersion;
import dev.xlake.spend.DayLedger;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A durable full-archive backfill of one query ({@code state/x/full-archive/query=<name>/backfill.json},
 * docs/s3-layout.md): its bounds, its own budget and what it spent so far, and its pagination.
 * Written with conditional writes after every stored page, like a recent-search checkpoint, so a
 * backfill killed at any page resumes from its {@code next_token} with nothing lost or fetched
 * twice; any invocation (the CLI, the scheduled fetch function) may continue it.
 *
 * @param inFlight the pagination (bounds {@code start_time} only: {@code end_time} is here); null
 *     once the backfill is complete
 * @param budgetUsd what the whole backfill may spend (null: only the deployment's budgets apply);
 *     raising it lets the next run continue
 * @param spent what X returned to all its runs so far, at the configured prices (an upper bound)
 * @param lastStopReason why its latest run stopped ({@code complete} when done)
 */
public record BackfillJob(
        int backfillVersion,
        String queryName,
        String query,
        String startTime,
        String endTime,
        int maxResults,
        boolean expandUsers,
        BigDecimal budgetUsd,
        DayLedger.Amount spent,
        String createdAt,
        String updatedAt,
        String completedAt,
        StopReason lastStopReason,
        InFlight inFlight) {

    public static final int VERSION = 1;

    /** Where a stored BackfillJob says its version, for {@link dev.xlake.s3.VersionedJson}. */
    public static final FormatVersion<BackfillJob> FORMAT =
            new FormatVersion<>("backfill_version", BackfillJob::backfillVersion, VERSION);

    public BackfillJob {
        QuerySlug.check(queryName);
        spent = spent == null ? DayLedger.Amount.ZERO : spent;
    }

    /** A new backfill, nothing fetched yet. */
    public static BackfillJob create(
            String queryName,
            String query,
            Instant start,
            Instant end,
            int maxResults,
            boolean expandUsers,
            BigDecimal budgetUsd,
            Instant now) {
        if (!start.isBefore(end)) {
            throw new IllegalArgumentException(
                    "Cannot start backfill " + queryName + ": --start " + start + " is not before --end " + end);
        }
        if (end.isAfter(now)) {
            throw new IllegalArgumentException("Cannot start backfill " + queryName + ": --end " + end
                    + " is in the future (X's full archive ends at now)");
        }
        if (budgetUsd != null && budgetUsd.signum() < 0) {
            throw new IllegalArgumentException(
                    "Cannot start backfill " + queryName + ": --budget-usd must be >= 0, got " + budgetUsd);
        }
        InFlight fresh =
                new InFlight(null, null, Timestamps.iso(start), null, null, null, null, 0, false, List.of(), List.of());
        String at = Timestamps.iso(now);
        return new BackfillJob(
                VERSION,
                queryName,
                query,
                Timestamps.iso(start),
                Timestamps.iso(end),
                maxResults,
                expandUsers,
                budgetUsd,
                DayLedger.Amount.ZERO,
                at,
                at,
                null,
                null,
                fresh);
    }

    public boolean complete() {
        return completedAt != null;
    }

    /** Whether {@code other} asks for the same pages: query text and bounds (not budget or page size). */
    public boolean sameBackfillAs(BackfillJob other) {
        return Objects.equals(query, other.query)
                && Objects.equals(startTime, other.startTime)
                && Objects.equals(endTime, other.endTime);
    }

    public BackfillJob withBudget(BigDecimal newBudgetUsd, String now) {
        return updated(newBudgetUsd, spent, now, completedAt, lastStopReason, inFlight);
    }

    /** After a page or a manifest: the pagination state and spend; complete once no pagination is left. */
    public BackfillJob withProgress(InFlight state, DayLedger.Amount newSpent, StopReason stop, String now) {
        return updated(budgetUsd, newSpent, now, state == null ? now : null, stop, state);
    }

    /** This backfill with what changes as it runs; its bounds and identity stay. */
    private BackfillJob updated(
            BigDecimal newBudgetUsd,
            DayLedger.Amount newSpent,
            String now,
            String newCompletedAt,
            StopReason stop,
            InFlight state) {
        return new BackfillJob(
                VERSION,
                queryName,
                query,
                startTime,
                endTime,
                maxResults,
                expandUsers,
                newBudgetUsd,
                newSpent,
                createdAt,
                now,
                newCompletedAt,
                stop,
                state);
    }

    public Instant start() {
        return Timestamps.parse(startTime);
    }

    public Instant end() {
        return Timestamps.parse(endTime);
    }
}
