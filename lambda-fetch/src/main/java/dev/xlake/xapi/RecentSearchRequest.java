package dev.xlake.xapi;

import dev.xlake.core.json.Timestamps;
import dev.xlake.core.manifest.PageRequest;
import java.time.Instant;
import java.util.Objects;

/**
 * One {@code GET /2/tweets/search/recent} call. The lower bound ({@code sinceId} or
 * {@code startTime}, at most one) stays the same on every page of a pagination; the bearer token
 * is not part of it, so a request can be logged and recorded in the manifest. {@code expandUsers}
 * false leaves out the user expansions and {@code user.fields}: X then charges no user reads.
 */
public record RecentSearchRequest(
        String query,
        int maxResults,
        String sinceId,
        Instant startTime,
        String untilId,
        String paginationToken,
        boolean expandUsers) {

    /** With user objects ({@link SearchFields#EXPANSIONS}). */
    public RecentSearchRequest(
            String query, int maxResults, String sinceId, Instant startTime, String untilId, String paginationToken) {
        this(query, maxResults, sinceId, startTime, untilId, paginationToken, true);
    }

    public RecentSearchRequest {
        Objects.requireNonNull(query, "query");
        if (sinceId != null && startTime != null) {
            throw new IllegalArgumentException("Cannot build search request: since_id and start_time are exclusive");
        }
        if (untilId != null && startTime != null) {
            throw new IllegalArgumentException("Cannot build search request: until_id and start_time are exclusive");
        }
    }

    /** The parameters as the manifest records them (never a credential). */
    public PageRequest toPageRequest() {
        return new PageRequest(maxResults, sinceId, Timestamps.iso(startTime), untilId, paginationToken);
    }
}
