package dev.xlake.emulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * The emulator's notion of "now": it decides which generated tweets exist yet, where the 7-day
 * window starts and when rate-limit windows reset.
 *
 * <p>A {@link #fixed(Instant) fixed} clock only moves when a test calls {@link #set(Instant)} or
 * {@link #advance(Duration)}, so "new tweets appear between two fetch ticks" is a deterministic
 * step. A {@link #system() system} clock follows real time (for the CLI) and can still be pushed
 * ahead. Instants are truncated to milliseconds, the resolution of tweet ids.
 */
public final class EmulatorClock implements InstantSource {

    private final InstantSource base;
    private Instant fixedInstant;
    private Duration offset = Duration.ZERO;

    private EmulatorClock(InstantSource base, Instant fixedInstant) {
        this.base = base;
        this.fixedInstant = fixedInstant;
    }

    /** A clock standing still at {@code start} until set or advanced. */
    public static EmulatorClock fixed(Instant start) {
        return new EmulatorClock(null, truncate(Objects.requireNonNull(start, "start")));
    }

    /** A clock following the system clock (plus any amount it was advanced by). */
    public static EmulatorClock system() {
        return new EmulatorClock(Clock.systemUTC(), null);
    }

    @Override
    public synchronized Instant instant() {
        if (fixedInstant != null) {
            return fixedInstant;
        }
        return truncate(base.instant().plus(offset));
    }

    /** Moves the clock to {@code now} (backwards too: a test may replay a window). */
    public synchronized void set(Instant now) {
        Objects.requireNonNull(now, "now");
        if (fixedInstant != null) {
            fixedInstant = truncate(now);
        } else {
            offset = Duration.between(base.instant(), now);
        }
    }

    public synchronized void advance(Duration amount) {
        Objects.requireNonNull(amount, "amount");
        if (fixedInstant != null) {
            fixedInstant = truncate(fixedInstant.plus(amount));
        } else {
            offset = offset.plus(amount);
        }
    }

    private static Instant truncate(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS);
    }

    @Override
    public String toString() {
        return "EmulatorClock[" + (fixedInstant != null ? "fixed " : "system ") + instant() + "]";
    }
}
