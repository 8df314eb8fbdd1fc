package dev.xlake.xapi;

import dev.xlake.core.json.Timestamps;
import dev.xlake.core.manifest.PageRequest;
import java.time.Instant;
import java.util.Objects;

/**
 * One {@code GET /2/tweets/search/all} call of a backfill: the same {@code start_time} (inclusive)
 * and {@code end_time} (exclusive) on every page, {@code next_token} from the previous page. X
 * allows up to 500 results a page on this endpoint (OpenAPI v2.159, {@code max_results} 10–500).
 */
public record FullArchiveRequest(
        String query, int maxResults, Instant startTime, Instant endTime, String paginationToken, boolean expandUsers) {

    public static final int MAX_RESULTS = 500;

    public FullArchiveRequest {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(startTime, "startTime");
        Objects.requireNonNull(endTime, "endTime");
        if (maxResults < 10 || maxResults > MAX_RESULTS) {
            throw new IllegalArgumentException(
                    "Cannot build full-archive request: max_results must be 10-" + MAX_RESULTS + ", got " + maxResults);
        }
        if (!startTime.isBefore(endTime)) {
            throw new IllegalArgumentException("Cannot build full-archive request: start_time " + startTime
                    + " is not before end_time " + endTime);
        }
    }

    /**
     * The parameters as the manifest records them (never a credential). The manifest's page
     * request has no {@code end_time}: the backfill job object keeps it (docs/s3-layout.md).
     */
    public PageRequest toPageRequest() {
        return new PageRequest(maxResults, null, Timestamps.iso(startTime), null, paginationToken);
    }
}
