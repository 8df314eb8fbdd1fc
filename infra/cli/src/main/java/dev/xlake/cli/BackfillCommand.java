package dev.xlake.cli;

import dev.xlake.backfill.BackfillJob;
import dev.xlake.backfill.BackfillStore;
import dev.xlake.core.json.Json;
import dev.xlake.core.layout.RawKeys;
import dev.xlake.core.manifest.StopReason;
import dev.xlake.fetch.BackfillService;
import dev.xlake.fetch.BackfillSummary;
import dev.xlake.fetch.TimeBudget;
import dev.xlake.s3.S3Clients;
import dev.xlake.s3.S3ObjectStore;
import dev.xlake.xapi.FullArchiveRequest;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code xlake backfill}: a full-archive backfill of one query ({@code GET /2/tweets/search/all}
 * between {@code --start} and {@code --end}) into {@code raw/x/full-archive/query=<name>/}, with its
 * durable job in {@code state/x/full-archive/}. Run again with the same options it continues the
 * job; {@code --create-only} writes the job for the scheduled fetch function to continue (docs/fetch.md).
 */
@Command(
        name = "backfill",
        mixinStandardHelpOptions = true,
        description = {
            "Full-archive backfill of one query (GET /2/tweets/search/all, --start to --end, 1 request/second):"
                    + " raw pages and manifests like recent-search runs, a resumable job under state/x/full-archive/.",
            "Run again with the same --query-name, --query, --start and --end to continue it (a new --budget-usd"
                    + " replaces the job's). The X bearer token comes from X_BEARER_TOKEN or --bearer-token-file."
        })
final class BackfillCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    FetchLambdaOptions lambda;

    @Mixin
    QueryOptions query;

    @Option(
            names = "--start",
            paramLabel = "ISO",
            required = true,
            description = "Oldest time (inclusive), e.g. 2026-01-01T00:00:00Z.")
    Instant start;

    @Option(names = "--end", paramLabel = "ISO", required = true, description = "Newest time (exclusive).")
    Instant end;

    @Option(
            names = "--budget-usd",
            paramLabel = "D",
            description = "Spend at most this many US dollars on the whole backfill (all its runs); no request whose"
                    + " worst-case cost could exceed it is started. Default: no limit of its own.")
    BigDecimal budgetUsd;

    @Option(
            names = "--max-results",
            paramLabel = "N",
            defaultValue = "500",
            description =
                    "Posts per page, 10-500 (a smaller page has a smaller worst-case cost). Default: ${DEFAULT-VALUE}.")
    int maxResults;

    @Option(
            names = "--time-budget",
            paramLabel = "DURATION",
            defaultValue = "12h",
            description = "Stop cleanly after this long; run again to continue. Default: ${DEFAULT-VALUE}.")
    Duration timeBudget;

    @Option(
            names = "--create-only",
            description = "Only write the job object (no X request): the scheduled fetch function continues it.")
    boolean createOnly;

    @Option(names = "--json", description = "Print the summary as one JSON line.")
    boolean json;

    @Override
    public Integer call() throws InterruptedException {
        Usage.require(
                spec,
                maxResults >= 10 && maxResults <= FullArchiveRequest.MAX_RESULTS,
                "Cannot backfill: --max-results must be 10-500, got " + maxResults);
        Map<String, String> env = lambdaEnvironment();
        Clock clock = Clock.systemUTC();
        BackfillJob requested = Usage.check(
                spec,
                () -> BackfillJob.create(
                        query.name, query.query, start, end, maxResults, true, budgetUsd, clock.instant()));
        PrintWriter out = spec.commandLine().getOut();
        if (createOnly) {
            String name = query.name;
            String bucket = lambda.bucket;
            try (S3Client client = S3Clients.fromEnv(env)) {
                BackfillStore jobs = new BackfillStore(new S3ObjectStore(client, bucket));
                Usage.require(
                        spec,
                        jobs.load(name).isEmpty(),
                        "Cannot create backfill " + name + ": s3://" + bucket + "/" + RawKeys.backfill(name)
                                + " exists; run without --create-only to continue it");
                jobs.save(requested, null);
            }
            out.println("backfill " + name + " created: s3://" + bucket + "/" + RawKeys.backfill(name)
                    + " (the scheduled fetch continues it)");
            out.flush();
            return 0;
        }
        BackfillSummary summary = FetchLambdaOptions.withService(
                spec,
                env,
                clock,
                BackfillService::new,
                service -> Usage.check(spec, () -> backfill(service, requested, clock)));
        out.println(json ? Json.toLine(summary) : describe(summary));
        out.flush();
        if (summary.stopReason() == StopReason.CREDITS_DEPLETED) {
            FetchLambdaOptions.reportCreditsDepleted(spec, "backfill", "the job is kept");
        }
        return summary.ok() ? 0 : XlakeCli.EXIT_FAILURE;
    }

    private BackfillSummary backfill(BackfillService service, BackfillJob requested, Clock clock) {
        try {
            return service.backfill(requested, TimeBudget.until(clock.instant().plus(timeBudget), clock));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(
                    "Cannot backfill " + query.name + ": interrupted; run again to continue", e);
        }
    }

    static String describe(BackfillSummary s) {
        if (!s.ok()) {
            return String.format("%-12s FAILED  %s", s.queryName(), s.error());
        }
        StringBuilder line = new StringBuilder(String.format(
                "%-12s backfill %s  %3d pages %6d tweets  ~$%s spent in all%s",
                s.queryName(),
                s.complete() ? "complete" : s.stopReason().wireName(),
                s.pagesStored(),
                s.tweetCount(),
                s.spentUsd().setScale(2, java.math.RoundingMode.HALF_UP).toPlainString(),
                s.budgetUsd() == null ? "" : " of $" + s.budgetUsd().toPlainString()));
        if (s.resumedFrom() != null) {
            line.append("  resumed ").append(s.resumedFrom());
        }
        if (s.manifestKey() != null) {
            line.append("  manifest ").append(s.manifestKey());
        }
        return line.toString();
    }

    /** The variables the Lambda would get, built from the options (prices and budgets from the environment). */
    private Map<String, String> lambdaEnvironment() {
        return lambda.lambdaEnvironment(spec, () -> List.of(query.spec()));
    }
}
