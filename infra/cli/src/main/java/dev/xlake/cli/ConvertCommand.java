package dev.xlake.cli;

import dev.xlake.convert.ConvertOptions;
import dev.xlake.convert.ConvertSummary;
import dev.xlake.convert.Converter;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code xlake convert}: spark-convert's {@code ConvertJob} with the same options, in a local
 * Spark ({@code local[*,4]}) whose s3a points at {@code --s3-endpoint} or AWS.
 */
@Command(
        name = "convert",
        mixinStandardHelpOptions = true,
        description = {
            "Converts raw pages into the lake's Iceberg tables with local Spark (local[*,4]): "
                    + "the EMR step's job, with ConvertJob's options.",
            "URIs may be s3://, s3a:// or local paths; S3 credentials and region come from the standard AWS "
                    + "environment variables."
        })
final class ConvertCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--manifest", paramLabel = "URI", description = "Run manifest to convert (repeatable).")
    List<String> manifests = List.of();

    @Option(names = "--input", paramLabel = "URI", description = "Raw prefix to convert instead of manifests.")
    String input;

    @Option(
            names = "--output",
            paramLabel = "URI",
            required = true,
            description = "Warehouse root of the Iceberg tables, e.g. s3://bucket/curated.")
    String output;

    @Option(
            names = "--catalog",
            paramLabel = "CATALOG",
            required = true,
            description = "Iceberg catalog of the lake's tables (xlake.tweets, xlake.users, ...): jdbc:sqlite:<file>"
                    + " (created if absent) or glue.")
    String catalog;

    @Option(
            names = "--catch-up-days",
            paramLabel = "N",
            defaultValue = "" + ConvertOptions.DEFAULT_CATCH_UP_DAYS,
            description = "Also convert every run manifest of the last N days, beside --output's raw/ folder, whose"
                    + " run is not yet in every table; 0 turns it off. Without --manifest and --input, only that."
                    + " Default: ${DEFAULT-VALUE}.")
    int catchUpDays;

    @Option(
            names = "--quarantine",
            paramLabel = "URI",
            description = "Where unconvertible pages and tweets go. Default: quarantine/convert next to --output.")
    String quarantine;

    @Mixin
    S3EndpointOption s3;

    @Override
    public Integer call() throws IOException {
        ConvertOptions options = Usage.check(spec, () -> {
            manifests.forEach(m -> ConvertLocations.requireManifest("--manifest", m));
            ConvertLocations.requireFolder("--input", input);
            ConvertLocations.requireFolder("--output", output);
            ConvertLocations.requireFolder("--quarantine", quarantine);
            return new ConvertOptions(
                    manifests,
                    input,
                    output,
                    quarantine,
                    s3.endpoint().map(Object::toString).orElse(null),
                    catalog,
                    catchUpDays);
        });
        ConvertSummary summary;
        try (SparkSession spark = s3.startLocalSpark(System.getenv(), "convert")) {
            summary = Converter.run(spark, options);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(summary.toJson());
        out.flush();
        return 0;
    }
}
