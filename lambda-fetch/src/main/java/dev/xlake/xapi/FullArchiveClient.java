package dev.xlake.xapi;

import java.io.IOException;

/** Sends one full-archive search request; like {@link XApiClient}, no retries and no interpretation. */
public interface FullArchiveClient {

    /**
     * @throws IOException on connection errors, timeouts and bodies cut short (all transient)
     */
    XResponse searchAll(FullArchiveRequest request) throws IOException, InterruptedException;
}
