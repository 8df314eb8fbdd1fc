package dev.xlake.convert;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The parsing the step mains' options share: {@code --name value} pairs and whole numbers. Each
 * error is an {@link IllegalArgumentException} whose message ends with the step's usage, which
 * {@link StepMain} prints before exiting with 2.
 */
final class StepArgs {

    private StepArgs() {}

    /** The value of each option in {@code args}, which must be pairs of a known option and its value. */
    static Map<String, String> pairs(String[] args, Set<String> options, String usage) {
        if (args.length % 2 != 0) {
            throw new IllegalArgumentException(
                    "Cannot parse arguments: " + args[args.length - 1] + " needs a value; " + usage);
        }
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!options.contains(args[i])) {
                throw new IllegalArgumentException("Cannot parse arguments: unknown option " + args[i] + "; " + usage);
            }
            values.put(args[i], args[i + 1]);
        }
        return values;
    }

    /**
     * {@code value} of {@code option} as a long.
     *
     * @param unit what the number counts, for the message (e.g. {@code " of days"}), or empty
     */
    static long wholeNumber(String option, String value, String unit, String usage) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw notWhole(option, value, unit, usage);
        }
    }

    /** {@link #wholeNumber} for an int option: a number out of the int range is no whole number either. */
    static int wholeInt(String option, String value, String unit, String usage) {
        long number = wholeNumber(option, value, unit, usage);
        if (number != (int) number) {
            throw notWhole(option, value, unit, usage);
        }
        return (int) number;
    }

    private static IllegalArgumentException notWhole(String option, String value, String unit, String usage) {
        return new IllegalArgumentException(
                "Cannot parse arguments: " + option + " needs a whole number" + unit + ", not " + value + "; " + usage);
    }
}
