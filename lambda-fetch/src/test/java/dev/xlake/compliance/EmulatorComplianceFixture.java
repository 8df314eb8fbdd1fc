package dev.xlake.compliance;

import dev.xlake.config.BearerToken;
import dev.xlake.emulator.EmulatorClock;
import dev.xlake.emulator.XApiEmulator;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of the tests against the X API emulator's compliance jobs: an emulator on a clock fixed
 * for each test (JUnit makes a test instance per test), started before the test and closed after it, and the real compliance client pointed at it.
 */
public abstract class EmulatorComplianceFixture {

    private final Instant now;

    /** The emulator's clock, at {@code now} when a test starts; tests advance it. */
    protected final EmulatorClock clock;

    private final XApiEmulator.Builder emulatorToStart;

    protected XApiEmulator emulator;

    /** @param token the bearer token the emulator accepts */
    protected EmulatorComplianceFixture(Instant now, int seed, String token) {
        this.now = now;
        clock = EmulatorClock.fixed(now);
        emulatorToStart = XApiEmulator.builder().seed(seed).bearerToken(token).clock(clock);
    }

    @BeforeEach
    protected final void startEmulator() {
        emulator = emulatorToStart.start();
    }

    @AfterEach
    protected final void stopEmulator() {
        emulator.close();
    }

    /** The first {@code count} posts of the emulator's ground truth for "the" in the two hours before now. */
    protected final List<String> posts(int count) {
        return new ArrayList<>(emulator.groundTruthIds("the", now.minus(Duration.ofHours(2)), now)).subList(0, count);
    }

    /** The real compliance client on the emulator, sending {@code bearerToken}. */
    protected final HttpComplianceJobClient client(String bearerToken) {
        return client(emulator.baseUrl(), bearerToken);
    }

    /** The real compliance client on {@code baseUrl}, sending {@code bearerToken}, 5 s per request. */
    protected static HttpComplianceJobClient client(String baseUrl, String bearerToken) {
        return new HttpComplianceJobClient(
                URI.create(baseUrl), BearerToken.of(bearerToken, "test"), Duration.ofSeconds(5));
    }
}
