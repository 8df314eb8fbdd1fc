package dev.xlake.checkpoint;

import dev.xlake.core.manifest.Gap;
import dev.xlake.core.manifest.PageEntry;
import java.util.ArrayList;
import java.util.List;

/**
 * An unfinished pagination, or a finished one whose run has not written its manifest yet.
 *
 * <p>{@code runId} is the run that stored the {@code unmanifestedPages} (the latest run that
 * advanced this pagination). {@code sinceId}/{@code startTime}/{@code untilId} are the bounds
 * repeated on every page; {@code nextToken} is where to continue; {@code pendingNewestId} (the
 * first page's {@code newest_id}) becomes the checkpoint's {@code since_id} when the pagination
 * completes; {@code lastOldestId} is the fallback {@code until_id} if X rejects the token.
 * {@code paginationComplete} means only the manifest of {@code runId} is outstanding.
 */
public record InFlight(
        String runId,
        String sinceId,
        String startTime,
        String untilId,
        String nextToken,
        String pendingNewestId,
        String lastOldestId,
        int pagesFetched,
        boolean paginationComplete,
        List<PageEntry> unmanifestedPages,
        List<Gap> gaps) {

    public InFlight {
        unmanifestedPages = unmanifestedPages == null ? List.of() : List.copyOf(unmanifestedPages);
        gaps = gaps == null ? List.of() : List.copyOf(gaps);
    }

    /** A fresh pagination of {@code runId} bounded below by the committed since_id (or nothing). */
    public static InFlight start(String runId, String sinceId) {
        return new InFlight(runId, sinceId, null, null, null, null, null, 0, false, List.of(), List.of());
    }

    /** The same pagination, continued by a new run (earlier pages already have a manifest). */
    public InFlight continuedBy(String newRunId) {
        return withNoUnmanifestedPages(newRunId, false);
    }

    /**
     * State after one more page. {@code stored} is the page's entry, or null if it was empty
     * and therefore not stored.
     */
    public InFlight afterPage(String newestId, String oldestId, String newNextToken, PageEntry stored) {
        List<PageEntry> pages = new ArrayList<>(unmanifestedPages);
        if (stored != null) {
            pages.add(stored);
        }
        String pending = pendingNewestId != null ? pendingNewestId : newestId;
        String oldest = oldestId != null ? oldestId : lastOldestId;
        return new InFlight(
                runId,
                sinceId,
                startTime,
                untilId,
                newNextToken,
                pending,
                oldest,
                pagesFetched + 1,
                newNextToken == null,
                pages,
                gaps);
    }

    /**
     * X rejected {@code since_id} as too old: start over from {@code startTime}, recording the gap.
     * A pagination that already stored tweets (it waited more than X's window between ticks)
     * instead continues below the oldest of them without a lower bound, as
     * {@link #withoutStartTime}, so they are not fetched again.
     */
    public InFlight restartFrom(String newStartTime, Gap gap) {
        if (lastOldestId != null) {
            return withoutStartTime(gap);
        }
        List<Gap> allGaps = new ArrayList<>(gaps);
        allGaps.add(gap);
        return new InFlight(
                runId, null, newStartTime, null, null, null, null, pagesFetched, false, unmanifestedPages, allGaps);
    }

    /**
     * X rejected {@code next_token}: continue below the oldest tweet already stored with
     * {@code until_id}, keeping a {@code since_id} lower bound. X forbids {@code until_id} with
     * {@code start_time}; that bound only exists after the expired-since_id fallback and lies one
     * minute inside X's window, so it is dropped: no lower bound (the whole window) fetches
     * nothing twice and loses nothing. Without any stored tweet there is nothing to continue
     * below: the pagination restarts.
     */
    public InFlight withoutToken() {
        if (lastOldestId == null) {
            return new InFlight(
                    runId, sinceId, startTime, null, null, null, null, pagesFetched, false, unmanifestedPages, gaps);
        }
        return new InFlight(
                runId,
                sinceId,
                null,
                lastOldestId,
                null,
                pendingNewestId,
                lastOldestId,
                pagesFetched,
                false,
                unmanifestedPages,
                gaps);
    }

    /**
     * X refused the {@code start_time} of a fallback pagination: it left the 7-day window while the
     * pagination ran or waited (it starts one minute inside it). Continue below the oldest tweet
     * already stored with {@code until_id} and no lower bound (X's whole window), so nothing is
     * fetched twice; with nothing stored yet, start over without a lower bound.
     */
    public InFlight withoutStartTime(Gap gap) {
        List<Gap> allGaps = new ArrayList<>(gaps);
        allGaps.add(gap);
        boolean canUseUntil = lastOldestId != null;
        return new InFlight(
                runId,
                null,
                null,
                canUseUntil ? lastOldestId : null,
                null,
                canUseUntil ? pendingNewestId : null,
                canUseUntil ? lastOldestId : null,
                pagesFetched,
                false,
                unmanifestedPages,
                allGaps);
    }

    /** After the run's manifest was written. */
    public InFlight manifested() {
        return withNoUnmanifestedPages(runId, paginationComplete);
    }

    /** The same pagination position under {@code run}, with no pages waiting for a manifest. */
    private InFlight withNoUnmanifestedPages(String run, boolean complete) {
        return new InFlight(
                run,
                sinceId,
                startTime,
                untilId,
                nextToken,
                pendingNewestId,
                lastOldestId,
                pagesFetched,
                complete,
                List.of(),
                List.of());
    }
}
