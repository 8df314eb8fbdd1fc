package dev.xlake.fetch;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.xlake.core.time.Backoff;
import dev.xlake.core.time.Timing;
import dev.xlake.xapi.RecentSearchRequest;
import dev.xlake.xapi.XApiClient;
import dev.xlake.xapi.XResponse;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one logical search request into a {@link SearchOutcome}: retries transient failures (5xx,
 * timeouts, connection errors, truncated or malformed 200 bodies) with exponential backoff and
 * jitter, waits for rate-limit resets when they fit in the time budget, and never hands out a
 * body that is not a well-formed response. One instance per query run; the rate limit it obeys is
 * the invocation's {@link RateLimitGate}, shared with every other query, so that a window another
 * query used up is waited for (or the run stops) before a request is sent.
 */
final class SearchCaller {

    private static final Logger LOG = LoggerFactory.getLogger(SearchCaller.class);
    private static final ObjectMapper STRICT_JSON =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true);

    /** Retries wait 0.5 s · 2^(retry-1), capped at 16 s, with equal jitter (half fixed, half random). */
    static final Backoff BACKOFF = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(16));
    /** Added to a reset time: X's reset is in whole seconds and clocks drift. */
    static final Duration RESET_SLACK = Duration.ofSeconds(1);
    /** Rate-limit waits per logical request; a window that keeps refusing is not worth more. */
    static final int MAX_RATE_LIMIT_WAITS = 2;

    private final XApiClient client;
    private final Timing timing;
    private final int maxRetries;
    private final Duration requestTimeout;
    private final RateLimitGate gate;
    private Instant reachedAt;

    SearchCaller(XApiClient client, RateLimitGate gate, Timing timing, int maxRetries, Duration requestTimeout) {
        this.client = client;
        this.gate = gate;
        this.timing = timing;
        this.maxRetries = maxRetries;
        this.requestTimeout = requestTimeout;
    }

    /**
     * When this run sent the first request X served (a page or a definitive refusal); null while
     * none was: a 429 or transient failures alone do not count as reaching the query.
     */
    Instant reachedAt() {
        return reachedAt;
    }

    /** One HTTP request to X, sent again on every retry. */
    @FunctionalInterface
    interface Request {
        XResponse send() throws IOException, InterruptedException;
    }

    SearchOutcome call(RecentSearchRequest request, TimeBudget budget) throws InterruptedException {
        return call(() -> client.search(request), budget);
    }

    /** The same for any search endpoint's request (the full archive's, for backfills). */
    SearchOutcome call(Request request, TimeBudget budget) throws InterruptedException {
        int failures = 0;
        int rateLimitWaits = 0;
        while (true) {
            Optional<Instant> exhaustedUntil = gate.exhaustedUntil();
            if (exhaustedUntil.isPresent()) {
                if (rateLimitWaits >= MAX_RATE_LIMIT_WAITS || !waitForReset(exhaustedUntil.get(), budget)) {
                    return new SearchOutcome.RateLimited(exhaustedUntil.get());
                }
                rateLimitWaits++;
                gate.windowReset();
            }
            if (budget.remaining().compareTo(requestTimeout) < 0) {
                return new SearchOutcome.OutOfTime();
            }
            String failure;
            Instant sentAt = timing.now();
            try {
                XResponse response = request.send();
                gate.observe(response.rateLimit(), Duration.between(sentAt, timing.now()));
                int status = response.status();
                if (status == 200) {
                    PageMeta meta = wellFormedMeta(response.body());
                    if (meta != null) {
                        reached(sentAt);
                        return new SearchOutcome.Page(
                                response.body(), status, meta, response.rateLimit(), timing.now());
                    }
                    failure = "HTTP 200 with a malformed or truncated body (" + response.body().length + " bytes)";
                } else if (status == 429) {
                    Instant resetAt = response.rateLimit().resetAt();
                    LOG.info("X answered 429, rate-limit reset at {}", resetAt);
                    if (resetAt == null || rateLimitWaits >= MAX_RATE_LIMIT_WAITS || !waitForReset(resetAt, budget)) {
                        return new SearchOutcome.RateLimited(resetAt);
                    }
                    rateLimitWaits++;
                    gate.windowReset();
                    continue;
                } else if (status == 402) {
                    reached(sentAt);
                    XProblem problem = XProblem.parse(status, response.body());
                    LOG.info("X answered {}; no request is retried", problem.describe());
                    return new SearchOutcome.CreditsDepleted(problem);
                } else if (status >= 500) {
                    failure = "HTTP " + status;
                } else {
                    reached(sentAt);
                    return new SearchOutcome.Rejected(XProblem.parse(status, response.body()));
                }
            } catch (HttpTimeoutException | InterruptedIOException e) {
                // The JDK client's timeout is an HttpTimeoutException, not an InterruptedIOException.
                gate.timed(Duration.between(sentAt, timing.now()));
                failure = "timeout: " + e.getClass().getSimpleName();
            } catch (IOException e) {
                gate.timed(Duration.between(sentAt, timing.now()));
                failure = "I/O error: " + e.getClass().getSimpleName() + ": " + firstMessage(e);
            }
            failures++;
            if (failures > maxRetries) {
                return new SearchOutcome.RetriesExhausted(failures, failure);
            }
            Duration backoff = backoff(failures);
            LOG.info("X request failed ({}), retry {}/{} in {} ms", failure, failures, maxRetries, backoff.toMillis());
            if (budget.remaining().compareTo(backoff.plus(requestTimeout)) < 0) {
                return new SearchOutcome.OutOfTime();
            }
            timing.sleep(backoff);
        }
    }

    private void reached(Instant sentAt) {
        if (reachedAt == null) {
            reachedAt = sentAt;
        }
    }

    private boolean waitForReset(Instant resetAt, TimeBudget budget) throws InterruptedException {
        Duration wait = Duration.between(timing.now(), resetAt).plus(RESET_SLACK);
        if (wait.isNegative()) {
            return true;
        }
        if (budget.remaining().compareTo(wait.plus(requestTimeout)) < 0) {
            LOG.info("Rate-limit reset at {} is beyond the time budget; stopping", resetAt);
            return false;
        }
        LOG.info("Waiting {} ms for the rate-limit reset at {}", wait.toMillis(), resetAt);
        timing.sleep(wait);
        return true;
    }

    Duration backoff(int failures) {
        return timing.backoff(BACKOFF, failures);
    }

    /** The JDK leaves some messages empty (a refused connection's is null) and puts the reason on a cause. */
    private static String firstMessage(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getMessage();
            }
        }
        return "no detail";
    }

    private static PageMeta wellFormedMeta(byte[] body) {
        try {
            JsonNode root = STRICT_JSON.readTree(body);
            return PageMeta.of(root);
        } catch (IOException e) {
            return null; // JsonProcessingException included: the caller retries and never stores it
        }
    }
}
