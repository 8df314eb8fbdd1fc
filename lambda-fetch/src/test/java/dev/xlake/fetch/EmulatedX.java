package dev.xlake.fetch;

import dev.xlake.core.time.Sleeper;
import dev.xlake.emulator.EmulatorClock;
import dev.xlake.emulator.RecordedRequest;
import dev.xlake.emulator.XApiEmulator;
import java.time.Duration;
import java.util.List;

/**
 * The X API emulator as the fetch ITs run it: one seeded corpus on a clock that only the code's
 * waits move, so rate limits and backoff take no real time.
 */
final class EmulatedX {

    private EmulatedX() {}

    /** Seed 11 at 0.4 tweets a minute, accepting {@code token}: the corpus every fetch IT's truth comes from. */
    static XApiEmulator.Builder emulator(EmulatorClock clock, String token) {
        return XApiEmulator.builder().seed(11).bearerToken(token).clock(clock).tweetsPerMinute(0.4);
    }

    /** Waits that move {@code clock} instead of the thread, each recorded in {@code sleeps}. */
    static Sleeper advancing(EmulatorClock clock, List<Duration> sleeps) {
        return d -> {
            sleeps.add(d);
            clock.advance(d);
        };
    }

    /** The requests {@code emulator} received on {@code path}, in order. */
    static List<RecordedRequest> requestsTo(XApiEmulator emulator, String path) {
        return emulator.requests().stream().filter(r -> r.path().equals(path)).toList();
    }
}
