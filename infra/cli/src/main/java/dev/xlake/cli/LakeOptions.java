package dev.xlake.cli;

import dev.xlake.convert.IcebergLake;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** {@code --catalog} and {@code --output} of the commands that work on converted tables. */
final class LakeOptions {

    @Option(
            names = "--catalog",
            paramLabel = "CATALOG",
            required = true,
            description = "Iceberg catalog of the tables: jdbc:sqlite:<file> or glue.")
    String catalog;

    @Option(
            names = "--output",
            paramLabel = "URI",
            required = true,
            description = "Warehouse root the tables were converted into (xlake convert's --output).")
    String output;

    /** A bad catalog or warehouse is a usage error, before Spark starts. */
    void check(CommandSpec spec) {
        Usage.check(spec, () -> {
            ConvertLocations.requireFolder("--output", output);
            return IcebergLake.catalogProperties(catalog, output);
        });
    }
}
