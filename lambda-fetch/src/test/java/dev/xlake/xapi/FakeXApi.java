package dev.xlake.xapi;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.xlake.core.manifest.RateLimit;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * In-memory X recent search for fast tests: a per-query corpus of tweets visible once their
 * {@code created_at} has passed on the injected clock, newest→oldest pagination with
 * {@code next_token}, since_id/until_id/start_time, a 7-day window, rate limits with X's headers,
 * and scripted faults. Not the emulator: just faithful enough for the fetch core's logic.
 */
public final class FakeXApi implements XApiClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WINDOW = Duration.ofMinutes(15);

    private final InstantSource clock;
    private final Map<String, TreeMap<Long, Instant>> corpus = new HashMap<>();
    private final Deque<Fault> faults = new ArrayDeque<>();
    private final List<RecentSearchRequest> requests = new ArrayList<>();
    private final List<byte[]> servedPages = new ArrayList<>();
    private long nextId = 1_700_000_000_000_000_000L;
    private int rateLimitPerWindow = 450;
    private Instant windowEnd;
    private int usedInWindow;
    private Long expiredSinceIdsBelow;
    private int tokenGeneration;
    private boolean includeAuthors;

    public FakeXApi(InstantSource clock) {
        this.clock = clock;
    }

    /** A scripted answer that replaces the next real one. */
    public sealed interface Fault {
        record Status(int status, String body) implements Fault {}

        record Malformed() implements Fault {}

        record Truncated() implements Fault {}

        record Timeout() implements Fault {}
        /** Answer normally. */
        record Pass() implements Fault {}

        record TooManyRequests(Duration resetIn) implements Fault {}
    }

    public static Fault pass() {
        return new Fault.Pass();
    }

    public static Fault tooManyRequests(Duration resetIn) {
        return new Fault.TooManyRequests(resetIn);
    }

    public static Fault status(int status) {
        return new Fault.Status(
                status, "{\"title\":\"Service Unavailable\",\"detail\":\"try later\",\"status\":" + status + "}");
    }

    public static Fault problem(int status, String title, String detail) {
        return new Fault.Status(
                status,
                "{\"title\":\"" + title + "\",\"detail\":\"" + detail + "\",\"type\":\"about:blank\",\"status\":"
                        + status + "}");
    }

    public synchronized FakeXApi fault(Fault... scripted) {
        faults.addAll(List.of(scripted));
        return this;
    }

    /** {@code count} tweets for {@code query}, the first at {@code first}, one every {@code spacing}. */
    public synchronized List<String> addTweets(String query, int count, Instant first, Duration spacing) {
        List<String> ids = new ArrayList<>();
        TreeMap<Long, Instant> tweets = corpus.computeIfAbsent(query, q -> new TreeMap<>());
        for (int i = 0; i < count; i++) {
            long id = nextId;
            nextId += 1 + (i % 7);
            tweets.put(id, first.plus(spacing.multipliedBy(i)));
            ids.add(Long.toString(id));
        }
        return ids;
    }

    /** Ids of {@code query} visible now (created at or before the clock, inside 7 days). */
    public synchronized SortedSet<String> visibleIds(String query) {
        SortedSet<String> ids = new TreeSet<>();
        Instant now = clock.instant();
        corpus.getOrDefault(query, new TreeMap<>()).forEach((id, at) -> {
            if (!at.isAfter(now) && !at.isBefore(now.minus(Duration.ofDays(7)))) {
                ids.add(Long.toString(id));
            }
        });
        return ids;
    }

    /**
     * Pages carry {@code includes.users} (each distinct author of the page, as X expands
     * {@code author_id}) when the request asks for user objects; otherwise no includes.
     */
    public synchronized FakeXApi includeAuthors() {
        this.includeAuthors = true;
        return this;
    }

    public synchronized FakeXApi rateLimitPerWindow(int limit) {
        this.rateLimitPerWindow = limit;
        return this;
    }

    public synchronized FakeXApi expireSinceIdsBelow(String id) {
        this.expiredSinceIdsBelow = Long.parseLong(id);
        return this;
    }

    /** Every next_token handed out so far becomes invalid (X's tokens do expire). */
    public synchronized FakeXApi invalidateIssuedTokens() {
        tokenGeneration++;
        return this;
    }

    public synchronized List<RecentSearchRequest> requests() {
        return List.copyOf(requests);
    }

    /** Bodies of the 200 pages served with data, in order. */
    public synchronized List<byte[]> servedPages() {
        return List.copyOf(servedPages);
    }

    @Override
    public synchronized XResponse search(RecentSearchRequest request) throws IOException {
        requests.add(request);
        Fault fault = faults.poll();
        if (fault instanceof Fault.Timeout) {
            throw new HttpTimeoutException("request timed out");
        }
        if (fault instanceof Fault.Truncated) {
            throw new IOException("fixed content-length: 5000, bytes received: 1200");
        }
        if (fault instanceof Fault.Malformed) {
            return new XResponse(
                    200, "{\"data\":[{\"id\":\"1\",\"text\":\"cut".getBytes(StandardCharsets.UTF_8), RateLimit.NONE);
        }
        if (fault instanceof Fault.TooManyRequests t) {
            long reset = clock.instant().plus(t.resetIn()).getEpochSecond();
            return new XResponse(
                    429,
                    "{\"title\":\"Too Many Requests\",\"status\":429}".getBytes(StandardCharsets.UTF_8),
                    new RateLimit(450L, 0L, reset));
        }
        if (fault instanceof Fault.Status s) {
            return new XResponse(s.status(), s.body().getBytes(StandardCharsets.UTF_8), RateLimit.NONE);
        }
        Instant now = clock.instant();
        if (windowEnd == null || !now.isBefore(windowEnd)) {
            windowEnd = now.plus(WINDOW);
            usedInWindow = 0;
        }
        usedInWindow++;
        RateLimit rateLimit = new RateLimit(
                (long) rateLimitPerWindow,
                (long) Math.max(0, rateLimitPerWindow - usedInWindow),
                windowEnd.getEpochSecond());
        if (usedInWindow > rateLimitPerWindow) {
            return new XResponse(
                    429,
                    ("{\"title\":\"Too Many Requests\",\"detail\":\"Too Many Requests\","
                                    + "\"type\":\"about:blank\",\"status\":429}")
                            .getBytes(StandardCharsets.UTF_8),
                    rateLimit);
        }
        if (request.maxResults() < 10 || request.maxResults() > 100) {
            return invalid("max_results", Integer.toString(request.maxResults()), "out of range", rateLimit);
        }
        if (request.sinceId() != null
                && expiredSinceIdsBelow != null
                && Long.parseLong(request.sinceId()) < expiredSinceIdsBelow) {
            return invalid(
                    "since_id",
                    request.sinceId(),
                    "Invalid 'since_id':'" + request.sinceId() + "'. 'since_id' must be a tweet id created after "
                            + now.minus(Duration.ofDays(7)) + ".",
                    rateLimit);
        }
        if (request.startTime() != null && request.startTime().isBefore(now.minus(Duration.ofDays(7)))) {
            return invalid(
                    "start_time", request.startTime().toString(), "'start_time' must be within 7 days", rateLimit);
        }
        if (request.paginationToken() != null
                && !request.paginationToken().startsWith("next-" + tokenGeneration + "-")) {
            return invalid(
                    "next_token",
                    request.paginationToken(),
                    "The `next_token` query parameter value [" + request.paginationToken() + "] is not valid",
                    rateLimit);
        }
        return new XResponse(200, page(request, now), rateLimit);
    }

    private byte[] page(RecentSearchRequest request, Instant now) {
        NavigableMap<Long, Instant> tweets =
                corpus.getOrDefault(request.query(), new TreeMap<>()).descendingMap();
        Long below = request.paginationToken() != null
                ? Long.parseLong(request.paginationToken()
                        .substring(request.paginationToken().lastIndexOf('-') + 1))
                : null;
        if (request.untilId() != null) {
            long until = Long.parseLong(request.untilId());
            below = below == null ? until : Math.min(below, until);
        }
        List<Long> matching = new ArrayList<>();
        for (Map.Entry<Long, Instant> t : tweets.entrySet()) {
            long id = t.getKey();
            Instant at = t.getValue();
            boolean visible = !at.isAfter(now) && !at.isBefore(now.minus(Duration.ofDays(7)));
            boolean inBounds = (request.sinceId() == null || id > Long.parseLong(request.sinceId()))
                    && (below == null || id < below)
                    && (request.startTime() == null || !at.isBefore(request.startTime()));
            if (visible && inBounds) {
                matching.add(id);
            }
        }
        List<Long> pageIds = matching.subList(0, Math.min(request.maxResults(), matching.size()));
        ObjectNode root = JSON.createObjectNode();
        if (!pageIds.isEmpty()) {
            ArrayNode data = root.putArray("data");
            for (long id : pageIds) {
                data.addObject()
                        .put("id", Long.toString(id))
                        .put("text", "tweet " + id + " about " + request.query() + " ✨")
                        .put("created_at", tweets.get(id).toString())
                        .put("author_id", Long.toString(id % 97));
            }
        }
        if (includeAuthors && request.expandUsers() && !pageIds.isEmpty()) {
            ArrayNode users = root.putObject("includes").putArray("users");
            pageIds.stream()
                    .map(id -> id % 97)
                    .distinct()
                    .forEach(author ->
                            users.addObject().put("id", Long.toString(author)).put("username", "user" + author));
        }
        ObjectNode meta = root.putObject("meta");
        if (!pageIds.isEmpty()) {
            meta.put("newest_id", Long.toString(pageIds.get(0)));
            meta.put("oldest_id", Long.toString(pageIds.get(pageIds.size() - 1)));
        }
        meta.put("result_count", pageIds.size());
        if (matching.size() > pageIds.size()) {
            meta.put("next_token", "next-" + tokenGeneration + "-" + pageIds.get(pageIds.size() - 1));
        }
        byte[] body = root.toString().getBytes(StandardCharsets.UTF_8);
        if (!pageIds.isEmpty()) {
            servedPages.add(body);
        }
        return body;
    }

    private static XResponse invalid(String parameter, String value, String message, RateLimit rateLimit) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode error = root.putArray("errors").addObject();
        error.putObject("parameters").putArray(parameter).add(value);
        error.put("message", message);
        root.put("title", "Invalid Request");
        root.put("detail", "One or more parameters to your request was invalid.");
        root.put("type", "https://api.twitter.com/2/problems/invalid-request");
        return new XResponse(400, root.toString().getBytes(StandardCharsets.UTF_8), rateLimit);
    }
}
