package dev.xlake.core.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BackoffTest {

    final Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(16));

    @Test
    void shouldDoubleFromTheBaseUpToTheCap() {
        assertThat(IntStream.rangeClosed(1, 8).mapToObj(backoff::delay))
                .containsExactly(
                        Duration.ofMillis(500),
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(4),
                        Duration.ofSeconds(8),
                        Duration.ofSeconds(16),
                        Duration.ofSeconds(16),
                        Duration.ofSeconds(16));
        assertThat(backoff.delay(10_000)).isEqualTo(Duration.ofSeconds(16));
    }

    @Test
    void shouldKeepEqualJitterBetweenHalfAndAllOfTheDelayReachingBothEnds() {
        RandomGenerator random = new Random(3);
        Backoff small = new Backoff(Duration.ofMillis(3), Duration.ofMillis(3));
        Set<Long> seen = new TreeSet<>();
        for (int i = 0; i < 200; i++) {
            seen.add(small.withEqualJitter(1, random).toMillis());
            for (int retry = 1; retry <= 8; retry++) {
                long full = backoff.delay(retry).toMillis();
                assertThat(backoff.withEqualJitter(retry, random).toMillis()).isBetween(full / 2, full);
            }
        }
        assertThat(seen).containsExactly(1L, 2L, 3L);
    }

    @Test
    void shouldRefuseRetriesFromZeroAndABaseAboveTheCap() {
        assertThatThrownBy(() -> backoff.delay(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot back off before retry 0: retries count from 1");
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot back off from PT2S up to PT1S: base must be at least 1 ms and at most cap");
    }
}
