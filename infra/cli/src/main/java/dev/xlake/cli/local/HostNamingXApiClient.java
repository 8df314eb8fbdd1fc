package dev.xlake.cli.local;

import dev.xlake.xapi.RecentSearchRequest;
import dev.xlake.xapi.XApiClient;
import dev.xlake.xapi.XResponse;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.util.Locale;

/**
 * Names the X API's host and port when a connection fails. The JDK client throws a
 * {@link ConnectException} without a message for a refused connection, which the fetch summary
 * would show as "ConnectException: null"; a user pointing {@code --x-api-url} at the wrong port
 * needs to see which address and why.
 */
public final class HostNamingXApiClient implements XApiClient {

    private final String address;
    private final XApiClient delegate;

    private HostNamingXApiClient(URI baseUrl, XApiClient delegate) {
        int port = baseUrl.getPort() >= 0 ? baseUrl.getPort() : "https".equals(baseUrl.getScheme()) ? 443 : 80;
        this.address = baseUrl.getHost() + ":" + port;
        this.delegate = delegate;
    }

    public static XApiClient wrap(URI baseUrl, XApiClient delegate) {
        return new HostNamingXApiClient(baseUrl, delegate);
    }

    @Override
    public XResponse search(RecentSearchRequest request) throws IOException, InterruptedException {
        try {
            return delegate.search(request);
        } catch (ConnectException e) {
            ConnectException named =
                    new ConnectException("Cannot connect to the X API at " + address + ": " + reason(e));
            named.initCause(e);
            throw named;
        }
    }

    /** The first message in the chain (the JDK puts "Connection refused" on the cause, if anywhere). */
    private static String reason(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getMessage().toLowerCase(Locale.ROOT);
            }
        }
        return "connection refused";
    }
}
