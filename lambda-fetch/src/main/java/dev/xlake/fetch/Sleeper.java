package dev.xlake.fetch;

import java.time.Duration;

/** Waits between retries and for rate-limit resets; tests inject one that advances a clock. */
@FunctionalInterface
public interface Sleeper {

    Sleeper REAL = duration -> Thread.sleep(duration.toMillis());

    void sleep(Duration duration) throws InterruptedException;
}
