package dev.xlake.core.time;

import java.time.Duration;

/** Waits between retries and for rate-limit resets; tests inject one that advances a fake clock. */
@FunctionalInterface
public interface Sleeper {

    Sleeper REAL = duration -> Thread.sleep(duration.toMillis());

    void sleep(Duration duration) throws InterruptedException;
}
