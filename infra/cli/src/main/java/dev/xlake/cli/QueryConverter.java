package dev.xlake.cli;

import dev.xlake.config.QuerySpec;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code NAME=TEXT} as a {@link QuerySpec}, validated by the same rules as the Lambda's configuration. */
final class QueryConverter implements ITypeConverter<QuerySpec> {
    @Override
    public QuerySpec convert(String value) {
        int eq = value.indexOf('=');
        if (eq < 0) {
            throw new TypeConversionException("'" + value + "' is not NAME=TEXT (e.g. kpop='#kpop lang:en')");
        }
        try {
            return new QuerySpec(
                    value.substring(0, eq).trim(), value.substring(eq + 1).trim());
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
