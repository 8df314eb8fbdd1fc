package dev.xlake.cli;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;

/** {@code xlake fetch}: one fetch tick for one query, the code path the scheduled Lambda runs. */
@Command(name = "fetch",
        mixinStandardHelpOptions = true,
        description = {"One fetch tick for one query: the same code the scheduled Lambda runs.",
            "The X bearer token comes from X_BEARER_TOKEN or --bearer-token-file."})
final class FetchCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--bucket", paramLabel = "B", required = true, description = "Bucket for raw pages and state.")
    String bucket;

    @Option(names = "--query-name", paramLabel = "N", required = true,
            description = "Short name used in S3 keys, [a-z0-9-]{1,64}.")
    String queryName;

    @Option(names = "--query", paramLabel = "Q", required = true, description = "X search query (1-512 characters).")
    String query;

    @Mixin
    S3EndpointOption s3;

    @Option(names = "--x-api-url", paramLabel = "URL", defaultValue = "https://api.x.com",
            converter = S3EndpointOption.HttpUrlConverter.class,
            description = "X API base URL (e.g. an 'xlake x-emulator'). Default: ${DEFAULT-VALUE}.")
    URI xApiUrl;

    @Option(names = "--max-pages", paramLabel = "N", description = "Pages per run at most.")
    Integer maxPages;

    @Option(names = "--time-budget", paramLabel = "DURATION", defaultValue = "5m", converter = DurationConverter.class,
            description = "Stop and checkpoint after this long (the Lambda's remaining time). Default: ${DEFAULT-VALUE}.")
    Duration timeBudget;

    @Option(names = "--bearer-token-file", paramLabel = "FILE",
            description = "File holding the X bearer token (instead of X_BEARER_TOKEN).")
    Path bearerTokenFile;

    @Override
    public Integer call() {
        QueryDefinition definition = Usage.check(spec, () -> new QueryDefinition(queryName, query));
        throw new UnsupportedOperationException("Cannot fetch: not wired into the CLI yet");
    }
}
