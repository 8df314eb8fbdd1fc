package dev.xlake.cli;

import dev.xlake.cli.local.LocalLayout;
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

    /**
     * A prefix: on S3 a bucket and a non-empty prefix; locally anything the converter can create,
     * except a folder inside the embedded S3 files of an {@code xlake local} data directory.
     */
    static void requireFolder(String option, String value) {
        if (value == null || value.matches("[A-Za-z][A-Za-z0-9+.-]*:.*") && !value.startsWith("file:")) {
            if (value != null && isS3(value)) {
                requireBucketAndPath(option, value, "s3://BUCKET/PREFIX");
            }
            return;
        }
        Path folder = (value.startsWith("file:") ? Path.of(URI.create(value)) : Path.of(value))
                .toAbsolutePath()
                .normalize();
        for (Path dir = folder; dir != null && dir.getParent() != null; dir = dir.getParent()) {
            Path dataDir = dir.getParent();
            if (dir.getFileName().toString().equals(LocalLayout.S3_SUBDIR)
                    && !dir.equals(folder)
                    && isLocalDataDir(dataDir)) {
                // S3Proxy's filesystem back end keeps an ETag beside each object it wrote; a file
                // written around it has none, and every later listing of the bucket fails
                Path bucket = dir.relativize(folder).getName(0);
                throw new IllegalArgumentException("Cannot convert: " + option + " '" + value
                        + "' is inside the embedded S3 files of the xlake local data dir " + dataDir
                        + ", which only its S3 server may write: serve them with xlake s3 --dir " + dir
                        + " and give " + option + " s3://" + bucket + "/"
                        + dir.resolve(bucket).relativize(folder)
                        + " --s3-endpoint http://127.0.0.1:9000");
            }
        }
    }

    private static boolean isLocalDataDir(Path dir) {
        LocalLayout layout = new LocalLayout(dir);
        return Files.exists(layout.catalogFile()) || Files.exists(layout.emulatorStateFile());
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
