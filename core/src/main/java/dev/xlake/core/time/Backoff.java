package dev.xlake.core.time;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Capped exponential backoff, the one schedule of waits between retries and between polls:
 * {@code base}, {@code 2·base}, {@code 4·base}, … never more than {@code cap}. With
 * {@link #withEqualJitter} half of each wait is fixed and the other half random, so that clients
 * failing together do not retry together.
 */
public record Backoff(Duration base, Duration cap) {

    public Backoff {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(cap, "cap");
        if (base.toMillis() < 1 || cap.compareTo(base) < 0) {
            throw new IllegalArgumentException(
                    "Cannot back off from " + base + " up to " + cap + ": base must be at least 1 ms and at most cap");
        }
    }

    /** The wait before retry {@code retry} (1 for the first): {@code base·2^(retry-1)}, at most {@code cap}. */
    public Duration delay(int retry) {
        if (retry < 1) {
            throw new IllegalArgumentException("Cannot back off before retry " + retry + ": retries count from 1");
        }
        long doubled = base.toMillis() << Math.min(retry - 1, 20);
        return Duration.ofMillis(Math.min(doubled, cap.toMillis()));
    }

    /** {@link #delay(int)} with its first half fixed and the rest drawn from {@code random}: half to all of it. */
    public Duration withEqualJitter(int retry, RandomGenerator random) {
        long full = delay(retry).toMillis();
        long half = full / 2;
        return Duration.ofMillis(half + random.nextLong(full - half + 1));
    }
}
