package dev.xlake.cli;

import dev.xlake.cli.local.FetchLines;
import dev.xlake.config.FetchConfig;
import dev.xlake.config.QuerySpec;
import dev.xlake.core.config.EnvNames;
import dev.xlake.core.json.Json;
import dev.xlake.fetch.FetchService;
import dev.xlake.fetch.InvocationSummary;
import dev.xlake.fetch.TimeBudget;
import dev.xlake.s3.S3Clients;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code xlake fetch}: one fetch tick for one query, or for a list of them from a file in the
 * format of {@link EnvNames#QUERIES}. The options become the environment the Lambda reads
 * ({@link EnvNames}), and from there it is the Lambda's code: {@link FetchConfig#fromEnv},
 * {@link S3Clients#fromEnv}, {@link FetchService}.
 */
@Command(
        name = "fetch",
        mixinStandardHelpOptions = true,
        description = {
            "One fetch tick for one query (--query-name and --query) or for a list (--queries-file): "
                    + "the same code the scheduled Lambda runs.",
            "The X bearer token comes from X_BEARER_TOKEN or --bearer-token-file (not both); S3 credentials "
                    + "and region from the standard AWS environment variables."
        })
final class FetchCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    FetchLambdaOptions lambda;

    @Mixin
    MaxPagesOption maxPages = new MaxPagesOption("fetch");

    @ArgGroup(exclusive = true, multiplicity = "1")
    Queries queries;

    /** One query from the options, or a list from a file: never both. */
    static final class Queries {
        @ArgGroup(exclusive = false, multiplicity = "1")
        QueryOptions one;

        @Option(
                names = "--queries-file",
                paramLabel = "FILE",
                required = true,
                description = "JSON array of queries, as the Lambda's " + EnvNames.QUERIES
                        + ": [{\"name\":\"kpop\",\"query\":\"#kpop lang:en\"}, ...].")
        Path file;
    }

    @Option(
            names = "--time-budget",
            paramLabel = "DURATION",
            defaultValue = "5m",
            description =
                    "Stop and checkpoint after this long (the Lambda's remaining time). Default: ${DEFAULT-VALUE}.")
    Duration timeBudget;

    @Option(
            names = "--daily-budget-usd",
            paramLabel = "D",
            description = "Spend at most this many US dollars per UTC day (all queries, per the spend ledger in the"
                    + " bucket); no request whose worst-case cost could exceed it is started. Default: no limit.")
    java.math.BigDecimal dailyBudgetUsd;

    @Option(
            names = "--monthly-budget-usd",
            paramLabel = "M",
            description = "The same per UTC calendar month. Default: no limit.")
    java.math.BigDecimal monthlyBudgetUsd;

    @Option(names = "--json", description = "Print the invocation summary as the Lambda logs it (one JSON line).")
    boolean json;

    @Override
    public Integer call() throws InterruptedException {
        Map<String, String> env = lambdaEnvironment();
        Clock clock = Clock.systemUTC();
        InvocationSummary summary = FetchLambdaOptions.withService(
                spec,
                env,
                clock,
                FetchService::new,
                service -> service.runOnce(TimeBudget.until(clock.instant().plus(timeBudget), clock)));
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.toLine(summary));
        } else {
            summary.queries().forEach(q -> out.println(FetchLines.describe(q)));
            if (!summary.unreached().isEmpty()) {
                out.println(FetchLines.unreached(summary));
            }
        }
        out.flush();
        if (summary.creditsDepleted()) {
            FetchLambdaOptions.reportCreditsDepleted(spec, "fetch", "checkpoints kept");
        }
        return summary.anyFailed() ? XlakeCli.EXIT_FAILURE : 0;
    }

    /**
     * The queries, checked by the Lambda's own rules.
     *
     * @throws IllegalArgumentException naming the option, or the file, the item and the field
     */
    private List<QuerySpec> querySpecs() {
        if (queries.one != null) {
            return List.of(queries.one.spec());
        }
        Path file = queries.file;
        String json;
        try {
            json = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("Cannot read --queries-file " + file + ": no such file", e);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "Cannot read --queries-file " + file + ": " + e.getClass().getSimpleName() + ": " + e.getMessage(),
                    e);
        }
        try {
            return FetchConfig.parseQueries(json, file.toString());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Cannot read queries from " + e.getMessage(), e);
        }
    }

    /** The variables the Lambda would get from the CDK stack, built from the options. */
    Map<String, String> lambdaEnvironment() {
        Map<String, String> env = lambda.lambdaEnvironment(spec, this::querySpecs);
        maxPages.given().ifPresent(pages -> env.put(EnvNames.MAX_PAGES, Integer.toString(pages)));
        if (dailyBudgetUsd != null) {
            env.put(EnvNames.DAILY_BUDGET_USD, dailyBudgetUsd.toPlainString());
        }
        if (monthlyBudgetUsd != null) {
            env.put(EnvNames.MONTHLY_BUDGET_USD, monthlyBudgetUsd.toPlainString());
        }
        return env;
    }
}
