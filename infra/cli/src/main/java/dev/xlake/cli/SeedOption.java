package dev.xlake.cli;

import dev.xlake.cli.local.LocalSettings;
import picocli.CommandLine.Option;

/** {@code --seed S}, the same on every command that starts the X API emulator. */
final class SeedOption {

    @Option(
            names = "--seed",
            paramLabel = "S",
            defaultValue = "" + LocalSettings.DEFAULT_SEED,
            description = "Emulator corpus seed: the same seed gives the same tweets. Default: ${DEFAULT-VALUE}.")
    long seed;
}
