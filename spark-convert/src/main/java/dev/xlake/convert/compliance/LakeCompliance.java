package dev.xlake.convert.compliance;

import dev.xlake.convert.IcebergLake;
import dev.xlake.core.compliance.CompliancePass;
import dev.xlake.core.compliance.CompliancePlan;
import dev.xlake.core.schema.LakeTables;
import dev.xlake.core.schema.TableDef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.iceberg.Table;
import org.apache.spark.sql.SparkSession;

/**
 * The lake's side of a compliance pass: which ids it stores, and applying a {@link CompliancePlan}
 * with one Iceberg commit per table, each marked with the snapshot summary property
 * {@value #PASS_PROPERTY} (the pass id).
 *
 * <p>Tweets: one Iceberg row delta ({@link RowDeltaChange}) deletes every query's row of a deleted
 * post and of every post of a gone author, and nulls the geo column ({@code place_id}) of scrubbed
 * posts, keeping the row; referenced posts the same in {@code referenced_tweets}, whose ids are
 * asked about with the tweets'. Users: one row delta deletes the gone accounts. No Spark job: the
 * rows that would change are found with Iceberg's generic reader, removed by equality deletes on
 * {@code id} and, for scrubbed posts, written again without their geo. A table with no row to
 * change gets no commit: a re-run is a no-op. A pass killed between or before the commits leaves
 * each table as it was or fully changed; the next pass, reported the same events by X, completes
 * it.
 */
public final class LakeCompliance {

    /** Snapshot summary property of a compliance commit: the pass id. */
    public static final String PASS_PROPERTY = "xlake.compliance";

    private static final int ATTEMPTS = 4;

    /** The distinct ids stored in a table, ascending. */
    public record StoredIds(List<String> tweets, List<String> users) {}

    private LakeCompliance() {}

    /**
     * The ids to ask X about: tweets created since {@code since}, users fetched since then (all
     * when null).
     */
    public static StoredIds storedIds(SparkSession spark, Instant since) {
        // a referenced post without created_at is asked about until it is gone
        String referenced = "SELECT id FROM " + IcebergLake.sqlName(LakeTables.REFERENCED_TWEETS)
                + (since == null ? "" : " WHERE created_at IS NULL OR created_at >= TIMESTAMP '" + since + "'");
        return new StoredIds(
                ids(spark, selectIds(LakeTables.TWEETS, "created_at", since) + " UNION " + referenced),
                ids(spark, selectIds(LakeTables.USERS, "fetched_at", since)));
    }

    private static String selectIds(TableDef table, String timeColumn, Instant since) {
        String where = since == null ? "" : " WHERE " + timeColumn + " >= TIMESTAMP '" + since + "'";
        return "SELECT id FROM " + IcebergLake.sqlName(table) + where;
    }

    private static List<String> ids(SparkSession spark, String select) {
        List<String> ids = new ArrayList<>();
        spark.sql("SELECT DISTINCT id FROM (" + select + ") ORDER BY id")
                .collectAsList()
                .forEach(row -> ids.add(row.getString(0)));
        return ids;
    }

    /**
     * Applies the plan: tweets first, then referenced_tweets, then users; {@code betweenTables}
     * runs after the tweets commit (tests kill the pass there). Returns each table's change.
     */
    public static Map<String, CompliancePass.TableChange> apply(
            IcebergLake lake, CompliancePlan plan, String passId, Runnable betweenTables) {
        return apply(lake, plan, passId, betweenTables, table -> {});
    }

    /**
     * As {@link #apply(IcebergLake, CompliancePlan, String, Runnable)}, with {@code beforeCommit}
     * run after each table's changes are planned and written, before they are committed (tests
     * commit concurrently there).
     */
    static Map<String, CompliancePass.TableChange> apply(
            IcebergLake lake,
            CompliancePlan plan,
            String passId,
            Runnable betweenTables,
            Consumer<Table> beforeCommit) {
        Map<String, CompliancePass.TableChange> changes = new LinkedHashMap<>();
        Set<String> deletePosts = plan.deleteTweets();
        Set<String> scrubPosts = plan.scrubGeoTweets();
        Set<String> goneUsers = plan.deleteUsers();
        // the posts first: tweets, then the referenced posts, then the gone accounts
        for (TableDef posts : List.of(LakeTables.TWEETS, LakeTables.REFERENCED_TWEETS)) {
            Table table = posts == LakeTables.TWEETS ? lake.tweets() : lake.referencedTweets();
            applyTo(
                    changes,
                    posts,
                    passId,
                    () -> RowDeltaChange.commit(
                            table, deletePosts, scrubPosts, goneUsers, passId, ATTEMPTS, beforeCommit));
            if (posts == LakeTables.TWEETS) {
                betweenTables.run();
            }
        }
        applyTo(
                changes,
                LakeTables.USERS,
                passId,
                () -> RowDeltaChange.commit(
                        lake.users(), goneUsers, Set.of(), Set.of(), passId, ATTEMPTS, beforeCommit));
        return changes;
    }

    /**
     * Commits one table's change and records it; a failure after an earlier table was committed
     * says which were, so the failed pass's record is true.
     */
    private static void applyTo(
            Map<String, CompliancePass.TableChange> changes,
            TableDef table,
            String passId,
            Supplier<CompliancePass.TableChange> commit) {
        if (changes.isEmpty()) {
            changes.put(table.name(), commit.get());
            return;
        }
        try {
            changes.put(table.name(), commit.get());
        } catch (RuntimeException e) {
            StringBuilder committed = new StringBuilder();
            changes.forEach((name, change) -> committed
                    .append(committed.length() == 0 ? "" : ", ")
                    .append(name)
                    .append(" (")
                    .append(describe(change))
                    .append(')'));
            throw new PartiallyAppliedException(
                    "Cannot commit compliance pass " + passId + " to " + table.name() + " after committing " + committed
                            + ": " + e.getMessage(),
                    changes,
                    e);
        }
    }

    private static String describe(CompliancePass.TableChange change) {
        return change.snapshotId() == null ? "nothing to change" : "snapshot " + change.snapshotId();
    }
}
