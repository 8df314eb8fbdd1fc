package dev.xlake.cli.local;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where {@code xlake local} keeps things under its data directory. The S3 sub-directory is the
 * embedded server's filesystem back end: bucket {@code B}, key {@code K} is the file
 * {@code <data-dir>/s3/B/K}, so the Parquet output can be read straight from disk.
 */
public record LocalLayout(Path dataDir) {

    public static final String DEFAULT_DATA_DIR = "xlake-data";
    public static final String S3_SUBDIR = "s3";
    public static final String DEFAULT_BUCKET = "xlake";

    public Path s3Dir() {
        return dataDir.resolve(S3_SUBDIR);
    }

    /** The emulator's clock and seed, so a second run continues where the first stopped. */
    public Path emulatorStateFile() {
        return dataDir.resolve("emulator-state.json");
    }

    /** The Iceberg JDBC catalog of the lake's tables: a SQLite file. */
    public Path catalogFile() {
        return dataDir.resolve("catalog.db");
    }

    public String catalog() {
        return "jdbc:sqlite:" + catalogFile().toAbsolutePath().normalize();
    }

    public Path sparkLocalDir() {
        return dataDir.resolve("spark-tmp");
    }

    public Path bucketDir(String bucket) {
        return s3Dir().resolve(bucket);
    }

    /** Where a bucket's objects are on disk, when the embedded S3 holds them. */
    public Optional<Path> bucketDirIfLocal(boolean embedded, String bucket) {
        return embedded ? Optional.of(bucketDir(bucket)) : Optional.empty();
    }
}
