package dev.xlake.cli;

import dev.xlake.cli.local.LocalSpark;
import dev.xlake.cli.local.S3Target;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
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
            description = "S3-compatible endpoint, path-style (e.g. http://localhost:4566 for LocalStack). "
                    + "Credentials and region: the standard AWS environment variables.")
    URI endpoint;

    Optional<URI> endpoint() {
        return Optional.ofNullable(endpoint);
    }

    /**
     * A local Spark session whose s3a reaches this endpoint, or AWS when none is given, with the
     * credentials and region of {@code environment}; its scratch space is a new temporary folder.
     */
    SparkSession startLocalSpark(Map<String, String> environment, String purpose) throws IOException {
        return LocalSpark.start(
                S3Target.fromEnvironment(endpoint(), environment), Files.createTempDirectory("xlake-" + purpose));
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
