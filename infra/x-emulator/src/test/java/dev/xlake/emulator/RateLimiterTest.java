package dev.xlake.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    static final Instant T0 = Instant.parse("2026-11-25T20:00:00Z");

    @Test
    void shouldAllowTheCountPerWindowThenRefuseUntilTheResetWhateverTheQuery() {
        // Given 3 requests per 2-minute window
        EmulatorClock clock = EmulatorClock.fixed(T0);
        RateLimiter limiter = new RateLimiter(3, Duration.ofMinutes(2), clock);
        long reset = T0.plus(Duration.ofMinutes(2)).getEpochSecond();

        // When / Then the window opens at the first request and counts down
        assertThat(limiter.acquire()).isEqualTo(new RateLimiter.Decision(true, 3, 2, reset));
        clock.advance(Duration.ofSeconds(30));
        assertThat(limiter.acquire()).isEqualTo(new RateLimiter.Decision(true, 3, 1, reset));
        assertThat(limiter.acquire()).isEqualTo(new RateLimiter.Decision(true, 3, 0, reset));
        assertThat(limiter.acquire()).isEqualTo(new RateLimiter.Decision(false, 3, 0, reset));
        assertThat(limiter.peek()).isEqualTo(new RateLimiter.Decision(false, 3, 0, reset));

        // and a new window opens with the first request after the reset
        clock.set(T0.plus(Duration.ofMinutes(2)).plusSeconds(5));
        assertThat(limiter.acquire())
                .isEqualTo(new RateLimiter.Decision(
                        true,
                        3,
                        2,
                        T0.plus(Duration.ofMinutes(4)).plusSeconds(5).getEpochSecond()));
    }

    @Test
    void shouldDefaultToXsFifteenMinutesAndRefuseAnEmptyWindow() {
        assertThat(RateLimiter.WINDOW).isEqualTo(Duration.ofMinutes(15));
        assertThatThrownBy(() -> new RateLimiter(450, Duration.ZERO, EmulatorClock.fixed(T0)))
                .hasMessage("Cannot use a rate-limit window of PT0S: must be at least 1 s");
        assertThatThrownBy(() -> new RateLimiter(0, RateLimiter.WINDOW, EmulatorClock.fixed(T0)))
                .hasMessage("Cannot limit to 0 requests per window: must be at least 1");
    }
}
