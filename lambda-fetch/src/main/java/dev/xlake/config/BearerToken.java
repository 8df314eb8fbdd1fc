package dev.xlake.config;

import java.util.Objects;

/**
 * The X API bearer token. A type of its own so that {@link #toString()} can never leak it into a
 * log line, an exception message or a serialised object; only the HTTP client calls
 * {@link #reveal()}.
 */
public final class BearerToken {

    private final String value;

    private BearerToken(String value) {
        this.value = value;
    }

    /** @throws IllegalArgumentException (without the value) if blank or containing whitespace */
    public static BearerToken of(String value, String source) {
        Objects.requireNonNull(source, "source");
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("Cannot use X bearer token from " + source + ": it is empty");
        }
        String trimmed = value.strip();
        if (trimmed.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("Cannot use X bearer token from " + source + ": it contains whitespace");
        }
        return new BearerToken(trimmed);
    }

    public String reveal() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BearerToken other && other.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return "BearerToken[***]";
    }
}
