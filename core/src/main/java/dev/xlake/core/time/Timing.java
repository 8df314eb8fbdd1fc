package dev.xlake.core.time;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * What a caller that retries depends on besides the service it calls: the clock it reads
 * deadlines from, the sleeper it waits with, and the source of its backoff jitter. They travel
 * together so that tests pin all three at once (a fake clock that is also the sleeper, a seeded
 * random) and production passes the real ones from one place.
 */
public record Timing(InstantSource clock, Sleeper sleeper, RandomGenerator random) {

    public Timing {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(sleeper, "sleeper");
        Objects.requireNonNull(random, "random");
    }

    public Instant now() {
        return clock.instant();
    }

    public void sleep(Duration duration) throws InterruptedException {
        sleeper.sleep(duration);
    }

    /** The wait before retry {@code retry} (1 for the first) on {@code schedule}, with equal jitter. */
    public Duration backoff(Backoff schedule, int retry) {
        return schedule.withEqualJitter(retry, random);
    }
}
