package dev.xlake.cli;

import dev.xlake.cli.local.CompliancePassRun;
import dev.xlake.compliance.ComplianceJobRunner;
import dev.xlake.compliance.HttpComplianceJobClient;
import dev.xlake.config.BearerToken;
import dev.xlake.convert.IcebergLake;
import dev.xlake.convert.compliance.LakeCompliance;
import dev.xlake.core.compliance.ComplianceKeys;
import dev.xlake.core.compliance.CompliancePass;
import dev.xlake.core.config.EnvNames;
import dev.xlake.core.layout.RunIds;
import dev.xlake.core.time.Sleeper;
import java.io.IOException;
import java.io.PrintWriter;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code xlake compliance}: one compliance pass over the lake (docs/compliance.md). Asks X's batch
 * compliance jobs about the stored tweet and user ids, applies what they report with one commit
 * per table, and records the pass under {@code state/x/compliance/}. Any failure before the
 * commits (X unreachable, refused, a job failed or expired, a malformed result) changes no table;
 * the next pass asks again.
 */
@Command(
        name = "compliance",
        mixinStandardHelpOptions = true,
        description = {
            "Runs one compliance pass: X's batch compliance jobs over the tweet and user ids stored in the lake, "
                    + "then deletes what X reports deleted, protected, suspended or deactivated (tweets of such users too) "
                    + "and nulls the geo column of posts whose geo was scrubbed; one commit per table. The pass is "
                    + "recorded under <--output's parent>/" + ComplianceKeys.PREFIX + ".",
            "The X bearer token comes from X_BEARER_TOKEN or --bearer-token-file (not both).",
            "Example: xlake compliance --catalog jdbc:sqlite:xlake-data/catalog.db --output s3://xlake/curated "
                    + "--s3-endpoint http://127.0.0.1:9000 --x-api-url http://127.0.0.1:8080 --since 30d"
        })
final class ComplianceCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    LakeOptions lake;

    @Option(
            names = "--since",
            paramLabel = "DURATION",
            description = "Check tweets created and users fetched this long ago at most (e.g. 30d). Default: all.")
    Duration since;

    @Mixin
    S3EndpointOption s3;

    @Mixin
    XApiOptions xApi;

    @Option(
            names = "--max-wait",
            paramLabel = "DURATION",
            defaultValue = "2h",
            description = "Give up on a job still running after this long. Default: ${DEFAULT-VALUE}.")
    Duration maxWait;

    /** Hidden: tests make jobs small to see the chunking. */
    @Option(names = "--ids-per-job", hidden = true, defaultValue = "" + ComplianceKeys.MAX_IDS_PER_JOB)
    int idsPerJob;

    /** The process environment; tests replace it. */
    Map<String, String> environment = System.getenv();

    @Override
    public Integer call() throws IOException, InterruptedException {
        lake.check(spec);
        Usage.require(
                spec,
                idsPerJob >= 1 && idsPerJob <= ComplianceKeys.MAX_IDS_PER_JOB,
                "Cannot run compliance jobs of " + idsPerJob + " ids: must be 1-" + ComplianceKeys.MAX_IDS_PER_JOB);
        BearerToken token = Usage.check(
                spec,
                () -> xApi.token(
                        environment,
                        "Cannot run compliance jobs: set " + EnvNames.X_BEARER_TOKEN + " or --bearer-token-file"));
        Clock clock = Clock.systemUTC();
        String passId = RunIds.random(new SecureRandom()).newRunId(clock.instant());
        Instant window = since == null ? null : clock.instant().minus(since);
        ComplianceJobRunner runner = new ComplianceJobRunner(
                new HttpComplianceJobClient(xApi.url(), token, Duration.ofSeconds(30)),
                Sleeper.REAL,
                clock,
                idsPerJob,
                maxWait);
        PrintWriter out = spec.commandLine().getOut();
        try (SparkSession spark = s3.startLocalSpark(environment, "compliance")) {
            CompliancePassRun run = CompliancePassRun.run(
                    spark,
                    IcebergLake.open(spark, lake.catalog, lake.output),
                    lake.output,
                    runner,
                    passId,
                    LakeCompliance.storedIds(spark, window),
                    window,
                    clock,
                    XlakeCli.OneLineFailure::messageChain);
            out.println(describe(run.pass(), run.ids(), run.record()));
        }
        out.flush();
        return 0;
    }

    static String describe(CompliancePass pass, LakeCompliance.StoredIds ids, Object record) {
        CompliancePass.TableChange tweets = pass.tables().get("tweets");
        CompliancePass.TableChange users = pass.tables().get("users");
        return "compliance pass " + pass.passId() + ": " + pass.jobs().size() + " jobs, "
                + ids.tweets().size()
                + " tweet ids and " + ids.users().size() + " user ids checked; tweets: " + tweets.rowsDeleted()
                + " rows deleted, " + tweets.rowsUpdated() + " geo scrubbed" + snapshot(tweets) + "; users: "
                + users.rowsDeleted() + " rows deleted" + snapshot(users) + "; record " + record;
    }

    private static String snapshot(CompliancePass.TableChange change) {
        return change.snapshotId() == null ? " (no commit)" : " (snapshot " + change.snapshotId() + ")";
    }
}
