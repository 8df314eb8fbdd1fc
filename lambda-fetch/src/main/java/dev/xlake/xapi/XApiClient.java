package dev.xlake.xapi;

import java.io.IOException;

/**
 * Sends one recent-search request. Deliberately dumb: it neither retries nor interprets status
 * codes, so that the fetch core decides (and tests can script any answer).
 */
public interface XApiClient {

    /**
     * @throws IOException on connection errors, timeouts and bodies cut short (all transient)
     */
    XResponse search(RecentSearchRequest request) throws IOException, InterruptedException;
}
