package dev.xlake.emulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.xlake.core.net.Ports;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local HTTP server speaking X API v2 recent search ({@code GET /2/tweets/search/recent}) over
 * a seeded, deterministic, endless tweet stream, for tests, the CLI and benchmarks.
 *
 * <p>Why it exists: the fetcher must survive everything X does (pagination while new tweets
 * arrive, the 7-day window, rate limits, partial errors, flaky responses) and tests need a ground
 * truth to compare what was stored against. The emulator gives both: {@link #groundTruthIds}
 * says exactly which tweets a query should have produced in a time window.
 *
 * <p>See {@code docs/x-emulator.md} for what is emulated and how it differs from X; the query
 * subset is documented on {@link SearchQuery}, the fault syntax on {@link FaultPlan}.
 */
public final class XApiEmulator implements AutoCloseable {

    public static final String SEARCH_PATH = "/2/tweets/search/recent";
    /** How far back recent search reaches (X's 7-day window); a local run's ground truth starts there too. */
    public static final Duration SEARCH_WINDOW = Duration.ofDays(7);
    /** Full-archive search: any time before now, up to 500 results a page, 1 request per second. */
    public static final String FULL_ARCHIVE_PATH = "/2/tweets/search/all";
    /** X's full-archive limits per app: 300 requests per 15 minutes, and at most 1 per second. */
    static final int FULL_ARCHIVE_PER_WINDOW = 300;

    static final Duration FULL_ARCHIVE_MIN_INTERVAL = Duration.ofSeconds(1);
    public static final String DEFAULT_BEARER_TOKEN = "xlake-emulator-token";
    public static final String API_VERSION = "2.159";

    /** Loopback only: the emulator is for this machine's tests and tools. */
    private static final String HOST = "127.0.0.1";
    /** Authors the corpus draws its tweets from. */
    private static final int USER_COUNT = 1_000;

    private static final Logger LOG = LoggerFactory.getLogger(XApiEmulator.class);

    private final long seed;
    private final String bearerToken;
    private final EmulatorClock clock;
    private final int requestedPort;
    private final FaultPlan faults;
    private final RateLimiter rateLimiter;
    private final RateLimiter fullArchiveLimiter;
    private final RateLimiter fullArchivePerSecond;
    private final Corpus corpus;
    private final RecentSearch search;
    private final ResponseRenderer renderer;
    private final ComplianceSchedule complianceSchedule;
    private final ComplianceJobs complianceJobs;
    private final Credits credits;
    private final TweetCounts counts;
    private final RequestLog requests = new RequestLog();
    private Server server;

    private XApiEmulator(Builder builder) {
        this.seed = builder.seed;
        this.bearerToken = builder.bearerToken;
        this.clock = builder.clock != null ? builder.clock : EmulatorClock.system();
        this.requestedPort = builder.port;
        this.faults = builder.faults != null ? builder.faults : FaultPlan.none();
        this.rateLimiter = new RateLimiter(builder.rateLimitPerWindow, RateLimiter.WINDOW, clock);
        this.fullArchiveLimiter = new RateLimiter(FULL_ARCHIVE_PER_WINDOW, RateLimiter.WINDOW, clock);
        this.fullArchivePerSecond = new RateLimiter(1, FULL_ARCHIVE_MIN_INTERVAL, clock);
        this.corpus = new Corpus(seed, builder.tweetsPerMinute, USER_COUNT, builder.cachedTweets);
        this.search = new RecentSearch(corpus, builder.visibilityLag);
        this.renderer = new ResponseRenderer(corpus);
        this.complianceSchedule = new ComplianceSchedule(seed, corpus, builder.complianceRates);
        this.complianceJobs = new ComplianceJobs(complianceSchedule, this::baseUrl, builder.complianceProcessing);
        this.credits = new Credits(builder.creditsUsd);
        this.counts = new TweetCounts(search);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Binds the port and starts serving; returns this for chaining. */
    public synchronized XApiEmulator start() {
        if (server != null) {
            throw new IllegalStateException("Cannot start the X API emulator: already running at " + baseUrl());
        }
        // Jetty rather than the JDK's HttpServer: the JDK server answers a request line it cannot
        // parse as a URI (a query such as `query=%zz`) with its own HTML page before any handler
        // runs, where X answers 400 with a JSON problem. Jetty hands the raw query to the handler.
        QueuedThreadPool threads = new QueuedThreadPool(16, 4);
        threads.setName("x-emulator");
        threads.setDaemon(true);
        Server created = new Server(threads);
        ServerConnector connector = new ServerConnector(created, 1, 1);
        connector.setHost(HOST);
        connector.setPort(requestedPort);
        created.addConnector(connector);
        created.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, org.eclipse.jetty.server.Response response, Callback callback) {
                XApiEmulator.this.handle(request, response, callback);
                return true;
            }
        });
        // What Jetty itself rejects (e.g. a path it cannot decode) gets X's JSON shape too.
        created.setErrorHandler((request, response, callback) -> {
            int status = response.getStatus() >= 400 ? response.getStatus() : 400;
            write(response, Response.problem(status, ApiException.problem(status, "Bad Request"), null), callback);
            return true;
        });
        try {
            created.start();
        } catch (Exception e) {
            stopQuietly(created);
            throw new IllegalStateException(
                    "Cannot start the X API emulator on " + HOST + ":" + requestedPort + ": " + e.getMessage(), e);
        }
        server = created;
        LOG.info("X API emulator listening on {} (seed {}, clock {})", baseUrl(), seed, clock);
        return this;
    }

    /** E.g. {@code http://127.0.0.1:41234}: what a client uses in place of {@code https://api.x.com}. */
    public synchronized String baseUrl() {
        if (server == null) {
            throw new IllegalStateException("Cannot read the base URL: the X API emulator is not started");
        }
        return "http://" + HOST + ":" + port(server);
    }

    public synchronized int port() {
        baseUrl();
        return port(server);
    }

    public EmulatorClock clock() {
        return clock;
    }

    /** The pay-per-use account the pages are charged to (unlimited unless the builder set credits). */
    public Credits credits() {
        return credits;
    }

    public FaultPlan faults() {
        return faults;
    }

    /** What happened to the corpus on "X": tests mark posts and accounts here. */
    public ComplianceSchedule compliance() {
        return complianceSchedule;
    }

    /** The batch compliance jobs, with their faults. */
    public ComplianceJobs complianceJobs() {
        return complianceJobs;
    }

    /**
     * The ids of the tweets a search for {@code query} returns that were created in
     * [{@code from}, {@code toExclusive}), ignoring the 7-day window and the clock: what a perfect
     * fetcher covering that window stores. Ascending by id.
     *
     * @throws IllegalArgumentException when X would reject the query
     */
    public SortedSet<String> groundTruthIds(String query, Instant from, Instant toExclusive) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(toExclusive, "toExclusive");
        try {
            return search.groundTruth(SearchQuery.parse(query), from, toExclusive);
        } catch (SearchQuery.InvalidQueryException e) {
            throw new IllegalArgumentException(
                    "Cannot compute ground truth for query '" + query + "': " + e.getMessage(), e);
        }
    }

    /**
     * The ground truth of several queries in one pass over the corpus: per query (keyed as given),
     * the tweets {@link #groundTruthIds} returns for it, ascending by id, with what a compliance
     * check needs to know of each ({@link ComplianceSchedule#post(GroundTruthTweet, Instant)}).
     *
     * @throws IllegalArgumentException when X would reject a query
     */
    public Map<String, List<GroundTruthTweet>> groundTruth(
            Map<String, String> queries, Instant from, Instant toExclusive) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(toExclusive, "toExclusive");
        Map<String, SearchQuery> parsed = new LinkedHashMap<>();
        queries.forEach((key, query) -> {
            try {
                parsed.put(key, SearchQuery.parse(query));
            } catch (SearchQuery.InvalidQueryException e) {
                throw new IllegalArgumentException(
                        "Cannot compute ground truth for query '" + query + "': " + e.getMessage(), e);
            }
        });
        Map<String, List<GroundTruthTweet>> truth = new LinkedHashMap<>();
        search.groundTruth(parsed, from, toExclusive)
                .forEach((key, tweets) ->
                        truth.put(key, tweets.stream().map(GroundTruthTweet::of).toList()));
        return truth;
    }

    /**
     * The corpus tweet {@code id} as a ground-truth tweet (what {@link ComplianceSchedule#post}
     * needs), or empty when the corpus never had it: e.g. a post a retweet or quote refers to.
     */
    public Optional<GroundTruthTweet> groundTruthTweet(String id) {
        try {
            return corpus.tweet(Long.parseLong(id)).map(GroundTruthTweet::of);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** All HTTP requests received so far, whatever their outcome. */
    public int requestCount() {
        return requests.receivedCount();
    }

    /** The most recent requests (up to {@value RequestLog#MAX_RECORDED}), oldest first. */
    public List<RecordedRequest> requests() {
        return requests.recent();
    }

    @Override
    public synchronized void close() {
        if (server == null) {
            return;
        }
        stopQuietly(server);
        server = null;
        LOG.info("X API emulator stopped after {} requests", requests.receivedCount());
    }

    // ---------------------------------------------------------------- request handling

    /** A response ready to send; {@code cutShort} drops the connection half way through the body. */
    private record Response(int status, String contentType, byte[] body, RateLimiter.Decision rate, boolean cutShort) {

        static Response problem(int status, ObjectNode body, RateLimiter.Decision rate) {
            return new Response(status, "application/problem+json", bytes(body), rate, false);
        }
    }

    private static int port(Server server) {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    private static void stopQuietly(Server server) {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("X API emulator did not stop cleanly: {}", e.getMessage());
        }
    }

    private void handle(Request httpRequest, org.eclipse.jetty.server.Response out, Callback callback) {
        requests.received();
        Instant now = clock.instant();
        String path = httpRequest.getHttpURI().getPath();
        Map<String, String> params = Map.of();
        String faultName = null;
        Response response;
        try {
            ApiException badQueryString = null;
            try {
                params = queryParams(httpRequest.getHttpURI().getQuery());
            } catch (ApiException e) {
                badQueryString = e;
            }
            if (path.startsWith(ComplianceJobs.PATH) && authorized(httpRequest) && badQueryString == null) {
                ComplianceJobs.Reply reply =
                        complianceJobs.handle(httpRequest.getMethod(), path, params, body(httpRequest), now);
                response = new Response(reply.status(), reply.contentType(), reply.body(), null, false);
            } else if (path.startsWith(ComplianceJobs.PATH) && badQueryString == null) {
                response = Response.problem(401, ApiException.problem(401, "Unauthorized"), null);
            } else if (!path.equals(SEARCH_PATH) && !path.equals(FULL_ARCHIVE_PATH) && !TweetCounts.handles(path)) {
                response = new Response(404, "application/json; charset=utf-8", bytes(notFoundBody()), null, false);
            } else if (!httpRequest.getMethod().equals("GET")) {
                response = Response.problem(405, ApiException.problem(405, "Method Not Allowed"), null);
            } else if (!authorized(httpRequest)) {
                response = Response.problem(401, ApiException.problem(401, "Unauthorized"), null);
            } else if (badQueryString != null) {
                response = Response.problem(badQueryString.status(), badQueryString.body(), null);
            } else if (TweetCounts.handles(path)) {
                response = countsResponse(path, params, now);
            } else {
                boolean hasToken = params.containsKey("next_token") || params.containsKey("pagination_token");
                Optional<FaultPlan.Fault> fault = faults.next(hasToken);
                faultName = fault.map(XApiEmulator::faultName).orElse(null);
                response = path.equals(FULL_ARCHIVE_PATH)
                        ? respond(params, now, fault.orElse(null), fullArchiveLimiter, true)
                        : respond(params, now, fault.orElse(null), rateLimiter, false);
            }
        } catch (RuntimeException | IOException e) {
            LOG.error("Emulator failed on {} with parameters {}", path, params.keySet(), e);
            response = Response.problem(500, ApiException.problem(500, "Internal Server Error"), null);
        }
        // Recorded before sending, so a client that got its response finds it in requests().
        requests.answered(new RecordedRequest(now, path, params, response.status(), faultName));
        write(out, response, callback);
    }

    private static byte[] body(Request request) throws IOException {
        try (InputStream in = Content.Source.asInputStream(request)) {
            return in.readAllBytes();
        }
    }

    private static String faultName(FaultPlan.Fault fault) {
        return fault.kind() == FaultPlan.Kind.SERVER_ERROR
                ? Integer.toString(fault.status())
                : fault.kind().name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Counts share the search's credits and rate limit; a counts request is charged per request. */
    private Response countsResponse(String path, Map<String, String> params, Instant now) {
        if (credits.depleted()) {
            return Response.problem(402, Credits.depletedProblem(), rateLimiter.peek());
        }
        RateLimiter.Decision decision = rateLimiter.acquire();
        if (!decision.allowed()) {
            return Response.problem(429, ApiException.problem(429, "Too Many Requests"), decision);
        }
        try {
            byte[] body = bytes(counts.count(path, params, now));
            credits.chargeRequest(
                    path.equals(TweetCounts.ALL_PATH) ? Credits.COUNTS_ALL_USD : Credits.COUNTS_RECENT_USD);
            return new Response(200, "application/json; charset=utf-8", body, decision, false);
        } catch (ApiException e) {
            return Response.problem(e.status(), e.body(), decision);
        }
    }

    /**
     * One search request, recent or full-archive: each has its own window ({@code limiter}); the
     * full archive also refuses a second request within one second of the last one it allowed
     * (429, reset at the next second), as X's 1 request/second limit does.
     */
    private Response respond(
            Map<String, String> params,
            Instant now,
            FaultPlan.Fault fault,
            RateLimiter rateLimiter,
            boolean fullArchive) {
        if (fault != null) {
            switch (fault.kind()) {
                case SERVER_ERROR -> {
                    return Response.problem(
                            fault.status(),
                            ApiException.problem(fault.status(), reason(fault.status())),
                            rateLimiter.peek());
                }
                case RATE_LIMITED -> {
                    RateLimiter.Decision forced = new RateLimiter.Decision(
                            false,
                            rateLimiter.peek().limit(),
                            0,
                            now.plus(fault.duration()).getEpochSecond());
                    return Response.problem(429, ApiException.problem(429, "Too Many Requests"), forced);
                }
                case BAD_TOKEN -> {
                    String name = params.containsKey("next_token") ? "next_token" : "pagination_token";
                    ApiException invalid = ApiException.invalid(
                            "The `" + name + "` query parameter value [" + params.get(name)
                                    + "] is not valid for this request",
                            name,
                            params.get(name));
                    return Response.problem(400, invalid.body(), rateLimiter.acquire());
                }
                case CREDITS_DEPLETED -> {
                    return Response.problem(402, Credits.depletedProblem(), rateLimiter.peek());
                }
                case SLOW -> pause(fault.duration());
                default -> {
                    // body faults are applied below, to a real response
                }
            }
        }
        if (credits.depleted()) {
            return Response.problem(402, Credits.depletedProblem(), rateLimiter.peek());
        }
        if (fullArchive) {
            RateLimiter.Decision perSecond = fullArchivePerSecond.acquire();
            if (!perSecond.allowed()) {
                RateLimiter.Decision window = rateLimiter.peek();
                return Response.problem(
                        429,
                        ApiException.problem(429, "Too Many Requests"),
                        new RateLimiter.Decision(false, window.limit(), 0, perSecond.resetEpochSeconds()));
            }
        }
        RateLimiter.Decision decision = rateLimiter.acquire();
        if (!decision.allowed()) {
            return Response.problem(429, ApiException.problem(429, "Too Many Requests"), decision);
        }
        byte[] body;
        try {
            SearchRequest request = SearchRequest.parse(params, now, seed, fullArchive);
            RecentSearch.Page page = search.search(request, now);
            String nextToken =
                    page.nextCursor() == null ? null : PageToken.encode(seed, page.nextCursor(), request.fingerprint());
            ObjectNode rendered = renderer.render(page.tweets(), nextToken, request.fields());
            credits.charge(rendered);
            body = bytes(rendered);
        } catch (ApiException e) {
            return Response.problem(e.status(), e.body(), decision);
        }
        boolean cutShort = false;
        if (fault != null) {
            switch (fault.kind()) {
                case TRUNCATED -> body = java.util.Arrays.copyOf(body, body.length / 2);
                case MALFORMED -> body = malformed(body);
                case DISCONNECT -> cutShort = true;
                default -> {
                    // no body change
                }
            }
        }
        return new Response(200, "application/json; charset=utf-8", body, decision, cutShort);
    }

    private static void write(org.eclipse.jetty.server.Response out, Response response, Callback callback) {
        var headers = out.getHeaders();
        headers.put(HttpHeader.CONTENT_TYPE, response.contentType());
        headers.put("api-version", API_VERSION);
        if (response.rate() != null) {
            headers.put("x-rate-limit-limit", Integer.toString(response.rate().limit()));
            headers.put(
                    "x-rate-limit-remaining", Integer.toString(response.rate().remaining()));
            headers.put("x-rate-limit-reset", Long.toString(response.rate().resetEpochSeconds()));
        }
        byte[] body = response.body();
        out.setStatus(response.status());
        headers.put(HttpHeader.CONTENT_LENGTH, body.length);
        if (response.cutShort()) {
            // Half the announced body, then a failed httpRequest: Jetty aborts the connection.
            out.write(
                    false,
                    ByteBuffer.wrap(body, 0, body.length / 2),
                    Callback.from(() -> callback.failed(new IOException("cut short by a fault")), callback::failed));
            return;
        }
        out.write(true, ByteBuffer.wrap(body), callback);
    }

    private boolean authorized(Request httpRequest) {
        String header = httpRequest.getHeaders().get(HttpHeader.AUTHORIZATION);
        return header != null && header.equals("Bearer " + bearerToken);
    }

    /** Same length as the real body, but not JSON: a missing separator half way through. */
    private static byte[] malformed(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        int separator = text.indexOf("\",\"", text.length() / 3);
        if (separator < 0) {
            separator = text.indexOf(',');
        }
        String broken = separator < 0
                ? text.substring(0, text.length() - 1) + "]"
                : text.substring(0, separator + 1) + " " + text.substring(separator + 2);
        return broken.getBytes(StandardCharsets.UTF_8);
    }

    private static void pause(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String reason(int status) {
        return switch (status) {
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "Server Error";
        };
    }

    private static ObjectNode notFoundBody() {
        ObjectNode body = ApiException.JSON.createObjectNode();
        ObjectNode error = body.putArray("errors").addObject();
        error.put("message", "Sorry, that page does not exist");
        error.put("code", 34);
        return body;
    }

    static byte[] bytes(ObjectNode node) {
        try {
            return ApiException.JSON.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise a response: " + e.getMessage(), e);
        }
    }

    /**
     * The query string as one value per name. Like X, a repeated parameter or a value that is not
     * percent-encoded UTF-8 is a 400, not silently the first value or U+FFFD. (A {@code %} not
     * followed by two hex digits never gets here: Jetty rejects the URI first, and the emulator's error
     * handler answers it with the same 400 JSON.)
     */
    static Map<String, String> queryParams(String rawQuery) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        Map<String, String> undecodable = new LinkedHashMap<>();
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String rawName = eq < 0 ? pair : pair.substring(0, eq);
                String rawValue = eq < 0 ? "" : pair.substring(eq + 1);
                String name = decodeOr(rawName, rawName);
                String value = decodeOr(rawValue, null);
                if (value == null) {
                    undecodable.putIfAbsent(name, rawValue);
                }
                values.computeIfAbsent(name, n -> new ArrayList<>()).add(value == null ? rawValue : value);
            }
        }
        if (!undecodable.isEmpty()) {
            String name = undecodable.keySet().iterator().next();
            throw ApiException.invalid(
                    "The `" + name + "` query parameter value [" + undecodable.get(name)
                            + "] is not valid percent-encoded UTF-8",
                    name,
                    undecodable.get(name));
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> entry : values.entrySet()) {
            if (entry.getValue().size() > 1) {
                throw ApiException.invalid(
                        "The `" + entry.getKey() + "` query parameter was given "
                                + entry.getValue().size() + " times; it may be given once",
                        Map.of(entry.getKey(), entry.getValue()));
            }
            params.put(entry.getKey(), entry.getValue().get(0));
        }
        return params;
    }

    /** Percent- and form-decodes strict UTF-8; {@code fallback} when the bytes are not UTF-8. */
    private static String decodeOr(String raw, String fallback) {
        byte[] bytes;
        try {
            bytes = URLDecoder.decode(raw, StandardCharsets.ISO_8859_1).getBytes(StandardCharsets.ISO_8859_1);
        } catch (IllegalArgumentException e) {
            return fallback;
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return fallback;
        }
    }

    // ---------------------------------------------------------------- builder

    /** Options; all have defaults, so {@code XApiEmulator.builder().build().start()} works. */
    public static final class Builder {
        private long seed = 42L;
        private String bearerToken = DEFAULT_BEARER_TOKEN;
        private EmulatorClock clock;
        private int port;
        private FaultPlan faults;
        private int rateLimitPerWindow = 450;
        private double tweetsPerMinute = 12;
        private int cachedTweets = Corpus.DEFAULT_CACHED_TWEETS;
        private Duration visibilityLag = Duration.ZERO;
        private ComplianceSchedule.Rates complianceRates = ComplianceSchedule.Rates.NONE;
        private Duration complianceProcessing = Duration.ofSeconds(2);
        private java.math.BigDecimal creditsUsd;

        private Builder() {}

        /** Same seed, same corpus, same page tokens. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** The only bearer token accepted; anything else gets 401. */
        public Builder bearerToken(String bearerToken) {
            if (bearerToken == null || bearerToken.isBlank()) {
                throw new IllegalArgumentException("Cannot use a blank bearer token");
            }
            this.bearerToken = bearerToken;
            return this;
        }

        /** Defaults to {@link EmulatorClock#system()}; tests pass {@link EmulatorClock#fixed}. */
        public Builder clock(EmulatorClock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** 0 (the default) picks a free port. */
        public Builder port(int port) {
            this.port = Ports.check(port);
            return this;
        }

        public Builder faults(FaultPlan faults) {
            this.faults = Objects.requireNonNull(faults, "faults");
            return this;
        }

        /** Requests per 15-minute window before 429; X's app limit for recent search is 450. */
        public Builder rateLimitPerWindow(int rateLimitPerWindow) {
            this.rateLimitPerWindow = rateLimitPerWindow;
            return this;
        }

        /** Mean number of tweets per minute in the whole stream (before query matching). */
        public Builder tweetsPerMinute(double tweetsPerMinute) {
            this.tweetsPerMinute = tweetsPerMinute;
            return this;
        }

        /** How long a new tweet takes to become searchable (X: about 10 seconds); 0 by default. */
        public Builder visibilityLag(Duration visibilityLag) {
            this.visibilityLag = nonNegative(visibilityLag, "visibility lag");
            return this;
        }

        /** Fractions of posts deleted and geo-scrubbed and of accounts gone; none by default. */
        public Builder complianceRates(ComplianceSchedule.Rates complianceRates) {
            this.complianceRates = Objects.requireNonNull(complianceRates, "complianceRates");
            return this;
        }

        /** How long a compliance job stays in_progress after its upload; 2 seconds by default. */
        public Builder complianceProcessing(Duration complianceProcessing) {
            this.complianceProcessing = nonNegative(complianceProcessing, "processing time");
            return this;
        }

        /**
         * Prepaid credits in US dollars: pages are charged at X's read prices and requests get 402
         * {@code CreditsDepleted} once they are used up. Unlimited by default.
         */
        public Builder creditsUsd(java.math.BigDecimal usd) {
            if (usd != null && usd.signum() < 0) {
                throw new IllegalArgumentException("Cannot start with negative credits " + usd);
            }
            this.creditsUsd = usd;
            return this;
        }

        /**
         * How many generated tweets the corpus keeps in memory (about 2.6 KB each; 20,000 by
         * default). A cache that holds the whole 7-day window (about 10,100 minutes times the rate)
         * generates each tweet once, where a smaller one regenerates the window for every query.
         */
        public Builder cachedTweets(int cachedTweets) {
            if (cachedTweets < 1) {
                throw new IllegalArgumentException("Cannot cache " + cachedTweets + " tweets: must be positive");
            }
            this.cachedTweets = cachedTweets;
            return this;
        }

        private static Duration nonNegative(Duration duration, String what) {
            if (duration.isNegative()) {
                throw new IllegalArgumentException("Cannot use a negative " + what + " " + duration);
            }
            return duration;
        }

        public XApiEmulator build() {
            return new XApiEmulator(this);
        }

        /** Shorthand for {@code build().start()}. */
        public XApiEmulator start() {
            return build().start();
        }
    }
}
