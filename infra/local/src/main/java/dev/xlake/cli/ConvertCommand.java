package dev.xlake.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code xlake convert}: the Spark converter in local mode, with spark-convert's own options. */
@Command(name = "convert",
        mixinStandardHelpOptions = true,
        description = "Converts raw pages to Parquet with local Spark (local[*]): the EMR step's job.")
final class ConvertCommand implements Callable<Integer> {

    @Mixin
    S3EndpointOption s3;

    @Override
    public Integer call() {
        throw new UnsupportedOperationException("Cannot convert: not wired into the CLI yet");
    }
}
