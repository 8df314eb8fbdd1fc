package dev.xlake.fetch;

import dev.xlake.core.time.Sleeper;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/**
 * At most one request per {@code interval}: X's full-archive search allows 1 request per second
 * per app besides its 15-minute window (docs/fetch.md "Full-archive backfill"). The interval is
 * counted from when the previous answer arrived, not from when it was sent: X counts arrivals,
 * and the next request then cannot arrive less than an interval after the previous one did,
 * whatever the network did to either. Retries go through it too.
 */
final class RequestPacer {

    private final InstantSource clock;
    private final Sleeper sleeper;
    private final Duration interval;
    private Instant previousAnswer;

    RequestPacer(InstantSource clock, Sleeper sleeper, Duration interval) {
        this.clock = clock;
        this.sleeper = sleeper;
        this.interval = interval;
    }

    /** Sends {@code request} once the interval since the previous answer has passed. */
    <T> T paced(SearchCallable<T> request) throws java.io.IOException, InterruptedException {
        if (previousAnswer != null) {
            Duration wait = Duration.between(clock.instant(), previousAnswer.plus(interval));
            if (!wait.isNegative() && !wait.isZero()) {
                sleeper.sleep(wait);
            }
        }
        try {
            return request.call();
        } finally {
            previousAnswer = clock.instant();
        }
    }

    @FunctionalInterface
    interface SearchCallable<T> {
        T call() throws java.io.IOException, InterruptedException;
    }
}
