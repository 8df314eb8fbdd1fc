package dev.xlake.cli;

import dev.xlake.emulator.EmulatorClock;
import dev.xlake.emulator.FaultPlan;
import dev.xlake.emulator.XApiEmulator;
import java.io.PrintWriter;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code xlake x-emulator}: the X API v2 recent-search emulator on its own. */
@Command(
        name = "x-emulator",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the X API v2 recent-search emulator in the foreground until killed.",
            "Its clock follows real time, so new tweets keep appearing."
        })
final class XEmulatorCommand extends ServerCommand {

    @Mixin
    SeedOption seed;

    @Option(
            names = "--fault",
            paramLabel = "SPEC",
            description = "Faults for the next requests, e.g. 503x3,429=30s,truncated,malformed,slow=2s,random=0.1.")
    String fault;

    @Option(
            names = "--bearer-token",
            paramLabel = "TOKEN",
            defaultValue = XApiEmulator.DEFAULT_BEARER_TOKEN,
            description = "The one token accepted (others get 401). Default: ${DEFAULT-VALUE}.")
    String bearerToken;

    XEmulatorCommand() {
        super(8080);
    }

    @Override
    AutoCloseable start(PrintWriter out) {
        FaultPlan faults = Usage.check(spec, () -> FaultPlan.parse(fault));
        XApiEmulator emulator = XApiEmulator.builder()
                .port(port.port)
                .seed(seed.seed)
                .bearerToken(bearerToken)
                .faults(faults)
                .clock(EmulatorClock.system())
                .start();
        out.printf(
                "X API emulator  %s%s  (seed %d, clock %s)%n",
                emulator.baseUrl(), XApiEmulator.SEARCH_PATH, seed.seed, Instant.now());
        // The emulator's token is a local, made-up value: printing it is how clients learn it.
        out.printf(
                "try             curl -H 'Authorization: Bearer %s' '%s%s?query=%%23kpop&max_results=10'%n",
                bearerToken, emulator.baseUrl(), XApiEmulator.SEARCH_PATH);
        out.printf(
                "fetch with      X_BEARER_TOKEN=%s xlake fetch --x-api-url %s --bucket B --query-name kpop --query '#kpop'%n",
                bearerToken, emulator.baseUrl());
        return emulator;
    }
}
