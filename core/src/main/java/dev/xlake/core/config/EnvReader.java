package dev.xlake.core.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads a component's settings from environment variables and collects every problem, so a
 * misconfigured deployment is told all that is wrong at once: {@link #throwIfAny()} throws
 * {@code Cannot configure <component>: XLAKE_A: ...; XLAKE_B: ...}, each problem naming its variable.
 */
public final class EnvReader {

    private final String component;
    private final Map<String, String> env;
    private final List<String> problems = new ArrayList<>();

    public EnvReader(String component, Map<String, String> env) {
        this.component = component;
        this.env = env;
    }

    /** The trimmed value, or null when unset or blank. */
    public String optional(String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** The trimmed value; records a problem and returns null when unset or blank. */
    public String required(String name) {
        String value = optional(name);
        if (value == null) {
            problem(name, "required but not set");
        }
        return value;
    }

    /** An integer in {@code [min, max]}, {@code defaultValue} when unset. */
    public int intInRange(String name, int defaultValue, int min, int max) {
        String value = optional(name);
        if (value == null) {
            return defaultValue;
        }
        int parsed;
        try {
            parsed = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            problem(name, "must be an integer, got '" + value + "'");
            return defaultValue;
        }
        if (parsed < min || parsed > max) {
            problem(name, "must be " + min + "-" + max + ", got " + parsed);
            return defaultValue;
        }
        return parsed;
    }

    /** An ISO-8601 duration such as {@code PT20M}, {@code defaultValue} when unset. */
    public Duration duration(String name, Duration defaultValue) {
        return parse(name, defaultValue, text -> {
            try {
                return Duration.parse(text);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("not an ISO-8601 duration (e.g. PT20M): " + text, e);
            }
        });
    }

    /**
     * The value parsed by {@code parser}, {@code defaultValue} when unset. An
     * {@link IllegalArgumentException} from the parser becomes a problem with its message.
     */
    public <T> T parse(String name, T defaultValue, Function<String, T> parser) {
        String value = optional(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            return parser.apply(value);
        } catch (IllegalArgumentException e) {
            problem(name, e.getMessage());
            return defaultValue;
        }
    }

    /** Records {@code problem} for {@code name} unless {@code ok}. */
    public void check(boolean ok, String name, String problem) {
        if (!ok) {
            problem(name, problem);
        }
    }

    public void problem(String name, String problem) {
        problems.add(name + ": " + problem);
    }

    public boolean hasProblems() {
        return !problems.isEmpty();
    }

    /** Throws one exception listing every problem recorded so far, if any. */
    public void throwIfAny() {
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Cannot configure " + component + ": " + String.join("; ", problems));
        }
    }
}
