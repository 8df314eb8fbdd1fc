package dev.xlake.cli.local;

import dev.xlake.compliance.ComplianceJob;
import dev.xlake.compliance.ComplianceJobRunner;
import dev.xlake.convert.IcebergLake;
import dev.xlake.convert.compliance.LakeCompliance;
import dev.xlake.convert.compliance.PartiallyAppliedException;
import dev.xlake.convert.compliance.PassRecords;
import dev.xlake.core.compliance.CompliancePass;
import dev.xlake.core.compliance.CompliancePlan;
import dev.xlake.core.json.Timestamps;
import java.io.IOException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * One compliance pass over an open lake (docs/compliance.md), shared by {@code xlake compliance}
 * and the end of {@code xlake local}: X's jobs over the stored ids, the plan applied with one
 * commit per table, and the pass record under {@code state/x/compliance/}. A failure writes a
 * {@code failed} record (listing a table already committed, if any) and is rethrown.
 *
 * @param pass the record written
 * @param ids the ids X was asked about
 * @param record where the record went
 */
public record CompliancePassRun(CompliancePass pass, LakeCompliance.StoredIds ids, Path record) {

    /**
     * Runs the pass.
     *
     * @param output the warehouse root ({@code xlake convert}'s {@code --output})
     * @param ids the ids to ask X about ({@link LakeCompliance#storedIds})
     * @param window the start of the window {@code ids} were taken from, null for the whole lake
     * @param clock the record's start and end times
     * @param failure the one-line message a failed record keeps for an exception
     */
    public static CompliancePassRun run(
            SparkSession spark,
            IcebergLake lake,
            String output,
            ComplianceJobRunner runner,
            String passId,
            LakeCompliance.StoredIds ids,
            Instant window,
            InstantSource clock,
            Function<Throwable, String> failure)
            throws IOException, InterruptedException {
        Instant startedAt = clock.instant();
        List<CompliancePass.Job> jobs = new ArrayList<>();
        CompliancePass pass;
        try {
            ComplianceJobRunner.Outcome tweets = runner.run(ComplianceJob.TWEETS, ids.tweets(), passId);
            jobs.addAll(tweets.jobs());
            ComplianceJobRunner.Outcome users = runner.run(ComplianceJob.USERS, ids.users(), passId);
            jobs.addAll(users.jobs());
            CompliancePlan plan = CompliancePlan.of(tweets.events(), users.events());
            Map<String, CompliancePass.TableChange> changes = LakeCompliance.apply(lake, plan, passId, () -> {});
            pass = record(
                    passId,
                    startedAt,
                    clock,
                    window,
                    CompliancePass.APPLIED,
                    jobs,
                    plan.tweetReasons(),
                    plan.userReasons(),
                    changes,
                    null);
        } catch (IOException | InterruptedException | RuntimeException e) {
            CompliancePass failed = record(
                    passId,
                    startedAt,
                    clock,
                    window,
                    CompliancePass.FAILED,
                    jobs,
                    Map.of(),
                    Map.of(),
                    // a table committed before the failure is in the lake: the record lists its snapshot
                    e instanceof PartiallyAppliedException partial ? partial.committed() : Map.of(),
                    failure.apply(e));
            PassRecords.write(spark.sparkContext().hadoopConfiguration(), output, failed);
            throw e;
        }
        return new CompliancePassRun(
                pass, ids, PassRecords.write(spark.sparkContext().hadoopConfiguration(), output, pass));
    }

    /** The pass's record, ending now. */
    private static CompliancePass record(
            String passId,
            Instant startedAt,
            InstantSource clock,
            Instant window,
            String state,
            List<CompliancePass.Job> jobs,
            Map<String, Long> tweetReasons,
            Map<String, Long> userReasons,
            Map<String, CompliancePass.TableChange> changes,
            String error) {
        return new CompliancePass(
                passId,
                Timestamps.iso(startedAt),
                Timestamps.iso(clock.instant()),
                window == null ? null : Timestamps.iso(window),
                state,
                jobs,
                tweetReasons,
                userReasons,
                changes,
                error);
    }
}
