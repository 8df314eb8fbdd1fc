package dev.xlake.cli;

import dev.xlake.cli.local.LocalFaults;
import dev.xlake.cli.local.LocalLayout;
import dev.xlake.cli.local.LocalPipeline;
import dev.xlake.cli.local.LocalSettings;
import dev.xlake.config.QuerySpec;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code xlake local}: the whole pipeline on this machine. */
@Command(
        name = "local",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the whole pipeline on this machine: embedded S3, the X API emulator, fetch ticks, "
                    + "and after each run manifest the same claim logic as the S3-event Lambda, then the "
                    + "converter in local Spark. Ends with a report checked against the emulator's ground truth "
                    + "(exit 1 if the lake does not match it, or if a query's latest fetch failed).",
            "A second run on the same --data-dir continues from its checkpoints and the emulator's clock, "
                    + "with the first run's --seed."
        })
final class LocalCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            defaultValue = LocalLayout.DEFAULT_DATA_DIR,
            description =
                    "Where S3 data, the emulator's clock and Spark's scratch space live. Default: ${DEFAULT-VALUE}.")
    Path dataDir;

    @Option(
            names = "--ticks",
            paramLabel = "N",
            defaultValue = "4",
            description = "Schedule ticks to run (1-1000). Default: ${DEFAULT-VALUE}.")
    int ticks;

    @Option(
            names = "--tick-interval",
            paramLabel = "DURATION",
            defaultValue = "15m",
            description = "Time between ticks: the emulator's clock moves this far (against the real X API, "
                    + "the run waits). Default: ${DEFAULT-VALUE}.")
    Duration tickInterval;

    @Option(
            names = "--query",
            paramLabel = "NAME=TEXT",
            converter = QueryConverter.class,
            description = "Query to run (repeatable). Default: kpop, crypto and football topics of the emulator.")
    List<QuerySpec> queries = List.of();

    @Option(
            names = "--x-api-url",
            paramLabel = "URL",
            description = "Use this X API (e.g. https://api.x.com, token from X_BEARER_TOKEN) instead of the emulator.")
    URI xApiUrl;

    @Mixin
    S3EndpointOption s3;

    @Option(
            names = "--faults",
            paramLabel = "SPEC",
            description = "Inject faults: the emulator's (e.g. 503x3,429=30s,truncated,malformed,random=0.05) plus "
                    + "kill-fetch=N (the first tick dies after N pages), dup-events (each manifest event "
                    + "delivered three times, two at once) and fail-convert=N (tick N's conversion dies before "
                    + "it commits; the next one catches up).")
    String faults;

    @Mixin
    SeedOption seed;

    @Mixin
    MaxPagesOption maxPages = new MaxPagesOption("run");

    @Option(
            names = "--bucket",
            paramLabel = "B",
            defaultValue = LocalSettings.DEFAULT_BUCKET,
            converter = BucketNameConverter.class,
            description = "Bucket for raw/, state/ and curated/. Default: ${DEFAULT-VALUE}.")
    String bucket;

    /** The process environment; tests replace it. */
    Map<String, String> environment = System.getenv();

    @Override
    public Integer call() throws InterruptedException {
        LocalFaults faultPlan = Usage.check(spec, () -> LocalFaults.parse(faults));
        Usage.require(
                spec,
                faults == null || xApiUrl == null,
                "--faults needs the emulator: it cannot be combined with --x-api-url");
        LocalSettings settings = Usage.check(
                spec,
                () -> new LocalSettings(
                        dataDir,
                        ticks,
                        tickInterval,
                        queries,
                        Optional.ofNullable(xApiUrl),
                        s3.endpoint(),
                        faultPlan,
                        bucket,
                        seed.seed,
                        LocalSettings.DEFAULT_TWEETS_PER_MINUTE,
                        maxPages.value(),
                        Instant.now(),
                        environment));
        LocalPipeline.Result result =
                new LocalPipeline(settings, spec.commandLine().getOut()).run();
        return result.ok() ? 0 : XlakeCli.EXIT_FAILURE;
    }
}
