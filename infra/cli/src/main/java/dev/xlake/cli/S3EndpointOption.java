package dev.xlake.cli;

import java.net.URI;
import java.util.Optional;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code --s3-endpoint URL}, the same on every command: an S3-compatible endpoint used with
 * path-style access (LocalStack, MinIO, another {@code xlake s3}). Credentials and region come from
 * the standard AWS environment variables.
 */
final class S3EndpointOption {

    @Option(
            names = "--s3-endpoint",
            paramLabel = "URL",
            converter = HttpUrlConverter.class,
            description = "S3-compatible endpoint, path-style (e.g. http://localhost:4566 for LocalStack). "
                    + "Credentials and region: the standard AWS environment variables.")
    URI endpoint;

    Optional<URI> endpoint() {
        return Optional.ofNullable(endpoint);
    }

    /** An absolute http(s) URL. */
    static final class HttpUrlConverter implements ITypeConverter<URI> {
        @Override
        public URI convert(String value) {
            URI uri;
            try {
                uri = URI.create(value.trim());
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("'" + value + "' is not a URL");
            }
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new TypeConversionException("'" + value + "' is not an http(s) URL with a host");
            }
            return uri;
        }
    }
}
