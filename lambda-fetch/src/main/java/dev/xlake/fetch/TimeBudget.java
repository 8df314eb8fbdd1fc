package dev.xlake.fetch;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.function.LongSupplier;

/**
 * How much time the invocation may still spend on X requests and waits. In Lambda it is the
 * remaining time minus a safety margin kept for the final manifest and checkpoint writes.
 */
@FunctionalInterface
public interface TimeBudget {

    Duration remaining();

    /** Lambda: {@code Context::getRemainingTimeInMillis} minus {@code safetyMargin}. */
    static TimeBudget lambda(LongSupplier remainingMillis, Duration safetyMargin) {
        return () -> Duration.ofMillis(remainingMillis.getAsLong()).minus(safetyMargin);
    }

    /** CLI and tests: until a deadline on the given clock. */
    /** A budget ending {@code length} from now on {@code clock}. */
    static TimeBudget from(InstantSource clock, Duration length) {
        return until(clock.instant().plus(length), clock);
    }

    static TimeBudget until(Instant deadline, InstantSource clock) {
        return () -> Duration.between(clock.instant(), deadline);
    }
}
