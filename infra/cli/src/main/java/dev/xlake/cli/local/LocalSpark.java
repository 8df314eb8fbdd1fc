package dev.xlake.cli.local;

import dev.xlake.convert.IcebergLake;
import dev.xlake.convert.NioLocalFileSystem;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/**
 * The one local SparkSession of a CLI run. Starting Spark costs seconds, and its first job is
 * twice as slow as later ones (docs/measured-facts.md), so {@code xlake local} keeps one session for all
 * its conversions and its report.
 */
public final class LocalSpark {

    private LocalSpark() {}

    public static SparkSession start(S3Target s3, Path scratchDir) {
        SparkSession.Builder builder = SparkSession.builder()
                .appName("xlake")
                .master("local[*,4]") // 4 attempts per task, as on a cluster: transient read errors are retried
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                // Small inputs: Spark's default of 200 shuffle partitions would mostly schedule empty tasks.
                .config("spark.sql.shuffle.partitions", "4")
                .config("spark.sql.session.timeZone", "UTC")
                .config(
                        "spark.local.dir",
                        scratchDir.resolve("local").toAbsolutePath().toString())
                .config(
                        "spark.sql.warehouse.dir",
                        scratchDir.resolve("warehouse").toAbsolutePath().toString());
        s3.hadoopSettings().forEach((key, value) -> builder.config("spark.hadoop." + key, value));
        IcebergLake.sessionSettings().forEach(builder::config);
        NioLocalFileSystem.sessionSettings().forEach(builder::config);
        return builder.getOrCreate();
    }
}
