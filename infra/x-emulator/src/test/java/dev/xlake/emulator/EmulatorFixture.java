package dev.xlake.emulator;

import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Starts an emulator with a fixed clock and a client for it before each test. */
abstract class EmulatorFixture {

    static final Instant NOW = Instant.parse("2026-01-10T12:00:00Z");
    static final String TOKEN = "it-bearer-token";

    EmulatorClock clock;
    FaultPlan faults;
    XApiEmulator emulator;
    SearchClient client;

    @BeforeEach
    void startEmulator() {
        clock = EmulatorClock.fixed(NOW);
        faults = FaultPlan.none();
        emulator = XApiEmulator.builder()
                .seed(7)
                .bearerToken(TOKEN)
                .clock(clock)
                .faults(faults)
                .start();
        client = new SearchClient(emulator.baseUrl(), TOKEN);
    }

    @AfterEach
    void stopEmulator() {
        emulator.close();
    }
}
