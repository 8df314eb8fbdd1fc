package dev.xlake.cli;

import java.util.regex.Pattern;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A query as given on the command line, {@code NAME=TEXT}: the short name used in S3 keys
 * ({@code [a-z0-9-]{1,64}}, see docs/s3-layout.md) and the X search query (1-512 characters).
 */
record QueryDefinition(String name, String text) {

    static final Pattern NAME = Pattern.compile("[a-z0-9-]{1,64}");
    static final int MAX_TEXT_LENGTH = 512;

    QueryDefinition {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("query name '" + name + "' must match " + NAME.pattern());
        }
        if (text.isBlank() || text.length() > MAX_TEXT_LENGTH) {
            throw new IllegalArgumentException("query text for '" + name + "' must be 1-" + MAX_TEXT_LENGTH
                    + " characters, got " + text.length());
        }
    }

    /** Parses {@code NAME=TEXT}. */
    static final class Converter implements ITypeConverter<QueryDefinition> {
        @Override
        public QueryDefinition convert(String value) {
            int eq = value.indexOf('=');
            if (eq < 0) {
                throw new TypeConversionException("'" + value + "' is not NAME=TEXT (e.g. kpop='#kpop lang:en')");
            }
            try {
                return new QueryDefinition(value.substring(0, eq).trim(), value.substring(eq + 1).trim());
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
