package dev.xlake.convert.compliance;

import static dev.xlake.convert.fixtures.StoredRows.tweet;
import static dev.xlake.convert.fixtures.StoredRows.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.xlake.convert.ConvertException;
import dev.xlake.convert.IcebergLake;
import dev.xlake.convert.LakeMaintenance;
import dev.xlake.convert.fixtures.IcebergGenericLake;
import dev.xlake.convert.fixtures.LakeFolder;
import dev.xlake.convert.fixtures.StoredRows;
import dev.xlake.convert.fixtures.TestSpark;
import dev.xlake.core.compliance.ComplianceEvent;
import dev.xlake.core.compliance.CompliancePass;
import dev.xlake.core.compliance.CompliancePlan;
import dev.xlake.core.schema.LakeTables;
import dev.xlake.core.schema.TableDef;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotSummary;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compliance changes on Iceberg tables, read back with Iceberg's generic reader: exactly the
 * expected rows go, scrubbed posts keep their row, a re-run commits nothing, a pass killed
 * between the tables' commits is completed by the next.
 */
class LakeComplianceIT {

    private static final String PASS = "20261205T110000Z-00c0de";
    private static final String PASS2 = "20261205T120000Z-00c0df";
    private static SparkSession spark;

    @TempDir
    Path bucket;

    private IcebergLake lake;
    private Reader reader;

    @BeforeAll
    static void startSpark() {
        spark = TestSpark.start("LakeComplianceIT");
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    @BeforeEach
    void setUp() {
        lake = IcebergLake.open(spark, catalog(), warehouse());
        // Given posts 1-5 (1 and 3 stored under two queries; 2 and 3 with a place), users 10 and 20
        insert(
                LakeTables.TWEETS,
                List.of(
                        tweet("kpop", "1", "10", null, "2026-11-20"),
                        tweet("bts", "1", "10", null, "2026-11-20"),
                        tweet("kpop", "2", "10", "pl1", "2026-11-25"),
                        tweet("kpop", "3", "20", "pl2", "2026-11-25"),
                        tweet("bts", "3", "20", "pl2", "2026-11-25"),
                        tweet("kpop", "4", "20", null, "2026-11-25"),
                        tweet("kpop", "5", "30", "pl3", "2026-11-26")));
        insert(LakeTables.USERS, List.of(user("10"), user("20"), user("30")));
        // and referenced posts 1 and 2 (2 with a place), 6 by user 20, 7 by user 10 with a place
        insert(
                LakeTables.REFERENCED_TWEETS,
                List.of(
                        tweet("kpop", "1", "10", null, "2026-11-19"),
                        tweet("kpop", "2", "10", "pl1", "2026-11-25"),
                        tweet("kpop", "6", "20", null, "2026-11-24"),
                        tweet("kpop", "7", "10", "pl4", "2026-11-24")));
        reader = new Reader();
    }

    /** A fresh generic reader per read: its JDBC connection does not outlive the read. */
    private final class Reader {
        Map<String, ObjectNode> tweets() {
            return read(IcebergGenericLake::tweets);
        }

        Map<String, ObjectNode> users() {
            return read(IcebergGenericLake::users);
        }

        Map<String, ObjectNode> referencedTweets() {
            return read(lake -> lake.rows("referenced_tweets", "id"));
        }

        List<Snapshot> snapshots(String table) {
            return read(lake -> lake.snapshots(table));
        }

        private <T> T read(java.util.function.Function<IcebergGenericLake, T> what) {
            return LakeFolder.read(bucket, what);
        }
    }

    private String catalog() {
        return LakeFolder.catalog(bucket);
    }

    private String warehouse() {
        return LakeFolder.warehouse(bucket);
    }

    /** Post 1 deleted, post 2 geo-scrubbed, account 20 suspended (its posts 3 and 4 go too). */
    private static CompliancePlan plan() {
        return CompliancePlan.of(
                List.of(
                        new ComplianceEvent("1", "delete", "deleted", null),
                        new ComplianceEvent("2", "scrub_geo", "geo_scrubbed", null),
                        new ComplianceEvent("99", "delete", "deleted", null)),
                List.of(new ComplianceEvent("20", "delete", "suspended", null)));
    }

    @Test
    void shouldRemoveExactlyTheReportedRowsInOneMarkedCommitPerTable() {
        int tweetSnapshots = reader.snapshots("tweets").size();
        int userSnapshots = reader.snapshots("users").size();

        Map<String, CompliancePass.TableChange> changes = LakeCompliance.apply(lake, plan(), PASS, () -> {});

        Map<String, ObjectNode> tweets = reader.tweets();
        assertThat(tweets.keySet()).containsExactlyInAnyOrder("kpop/2", "kpop/5");
        assertThat(tweets.get("kpop/2").path("place_id").isNull()).isTrue();
        assertThat(tweets.get("kpop/2").path("text").asText()).isEqualTo("text of 2");
        assertThat(tweets.get("kpop/5").path("place_id").asText()).isEqualTo("pl3");
        assertThat(reader.users().keySet()).containsExactlyInAnyOrder("10", "30");
        assertThat(changes.get("tweets").rowsDeleted()).isEqualTo(5);
        assertThat(changes.get("tweets").rowsUpdated()).isEqualTo(1);
        assertThat(changes.get("users").rowsDeleted()).isEqualTo(1);
        Map<String, ObjectNode> referenced = reader.referencedTweets();
        assertThat(referenced.keySet()).containsExactlyInAnyOrder("2", "7");
        assertThat(referenced.get("2").path("place_id").isNull()).isTrue();
        assertThat(referenced.get("7").path("place_id").asText()).isEqualTo("pl4");
        assertThat(changes.get("referenced_tweets").rowsDeleted()).isEqualTo(2);
        assertThat(changes.get("referenced_tweets").rowsUpdated()).isEqualTo(1);
        List<Snapshot> tweetHistory = reader.snapshots("tweets");
        assertThat(tweetHistory).hasSize(tweetSnapshots + 1);
        assertThat(reader.snapshots("users")).hasSize(userSnapshots + 1);
        Snapshot last = tweetHistory.get(tweetHistory.size() - 1);
        assertThat(last.summary()).containsEntry(LakeCompliance.PASS_PROPERTY, PASS);
        assertThat(last.snapshotId()).isEqualTo(changes.get("tweets").snapshotId());

        // When the same plan is applied again, Then nothing is committed
        Map<String, CompliancePass.TableChange> again = LakeCompliance.apply(lake, plan(), PASS2, () -> {});
        assertThat(again.values()).containsOnly(new CompliancePass.TableChange(null, 0, 0));
        assertThat(reader.snapshots("tweets")).hasSize(tweetSnapshots + 1);
        assertThat(reader.snapshots("users")).hasSize(userSnapshots + 1);
    }

    @Test
    void shouldLeaveUsersAsTheyWereWhenKilledAfterTheTweetsCommitAndCompleteOnTheNextPass() {
        // When the pass dies between the two commits
        assertThatThrownBy(() -> LakeCompliance.apply(lake, plan(), PASS, () -> {
                    throw new IllegalStateException("killed");
                }))
                .hasMessage("killed");

        // Then tweets are fully changed, users not at all
        assertThat(reader.tweets().keySet()).containsExactlyInAnyOrder("kpop/2", "kpop/5");
        assertThat(reader.users().keySet()).containsExactlyInAnyOrder("10", "20", "30");
        int tweetSnapshots = reader.snapshots("tweets").size();

        // When the next pass gets the same events, Then it completes the users and leaves tweets alone
        Map<String, CompliancePass.TableChange> next = LakeCompliance.apply(lake, plan(), PASS2, () -> {});
        assertThat(reader.users().keySet()).containsExactlyInAnyOrder("10", "30");
        assertThat(next.get("tweets").snapshotId()).isNull();
        assertThat(reader.snapshots("tweets")).hasSize(tweetSnapshots);
    }

    @Test
    void shouldReportTheCommittedTweetsSnapshotWhenTheUsersCommitFails() {
        // When the users commit fails after the tweets commit (here: the users table is gone)
        Throwable failure = catchThrowable(() -> LakeCompliance.apply(
                lake, plan(), PASS, () -> spark.sql("DROP TABLE " + IcebergLake.sqlName(LakeTables.USERS))));

        // Then the failure names and carries the tweets snapshot that is now current
        assertThat(failure).isInstanceOf(PartiallyAppliedException.class);
        CompliancePass.TableChange tweets =
                ((PartiallyAppliedException) failure).committed().get("tweets");
        assertThat(reader.snapshots("tweets"))
                .last()
                .extracting(Snapshot::snapshotId)
                .isEqualTo(tweets.snapshotId());
        assertThat(tweets.rowsDeleted()).isEqualTo(5);
        assertThat(failure.getMessage())
                .startsWith("Cannot commit compliance pass " + PASS + " to users after committing tweets (snapshot "
                        + tweets.snapshotId() + "), referenced_tweets (snapshot ");
        assertThat(((PartiallyAppliedException) failure).committed()).doesNotContainKey("users");
    }

    @Test
    void shouldPlanAgainWhenAConcurrentCommitAddsARowOfAReportedPost() {
        // Given a conversion that commits another query's copy of deleted post 1 while the pass
        // has planned and written its tweets change, but not committed it
        AtomicInteger attempts = new AtomicInteger();
        Map<String, CompliancePass.TableChange> changes = LakeCompliance.apply(lake, plan(), PASS, () -> {}, table -> {
            if (table.name().endsWith(".tweets") && attempts.incrementAndGet() == 1) {
                insert(LakeTables.TWEETS, List.of(tweet("football", "1", "10", null, "2026-11-27")));
            }
        });

        // Then the first commit conflicted, and the second, planned on the new snapshot, removed that row too
        assertThat(attempts).hasValue(2);
        assertThat(reader.tweets().keySet()).containsExactlyInAnyOrder("kpop/2", "kpop/5");
        assertThat(changes.get("tweets").rowsDeleted()).isEqualTo(6);
        assertThat(changes.get("tweets").rowsUpdated()).isEqualTo(1);
    }

    @Test
    void shouldFailCleanlyAfterFourConflictsWithoutChangingTheTable() {
        // Given a conversion committing to tweets before every attempt
        AtomicInteger attempts = new AtomicInteger();
        Throwable failure = catchThrowable(() -> LakeCompliance.apply(lake, plan(), PASS, () -> {}, table -> {
            insert(LakeTables.TWEETS, List.of(tweet("q" + attempts.incrementAndGet(), "1", "10", null, "2026-11-27")));
        }));

        // Then the pass fails naming the table, and no compliance commit is in the tweets history
        assertThat(failure)
                .isInstanceOf(ConvertException.class)
                .hasMessage("Cannot commit compliance pass " + PASS
                        + " to xlake.xlake.tweets: concurrent commits conflicted 4 times; the next pass completes it");
        assertThat(attempts).hasValue(4);
        assertThat(reader.tweets()).containsKeys("kpop/1", "bts/1", "kpop/3", "kpop/4");
        assertThat(reader.tweets().get("kpop/2").path("place_id").asText()).isEqualTo("pl1");
        assertThat(reader.snapshots("tweets"))
                .noneMatch(snapshot -> snapshot.summary().containsKey(LakeCompliance.PASS_PROPERTY));
    }

    @Test
    void shouldLeaveNoDeleteFilesAfterMaintenanceAndKeepTheChange() {
        LakeCompliance.apply(lake, plan(), PASS, () -> {});
        assertThat(Long.parseLong(
                        lake.tweets().currentSnapshot().summary().get(SnapshotSummary.TOTAL_DELETE_FILES_PROP)))
                .isPositive();

        // When the lake is maintained
        LakeMaintenance.Summary summary = LakeMaintenance.run(
                spark, catalog(), warehouse(), null, LakeMaintenance.DEFAULT_SNAPSHOT_AGE, Instant.now());

        // Then no table has delete files, and the compliance change is still what readers see
        assertThat(summary.tables())
                .allSatisfy(table ->
                        assertThat(table.deleteFilesAfter()).as(table.table()).isZero());
        assertThat(reader.tweets().keySet()).containsExactlyInAnyOrder("kpop/2", "kpop/5");
        assertThat(reader.tweets().get("kpop/2").path("place_id").isNull()).isTrue();
        assertThat(reader.referencedTweets().keySet()).containsExactlyInAnyOrder("2", "7");
        assertThat(reader.users().keySet()).containsExactlyInAnyOrder("10", "30");
    }

    @Test
    void shouldCollectTheStoredIdsWithinTheWindow() {
        LakeCompliance.StoredIds all = LakeCompliance.storedIds(spark, null);
        assertThat(all.tweets()).containsExactly("1", "2", "3", "4", "5", "6", "7");
        assertThat(all.users()).containsExactly("10", "20", "30");
        LakeCompliance.StoredIds recent = LakeCompliance.storedIds(spark, Instant.parse("2026-11-25T00:00:00Z"));
        assertThat(recent.tweets()).containsExactly("2", "3", "4", "5");
    }

    @Test
    void shouldRecordThePassNextToTheWarehouseUnderState() {
        CompliancePass pass = new CompliancePass(
                PASS, "a", "b", null, CompliancePass.APPLIED, List.of(), Map.of(), Map.of(), Map.of(), null);
        org.apache.hadoop.fs.Path written =
                PassRecords.write(spark.sparkContext().hadoopConfiguration(), warehouse(), pass);
        assertThat(written.toString()).isEqualTo("file:" + bucket.resolve("state/x/compliance/pass=" + PASS + ".json"));
        assertThat(bucket.resolve("state/x/compliance/pass=" + PASS + ".json")).exists();
    }

    private static void insert(TableDef table, List<String> json) {
        StoredRows.insert(spark, table, json);
    }
}
