package dev.xlake.cli;

import java.util.function.Supplier;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Turns a validation failure found after parsing into picocli's one-line usage error (exit 2). */
final class Usage {

    private Usage() {}

    static <T> T check(CommandSpec spec, Supplier<T> validated) {
        try {
            return validated.get();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    static void require(CommandSpec spec, boolean condition, String message) {
        if (!condition) {
            throw new ParameterException(spec.commandLine(), message);
        }
    }
}
