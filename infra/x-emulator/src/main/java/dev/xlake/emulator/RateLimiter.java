package dev.xlake.emulator;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/**
 * X's per-app limit for recent search: {@code limit} requests per window (15 minutes on X). A
 * window opens at the first request after the previous one reset (not on the quarter hour), and
 * every response reports {@code x-rate-limit-limit}, {@code -remaining} and {@code -reset} (epoch
 * seconds). One limiter per emulator: every query draws on it, as every query of an app does on X.
 */
final class RateLimiter {

    static final Duration WINDOW = Duration.ofMinutes(15);

    record Decision(boolean allowed, int limit, int remaining, long resetEpochSeconds) {}

    private final int limit;
    private final Duration window;
    private final InstantSource clock;
    private Instant reset;
    private int used;

    RateLimiter(int limit, Duration window, InstantSource clock) {
        if (limit < 1) {
            throw new IllegalArgumentException("Cannot limit to " + limit + " requests per window: must be at least 1");
        }
        if (window.isNegative() || window.toSeconds() < 1) {
            throw new IllegalArgumentException(
                    "Cannot use a rate-limit window of " + window + ": must be at least 1 s");
        }
        this.limit = limit;
        this.window = window;
        this.clock = clock;
    }

    synchronized Decision acquire() {
        Instant now = clock.instant();
        if (reset == null || !now.isBefore(reset)) {
            reset = now.plus(window);
            used = 0;
        }
        if (used >= limit) {
            return new Decision(false, limit, 0, reset.getEpochSecond());
        }
        used++;
        return new Decision(true, limit, limit - used, reset.getEpochSecond());
    }

    /** The current state without consuming a request (for responses the limiter did not count). */
    synchronized Decision peek() {
        Instant now = clock.instant();
        if (reset == null || !now.isBefore(reset)) {
            return new Decision(true, limit, limit, now.plus(window).getEpochSecond());
        }
        return new Decision(used < limit, limit, limit - used, reset.getEpochSecond());
    }
}
