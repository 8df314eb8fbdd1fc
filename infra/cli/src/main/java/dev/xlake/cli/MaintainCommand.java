package dev.xlake.cli;

import dev.xlake.convert.LakeMaintenance;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code xlake maintain}: spark-convert's {@link LakeMaintenance} on the lake's Iceberg tables in
 * a local Spark: compaction (and the MERGEs' delete files), snapshot expiry, orphan files.
 */
@Command(
        name = "maintain",
        mixinStandardHelpOptions = true,
        description = {
            "Maintains every Iceberg table of the lake (xlake.tweets, xlake.users, ...) with local Spark: compacts small "
                    + "data files and applies and removes delete files, expires snapshots older than --older-than "
                    + "(never the current one), and removes orphan files older than 3 days.",
            "Prints one JSON line: per table, data files, delete files and snapshots before and after, orphan "
                    + "files removed and the current metadata file."
        })
final class MaintainCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    LakeOptions lake;

    @Option(
            names = "--older-than",
            paramLabel = "DURATION",
            description = "Expire snapshots older than this, e.g. 7d, 36h (default: 7d, the time-travel window).")
    Duration olderThan = LakeMaintenance.DEFAULT_SNAPSHOT_AGE;

    @Mixin
    S3EndpointOption s3;

    @Override
    public Integer call() throws IOException {
        lake.check(spec);
        LakeMaintenance.Summary summary;
        try (SparkSession spark = s3.startLocalSpark(System.getenv(), "maintain")) {
            summary = LakeMaintenance.run(
                    spark,
                    lake.catalog,
                    lake.output,
                    s3.endpoint().map(Object::toString).orElse(null),
                    olderThan,
                    Instant.now());
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(summary.toJson());
        out.flush();
        return 0;
    }
}
