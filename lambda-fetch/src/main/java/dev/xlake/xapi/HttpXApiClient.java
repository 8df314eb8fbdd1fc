package dev.xlake.xapi;

import dev.xlake.config.BearerToken;
import dev.xlake.core.manifest.RateLimit;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** {@link XApiClient} on the JDK {@link HttpClient}: no extra dependency, fast to start. */
public final class HttpXApiClient implements XApiClient, FullArchiveClient {

    static final String PATH = "/2/tweets/search/recent";
    static final String FULL_ARCHIVE_PATH = "/2/tweets/search/all";

    private final XApiOrigin x;

    public HttpXApiClient(URI baseUrl, BearerToken token, Duration requestTimeout) {
        this.x = new XApiOrigin(baseUrl, token, requestTimeout);
    }

    @Override
    public XResponse search(RecentSearchRequest request) throws IOException, InterruptedException {
        return get(uri(x.baseUrl(), request));
    }

    @Override
    public XResponse searchAll(FullArchiveRequest request) throws IOException, InterruptedException {
        return get(uri(x.baseUrl(), request));
    }

    private XResponse get(URI uri) throws IOException, InterruptedException {
        HttpRequest httpRequest = x.request(uri, "xlake-fetch/0.1")
                .header("Accept", "application/json")
                .GET()
                .build();
        // No Accept-Encoding: the body is stored byte for byte as X sent it.
        HttpResponse<byte[]> response;
        try {
            response = x.send(httpRequest);
        } catch (ConnectException e) {
            // The JDK's message for a refused connection is null: name the address and the reason.
            ConnectException named = new ConnectException(
                    "Cannot connect to the X API at " + XApiOrigin.address(uri) + ": " + reason(e));
            named.initCause(e);
            throw named;
        }
        return new XResponse(
                response.statusCode(),
                response.body(),
                RateLimit.fromHeaders(response.headers().map()));
    }

    /** The first message in the chain, if the JDK gave one anywhere; a bare ConnectException is a refusal. */
    private static String reason(ConnectException failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getMessage().toLowerCase(Locale.ROOT);
            }
        }
        return "connection refused";
    }

    /** The request URI, without any credential (also what the manifest's {@code request} mirrors). */
    public static URI uri(URI baseUrl, RecentSearchRequest request) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("query", request.query());
        params.put("max_results", Integer.toString(request.maxResults()));
        if (request.sinceId() != null) {
            params.put("since_id", request.sinceId());
        }
        if (request.startTime() != null) {
            params.put("start_time", second(request.startTime()));
        }
        if (request.untilId() != null) {
            params.put("until_id", request.untilId());
        }
        if (request.paginationToken() != null) {
            params.put("next_token", request.paginationToken());
        }
        return withFields(baseUrl, PATH, params, request.expandUsers());
    }

    /** The full-archive request URI, without any credential; the same fields as recent search. */
    public static URI uri(URI baseUrl, FullArchiveRequest request) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("query", request.query());
        params.put("max_results", Integer.toString(request.maxResults()));
        params.put("start_time", second(request.startTime()));
        params.put("end_time", second(request.endTime()));
        if (request.paginationToken() != null) {
            params.put("next_token", request.paginationToken());
        }
        return withFields(baseUrl, FULL_ARCHIVE_PATH, params, request.expandUsers());
    }

    /** X's times have second granularity (OpenAPI: YYYY-MM-DDTHH:mm:ssZ). */
    private static String second(Instant time) {
        return DateTimeFormatter.ISO_INSTANT.format(time.truncatedTo(ChronoUnit.SECONDS));
    }

    private static URI withFields(URI baseUrl, String path, Map<String, String> params, boolean expandUsers) {
        params.put("tweet.fields", SearchFields.TWEET_FIELDS);
        if (expandUsers) {
            params.put("expansions", SearchFields.EXPANSIONS);
            params.put("user.fields", SearchFields.USER_FIELDS);
        } else {
            params.put("expansions", SearchFields.EXPANSIONS_WITHOUT_USERS);
        }
        params.put("media.fields", SearchFields.MEDIA_FIELDS);
        params.put("place.fields", SearchFields.PLACE_FIELDS);
        params.put("poll.fields", SearchFields.POLL_FIELDS);
        String query = params.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        return URI.create(baseUrl.toString() + path + "?" + query);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
