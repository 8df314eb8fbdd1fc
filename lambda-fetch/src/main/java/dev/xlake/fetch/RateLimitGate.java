package dev.xlake.fetch;

import dev.xlake.core.manifest.RateLimit;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * X's recent-search rate limit as this invocation has seen it. The limit is per app, so every
 * query's requests draw on one window: each response's {@code x-rate-limit-*} headers are fed in
 * here, and every query consults the same gate before its next request, so that once a response
 * said the window is used up no query sends a request X would refuse with 429.
 *
 * <p>It also keeps the mean time a request took, so that {@link FairShare} can split the time
 * budget as well as the requests. Not thread-safe: queries run one after another.
 */
final class RateLimitGate {

    private final InstantSource clock;
    private RateLimit last = RateLimit.NONE;
    private long responses;
    private long requests;
    private Duration requestTime = Duration.ZERO;

    RateLimitGate(InstantSource clock) {
        this.clock = clock;
    }

    /** After a response of any status: its headers, when it sent them, and how long it took. */
    void observe(RateLimit rateLimit, Duration took) {
        responses++;
        if (rateLimit.remaining() != null) {
            last = rateLimit;
        }
        timed(took);
    }

    /** After a request that got no response (timeout, connection error): it still took time. */
    void timed(Duration took) {
        requests++;
        requestTime = requestTime.plus(took);
    }

    /** When the window reopens, if the last response said it is used up and it has not reset yet. */
    Optional<Instant> exhaustedUntil() {
        Instant resetAt = last.resetAt();
        if (last.exhausted() && resetAt != null && resetAt.isAfter(clock.instant())) {
            return Optional.of(resetAt);
        }
        return Optional.empty();
    }

    /** After waiting for the reset: the new window's state is unknown until the next response. */
    void windowReset() {
        last = RateLimit.NONE;
    }

    /** Requests X will still accept in the current window, if a response has said. */
    OptionalLong remaining() {
        if (last.remaining() == null) {
            return OptionalLong.empty();
        }
        Instant resetAt = last.resetAt();
        if (resetAt != null && !resetAt.isAfter(clock.instant())) {
            return last.limit() == null ? OptionalLong.empty() : OptionalLong.of(last.limit());
        }
        return OptionalLong.of(Math.max(0, last.remaining()));
    }

    /** Responses seen so far (each one spent a request of the window). */
    long responses() {
        return responses;
    }

    /** Mean wall time of a request so far; empty before the first or while requests take no time (tests). */
    Optional<Duration> meanRequestTime() {
        if (requests == 0 || requestTime.isZero()) {
            return Optional.empty();
        }
        return Optional.of(requestTime.dividedBy(requests));
    }
}
