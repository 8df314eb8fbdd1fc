package dev.xlake.cli;

import dev.xlake.config.FetchConfig;
import dev.xlake.core.config.EnvNames;
import java.util.OptionalInt;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code --max-pages N}, the same on every command that runs fetch ticks: the fetch Lambda's page
 * limit per query and run ({@link EnvNames#MAX_PAGES}), with its default.
 */
final class MaxPagesOption {

    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    private final String action;
    private Integer given;

    /** {@code action} starts the one-line error, e.g. {@code fetch} gives "Cannot fetch: --max-pages ...". */
    MaxPagesOption(String action) {
        this.action = action;
    }

    /** Checked while parsing, so the message names the option, before the token or S3 are looked at. */
    @Option(
            names = "--max-pages",
            paramLabel = "N",
            description = "Pages per query per tick at most. Default: " + FetchConfig.DEFAULT_MAX_PAGES + ".")
    void maxPages(int value) {
        Usage.require(command, value >= 1, "Cannot " + action + ": --max-pages must be at least 1, got " + value);
        given = value;
    }

    /** The value given on the command line, if any. */
    OptionalInt given() {
        return given == null ? OptionalInt.empty() : OptionalInt.of(given);
    }

    /** The value given, else the Lambda's default. */
    int value() {
        return given().orElse(FetchConfig.DEFAULT_MAX_PAGES);
    }
}
