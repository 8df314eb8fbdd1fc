package dev.xlake.xapi;

import dev.xlake.config.BearerToken;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;

/**
 * The X API as every xlake client reaches it: its base URL, the bearer token, the JDK {@link
 * HttpClient} (no extra dependency, fast to start) and the timeout of one request. The token goes
 * only with requests to the API's own origin, so a URL X hands out on another host (a signed
 * upload or download URL) never receives it.
 */
public final class XApiOrigin {

    private final HttpClient http;
    private final URI baseUrl;
    private final BearerToken token;
    private final Duration requestTimeout;

    public XApiOrigin(URI baseUrl, BearerToken token, Duration requestTimeout) {
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
        this.token = Objects.requireNonNull(token, "token");
        this.requestTimeout = requestTimeout;
    }

    public URI baseUrl() {
        return baseUrl;
    }

    public Duration requestTimeout() {
        return requestTimeout;
    }

    /**
     * A request to {@code uri} with the timeout and {@code userAgent}; with the bearer token when
     * {@code uri} is on the API's origin (scheme, host and port).
     */
    public HttpRequest.Builder request(URI uri, String userAgent) {
        HttpRequest.Builder builder =
                HttpRequest.newBuilder(uri).timeout(requestTimeout).header("User-Agent", userAgent);
        if (isOrigin(uri)) {
            builder.header("Authorization", "Bearer " + token.reveal());
        }
        return builder;
    }

    /** Sends {@code request}, keeping the body's bytes as received. */
    public HttpResponse<byte[]> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    private boolean isOrigin(URI uri) {
        return Objects.equals(uri.getScheme(), baseUrl.getScheme())
                && Objects.equals(uri.getHost(), baseUrl.getHost())
                && port(uri) == port(baseUrl);
    }

    /** {@code host:port} of {@code uri}, the port filled in from the scheme when the URI has none. */
    public static String address(URI uri) {
        return uri.getHost() + ":" + port(uri);
    }

    private static int port(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
    }
}
