package dev.xlake.fetch;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.xlake.core.manifest.RateLimit;
import dev.xlake.core.time.Sleeper;
import dev.xlake.xapi.RecentSearchRequest;
import dev.xlake.xapi.XApiClient;
import dev.xlake.xapi.XResponse;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one logical search request into a {@link SearchOutcome}: retries transient failures (5xx,
 * timeouts, connection errors, truncated or malformed 200 bodies) with exponential backoff and
 * jitter, waits for rate-limit resets when they fit in the time budget, and never hands out a
 * body that is not a well-formed response. One instance per query run: it remembers the last
 * rate-limit headers so that an exhausted window is waited for before the next request.
 */
public final class SearchCaller {

    private static final Logger LOG = LoggerFactory.getLogger(SearchCaller.class);
    private static final ObjectMapper STRICT_JSON =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true);

    /** Backoff: base * 2^(attempt-1), capped, then "equal jitter" (half fixed, half random). */
    static final Duration BACKOFF_BASE = Duration.ofMillis(500);

    static final Duration BACKOFF_CAP = Duration.ofSeconds(16);
    /** Added to a reset time: X's reset is in whole seconds and clocks drift. */
    static final Duration RESET_SLACK = Duration.ofSeconds(1);
    /** Rate-limit waits per logical request; a window that keeps refusing is not worth more. */
    static final int MAX_RATE_LIMIT_WAITS = 2;

    private final XApiClient client;
    private final InstantSource clock;
    private final Sleeper sleeper;
    private final RandomGenerator random;
    private final int maxRetries;
    private final Duration requestTimeout;
    private RateLimit lastRateLimit = RateLimit.NONE;

    public SearchCaller(
            XApiClient client,
            InstantSource clock,
            Sleeper sleeper,
            RandomGenerator random,
            int maxRetries,
            Duration requestTimeout) {
        this.client = client;
        this.clock = clock;
        this.sleeper = sleeper;
        this.random = random;
        this.maxRetries = maxRetries;
        this.requestTimeout = requestTimeout;
    }

    public SearchOutcome call(RecentSearchRequest request, TimeBudget budget) throws InterruptedException {
        int failures = 0;
        int rateLimitWaits = 0;
        while (true) {
            if (lastRateLimit.exhausted()
                    && lastRateLimit.resetAt() != null
                    && lastRateLimit.resetAt().isAfter(clock.instant())) {
                if (rateLimitWaits >= MAX_RATE_LIMIT_WAITS || !waitForReset(lastRateLimit.resetAt(), budget)) {
                    return new SearchOutcome.RateLimited(lastRateLimit.resetAt());
                }
                rateLimitWaits++;
                lastRateLimit = RateLimit.NONE;
            }
            if (budget.remaining().compareTo(requestTimeout) < 0) {
                return new SearchOutcome.OutOfTime();
            }
            String failure;
            try {
                XResponse response = client.search(request);
                lastRateLimit = response.rateLimit();
                int status = response.status();
                if (status == 200) {
                    PageMeta meta = wellFormedMeta(response.body());
                    if (meta != null) {
                        return new SearchOutcome.Page(
                                response.body(), status, meta, response.rateLimit(), clock.instant());
                    }
                    failure = "HTTP 200 with a malformed or truncated body (" + response.body().length + " bytes)";
                } else if (status == 429) {
                    Instant resetAt = response.rateLimit().resetAt();
                    LOG.info("X answered 429, rate-limit reset at {}", resetAt);
                    if (resetAt == null || rateLimitWaits >= MAX_RATE_LIMIT_WAITS || !waitForReset(resetAt, budget)) {
                        return new SearchOutcome.RateLimited(resetAt);
                    }
                    rateLimitWaits++;
                    lastRateLimit = RateLimit.NONE;
                    continue;
                } else if (status >= 500) {
                    failure = "HTTP " + status;
                } else {
                    return new SearchOutcome.Rejected(XProblem.parse(status, response.body()));
                }
            } catch (HttpTimeoutException | InterruptedIOException e) {
                // The JDK client's timeout is an HttpTimeoutException, not an InterruptedIOException.
                failure = "timeout: " + e.getClass().getSimpleName();
            } catch (IOException e) {
                failure = "I/O error: " + e.getClass().getSimpleName() + ": " + e.getMessage();
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
            sleeper.sleep(backoff);
        }
    }

    private boolean waitForReset(Instant resetAt, TimeBudget budget) throws InterruptedException {
        Duration wait = Duration.between(clock.instant(), resetAt).plus(RESET_SLACK);
        if (wait.isNegative()) {
            return true;
        }
        if (budget.remaining().compareTo(wait.plus(requestTimeout)) < 0) {
            LOG.info("Rate-limit reset at {} is beyond the time budget; stopping", resetAt);
            return false;
        }
        LOG.info("Waiting {} ms for the rate-limit reset at {}", wait.toMillis(), resetAt);
        sleeper.sleep(wait);
        return true;
    }

    Duration backoff(int failures) {
        long exp = BACKOFF_BASE.toMillis() << Math.min(failures - 1, 20);
        long capped = Math.min(exp, BACKOFF_CAP.toMillis());
        return Duration.ofMillis(capped / 2 + (long) (random.nextDouble() * (capped / 2.0)));
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
