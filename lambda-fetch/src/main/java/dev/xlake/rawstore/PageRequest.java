package dev.xlake.rawstore;

import dev.xlake.common.Timestamps;
import dev.xlake.xapi.RecentSearchRequest;

/** The request parameters of a stored page, as recorded in the manifest (never a credential). */
public record PageRequest(int maxResults, String sinceId, String startTime, String untilId, String paginationToken) {

    public static PageRequest of(RecentSearchRequest request) {
        return new PageRequest(
                request.maxResults(),
                request.sinceId(),
                Timestamps.iso(request.startTime()),
                request.untilId(),
                request.paginationToken());
    }
}
