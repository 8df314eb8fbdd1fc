package dev.xlake.cli;

import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * An S3 bucket name (3-63 lower-case letters, digits, dots and hyphens, starting and ending with a
 * letter or digit), checked before anything is started or created, so a typo is a usage error
 * rather than the S3 server's refusal half way through a run.
 */
final class BucketNameConverter implements ITypeConverter<String> {

    private static final Pattern BUCKET_NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    @Override
    public String convert(String value) {
        if (!BUCKET_NAME.matcher(value).matches() || value.contains("..")) {
            throw new TypeConversionException("'" + value + "' is not an S3 bucket name: 3-63 characters of a-z, "
                    + "0-9, '.' and '-', starting and ending with a letter or digit");
        }
        return value;
    }
}
