package dev.xlake.convert.compliance;

import dev.xlake.convert.ConvertException;
import dev.xlake.convert.IcebergLake;
import dev.xlake.core.compliance.CompliancePass;
import dev.xlake.core.compliance.CompliancePlan;
import dev.xlake.core.schema.LakeTables;
import dev.xlake.core.schema.TableDef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.spark.CommitMetadata;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lake's side of a compliance pass: which ids it stores, and applying a {@link CompliancePlan}
 * with one Iceberg commit per table, each marked with the snapshot summary property
 * {@value #PASS_PROPERTY} (the pass id).
 *
 * <p>Tweets: one {@code MERGE INTO} deletes every query's row of a deleted post and of every post
 * of a gone author, and nulls the geo column ({@code place_id}) of scrubbed posts, keeping the
 * row; referenced posts the same in {@code referenced_tweets}, whose ids are asked about with the
 * tweets'. Users: one {@code MERGE INTO} deletes the gone accounts. Only rows that would change go
 * into a merge, and a table with none gets no commit: a re-run is a no-op. A pass killed between
 * or before the commits leaves each table as it was or fully changed; the next pass, reported
 * the same events by X, completes it.
 */
public final class LakeCompliance {

    /** Snapshot summary property of a compliance commit: the pass id. */
    public static final String PASS_PROPERTY = "xlake.compliance";

    private static final Logger LOG = LoggerFactory.getLogger(LakeCompliance.class);
    private static final int ATTEMPTS = 4;
    private static final StructType IDS =
            new StructType().add("id", DataTypes.StringType, false).add("rank", DataTypes.IntegerType, false);

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
     * Applies the plan: tweets first, then users; {@code betweenTables} runs after the tweets
     * commit (tests kill the pass there). Returns each table's change.
     */
    public static Map<String, CompliancePass.TableChange> apply(
            SparkSession spark, IcebergLake lake, CompliancePlan plan, String passId, Runnable betweenTables) {
        Map<String, CompliancePass.TableChange> changes = new LinkedHashMap<>();
        String events = view(spark, "xlake_compliance_tweets", rows(plan.deleteTweets(), 2, plan.scrubGeoTweets(), 1));
        String gone = view(spark, "xlake_compliance_users", rows(plan.deleteUsers(), 2, List.of(), 1));
        try {
            // the posts first: tweets, then the referenced posts, then the gone accounts
            for (TableDef posts : List.of(LakeTables.TWEETS, LakeTables.REFERENCED_TWEETS)) {
                String table = IcebergLake.sqlName(posts);
                // rank 2: delete the rows; rank 1: null the geo columns; only rows that would change
                String changed = "SELECT s.id, max(s.rank) AS rank FROM (SELECT id, rank FROM " + events
                        + " UNION ALL SELECT t.id, 2 AS rank FROM " + table + " t JOIN " + gone
                        + " g ON t.author_id = g.id"
                        + ") s JOIN " + table
                        + " t ON t.id = s.id WHERE s.rank = 2 OR t.place_id IS NOT NULL GROUP BY s.id";
                applyTo(
                        changes,
                        posts,
                        passId,
                        () -> commit(
                                spark,
                                posts == LakeTables.TWEETS ? lake.tweets() : lake.referencedTweets(),
                                table,
                                changed,
                                passId,
                                "WHEN MATCHED AND s.rank = 2 THEN DELETE"
                                        + " WHEN MATCHED AND t.place_id IS NOT NULL THEN UPDATE SET t.place_id = NULL",
                                "t.place_id IS NOT NULL"));
                if (posts == LakeTables.TWEETS) {
                    betweenTables.run();
                }
            }
            String users = IcebergLake.sqlName(LakeTables.USERS);
            applyTo(
                    changes,
                    LakeTables.USERS,
                    passId,
                    () -> commit(
                            spark,
                            lake.users(),
                            users,
                            "SELECT DISTINCT u.id, 2 AS rank FROM " + users + " u JOIN " + gone + " g ON u.id = g.id",
                            passId,
                            "WHEN MATCHED THEN DELETE",
                            "false"));
        } finally {
            spark.catalog().dropTempView(events);
            spark.catalog().dropTempView(gone);
        }
        return changes;
    }

    private static CompliancePass.TableChange commit(
            SparkSession spark,
            Table table,
            String sqlName,
            String changedIds,
            String passId,
            String actions,
            String updatedCondition) {
        for (int attempt = 1; ; attempt++) {
            table.refresh();
            String changed = view(
                    spark, "xlake_compliance_changed", spark.sql(changedIds).collectAsList());
            try {
                Row counts = spark.sql("SELECT count_if(s.rank = 2), count_if(s.rank = 1 AND " + updatedCondition
                                + ") FROM " + sqlName + " t JOIN " + changed + " s ON t.id = s.id")
                        .first();
                long deleted = counts.getLong(0);
                long updated = counts.getLong(1);
                if (deleted + updated == 0) {
                    LOG.info("{}: nothing to change for compliance pass {}", table.name(), passId);
                    return new CompliancePass.TableChange(null, 0, 0);
                }
                String merge = "MERGE INTO " + sqlName + " t USING " + changed + " s ON t.id = s.id " + actions;
                CommitMetadata.withCommitProperties(
                        Map.of(PASS_PROPERTY, passId), () -> spark.sql(merge).collectAsList(), RuntimeException.class);
                table.refresh();
                Snapshot snapshot = table.currentSnapshot();
                LOG.info(
                        "{}: compliance pass {} deleted {} rows, updated {} (snapshot {})",
                        table.name(),
                        passId,
                        deleted,
                        updated,
                        snapshot.snapshotId());
                return new CompliancePass.TableChange(snapshot.snapshotId(), deleted, updated);
            } catch (RuntimeException e) {
                if (!isConflict(e)) {
                    throw e;
                }
                if (attempt == ATTEMPTS) {
                    throw new ConvertException(
                            "Cannot commit compliance pass " + passId + " to " + table.name()
                                    + ": concurrent commits conflicted " + ATTEMPTS
                                    + " times; the next pass completes it",
                            e);
                }
                LOG.info("{}: a concurrent commit conflicted; planning the compliance commit again", table.name());
            } finally {
                spark.catalog().dropTempView(changed);
            }
        }
    }

    /**
     * Commits one table's change and records it; a failure after an earlier table was committed
     * says which were, so the failed pass's record is true.
     */
    private static void applyTo(
            Map<String, CompliancePass.TableChange> changes,
            TableDef table,
            String passId,
            java.util.function.Supplier<CompliancePass.TableChange> commit) {
        if (changes.isEmpty()) {
            changes.put(table.name(), commit.get());
            return;
        }
        try {
            changes.put(table.name(), commit.get());
        } catch (Exception e) { // Spark's AnalysisException is checked, and thrown without being declared
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

    private static boolean isConflict(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ValidationException || cause instanceof CommitFailedException) {
                return true;
            }
        }
        return false;
    }

    private static List<Row> rows(Collection<String> first, int firstRank, Collection<String> second, int secondRank) {
        List<Row> rows = new ArrayList<>(first.size() + second.size());
        first.forEach(id -> rows.add(RowFactory.create(id, firstRank)));
        second.forEach(id -> rows.add(RowFactory.create(id, secondRank)));
        return rows;
    }

    private static String view(SparkSession spark, String prefix, List<Row> rows) {
        String name = prefix + "_" + UUID.randomUUID().toString().replace("-", "");
        spark.createDataFrame(rows, IDS).createOrReplaceTempView(name);
        return name;
    }
}
