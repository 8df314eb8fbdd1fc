package dev.xlake.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Checks {@code xlake convert}'s locations before Spark starts, so a mistyped one is a usage error
 * naming the option and the expected form, not Hadoop's "bucket is null/empty", "path must be
 * absolute" or "(Is a directory)" after seconds of start-up.
 */
final class ConvertLocations {

    private ConvertLocations() {}

    /** A run manifest: an S3 object with a key, or a local file. */
    static void requireManifest(String option, String value) {
        if (isS3(value)) {
            requireBucketAndPath(option, value, "s3://BUCKET/KEY");
            return;
        }
        Path file;
        if (value.toLowerCase(Locale.ROOT).startsWith("file:")) {
            file = Path.of(URI.create(value));
        } else if (value.matches("[A-Za-z][A-Za-z0-9+.-]*:.*")) {
            return; // another file system (hdfs:, gs:): Hadoop's to check
        } else {
            file = Path.of(value);
        }
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException("Cannot convert: " + option + " '" + value
                    + "' is a directory: expected a run manifest file (.../_manifest.json)");
        }
        if (!Files.exists(file)) {
            throw new IllegalArgumentException(
                    "Cannot convert: " + option + " '" + value + "' does not exist: expected a run manifest file");
        }
    }

    /** A prefix: on S3 a bucket and a non-empty prefix; locally anything (the converter creates it). */
    static void requireFolder(String option, String value) {
        if (value != null && isS3(value)) {
            requireBucketAndPath(option, value, "s3://BUCKET/PREFIX");
        }
    }

    private static boolean isS3(String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        return lower.startsWith("s3:") || lower.startsWith("s3a:");
    }

    private static void requireBucketAndPath(String option, String value, String expected) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            uri = null;
        }
        String problem;
        if (uri == null || uri.getHost() == null) {
            problem = "has no bucket";
        } else if (uri.getPath() == null || uri.getPath().replace("/", "").isEmpty()) {
            problem = "has no " + (expected.endsWith("KEY") ? "key" : "prefix");
        } else {
            return;
        }
        throw new IllegalArgumentException(
                "Cannot convert: " + option + " '" + value + "' " + problem + ": expected " + expected);
    }
}
