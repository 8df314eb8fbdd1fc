package dev.xlake.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code xlake x-emulator}: the X API v2 recent-search emulator on its own. */
@Command(name = "x-emulator",
        mixinStandardHelpOptions = true,
        description = "Runs the X API v2 recent-search emulator in the foreground until killed.")
final class XEmulatorCommand implements Callable<Integer> {

    @Option(names = "--port", paramLabel = "P", defaultValue = "8080", converter = PortConverter.class,
            description = "Port on 127.0.0.1 (0 = any free port). Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "42",
            description = "Corpus seed: the same seed gives the same tweets. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--fault", paramLabel = "SPEC", description = "Fault injection (repeatable).")
    java.util.List<String> faults = java.util.List.of();

    @Override
    public Integer call() {
        throw new UnsupportedOperationException("Cannot start the X API emulator: not wired into the CLI yet");
    }
}
