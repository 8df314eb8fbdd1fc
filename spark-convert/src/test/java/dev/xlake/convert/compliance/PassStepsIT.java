package dev.xlake.convert.compliance;

import static dev.xlake.convert.fixtures.StoredRows.user;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.xlake.convert.IcebergLake;
import dev.xlake.convert.fixtures.IcebergGenericLake;
import dev.xlake.convert.fixtures.LakeFolder;
import dev.xlake.convert.fixtures.StoredRows;
import dev.xlake.convert.fixtures.TestSpark;
import dev.xlake.core.compliance.ComplianceKeys;
import dev.xlake.core.compliance.CompliancePass;
import dev.xlake.core.compliance.PassIds;
import dev.xlake.core.compliance.PassResults;
import dev.xlake.core.json.Json;
import dev.xlake.core.schema.LakeTables;
import dev.xlake.core.schema.TableDef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two EMR steps of an AWS compliance pass on local Spark and Iceberg: the ids step writes the
 * ids in job-sized files and ids.json; with results stored as the compliance function stores them,
 * the apply step changes exactly the reported rows (read back with Iceberg's generic reader),
 * records the pass, removes the working files, and is a no-op when run again.
 */
class PassStepsIT {

    private static final String PASS = "20261205T000000Z-000000";
    private static final Instant NOW = Instant.parse("2026-12-05T04:00:00Z");
    private static SparkSession spark;

    @TempDir
    Path bucket;

    @BeforeAll
    static void startSpark() {
        spark = TestSpark.start("PassStepsIT");
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    @Test
    void shouldWriteIdsThenApplyTheStoredResultsOnceAndCleanUp() throws Exception {
        // Given posts 1-3 by users 10 and 20 (post 2 with a place)
        IcebergLake lake = IcebergLake.open(spark, LakeFolder.catalog(bucket), warehouse());
        insert(
                LakeTables.TWEETS,
                List.of(
                        tweet("kpop", "1", "10", null),
                        tweet("kpop", "2", "10", "pl1"),
                        tweet("bts", "3", "20", null)));
        insert(LakeTables.USERS, List.of(user("10"), user("20")));

        // When the ids step runs with 2 ids per job
        PassIds ids = PassSteps.writeIds(spark, warehouse(), PASS, null, 2, NOW);

        // Then two tweet files and one user file, listed in ids.json
        assertThat(ids.files())
                .extracting(PassIds.IdFile::key, PassIds.IdFile::ids)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(ComplianceKeys.ids(PASS, "tweets", 1), 2),
                        org.assertj.core.groups.Tuple.tuple(ComplianceKeys.ids(PASS, "tweets", 2), 1),
                        org.assertj.core.groups.Tuple.tuple(ComplianceKeys.ids(PASS, "users", 1), 2));
        assertThat(Files.readString(bucket.resolve(ComplianceKeys.ids(PASS, "tweets", 1))))
                .isEqualTo("1\n2\n");
        assertThat(Files.exists(bucket.resolve(ComplianceKeys.idsManifest(PASS))))
                .isTrue();

        // Given X's results as the compliance function stores them: post 2 scrubbed, user 20 suspended
        write(
                ComplianceKeys.results(PASS, "tweets", 1),
                "{\"id\":\"2\",\"action\":\"scrub_geo\",\"reason\":\"geo_scrubbed\"}\n");
        write(ComplianceKeys.results(PASS, "tweets", 2), "");
        write(
                ComplianceKeys.results(PASS, "users", 1),
                "{\"id\":\"20\",\"action\":\"delete\",\"reason\":\"suspended\"}\n");
        write(
                ComplianceKeys.resultsManifest(PASS),
                new String(Json.toPrettyBytes(new PassResults(
                        PASS,
                        null,
                        "2026-12-05T04:30:00Z",
                        List.of(
                                new CompliancePass.Job("j1", "tweets", "complete", 2, 1, 0),
                                new CompliancePass.Job("j2", "tweets", "complete", 1, 0, 0),
                                new CompliancePass.Job("j3", "users", "complete", 2, 1, 0)),
                        List.of(
                                new PassResults.ResultFile("tweets", "j1", ComplianceKeys.results(PASS, "tweets", 1)),
                                new PassResults.ResultFile("tweets", "j2", ComplianceKeys.results(PASS, "tweets", 2)),
                                new PassResults.ResultFile(
                                        "users", "j3", ComplianceKeys.results(PASS, "users", 1)))))));

        // When the apply step runs
        CompliancePass pass = PassSteps.apply(spark, lake, warehouse(), PASS, NOW);

        // Then post 3 (user 20's) and user 20 are gone, post 2 keeps its row without the place
        Map<String, ObjectNode> tweets = read(IcebergGenericLake::tweets);
        assertThat(tweets.keySet()).containsExactlyInAnyOrder("kpop/1", "kpop/2");
        assertThat(tweets.get("kpop/2").path("place_id").isNull()).isTrue();
        assertThat(read(IcebergGenericLake::users).keySet()).containsExactly("10");
        assertThat(pass.state()).isEqualTo(CompliancePass.APPLIED);
        assertThat(pass.tables().get("tweets").rowsDeleted()).isEqualTo(1);
        assertThat(pass.tables().get("tweets").rowsUpdated()).isEqualTo(1);
        assertThat(pass.jobs()).hasSize(3);
        CompliancePass recorded = Json.read(
                Files.readAllBytes(bucket.resolve(ComplianceKeys.pass(PASS))), CompliancePass.class, "record");
        assertThat(recorded).isEqualTo(pass);
        assertThat(Files.exists(bucket.resolve(ComplianceKeys.passFolder(PASS))))
                .isFalse();

        // When the apply step runs again (a retried step), Then nothing changes
        int snapshots = this.<List<org.apache.iceberg.Snapshot>>read(generic -> generic.snapshots("tweets"))
                .size();
        assertThat(PassSteps.apply(spark, lake, warehouse(), PASS, NOW.plusSeconds(60)))
                .isEqualTo(pass);
        assertThat(this.<List<org.apache.iceberg.Snapshot>>read(generic -> generic.snapshots("tweets")))
                .hasSize(snapshots);
    }

    @Test
    void shouldRecordAFailedPassWithoutTouchingTheTablesWhenTheResultsAreMissing() {
        IcebergLake lake = IcebergLake.open(spark, LakeFolder.catalog(bucket), warehouse());
        insert(LakeTables.TWEETS, List.of(tweet("kpop", "1", "10", null)));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PassSteps.apply(spark, lake, warehouse(), PASS, NOW))
                .hasMessage("Cannot apply compliance pass " + PASS + ": " + ComplianceKeys.resultsManifest(PASS)
                        + " is missing; no table was changed");
        CompliancePass recorded = Json.read(readBytes(ComplianceKeys.pass(PASS)), CompliancePass.class, "record");
        assertThat(recorded.state()).isEqualTo(CompliancePass.FAILED);
        assertThat(read(IcebergGenericLake::tweets).keySet()).containsExactly("kpop/1");
    }

    private byte[] readBytes(String key) {
        try {
            return Files.readAllBytes(bucket.resolve(key));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void write(String key, String content) throws Exception {
        Path path = bucket.resolve(key);
        Files.createDirectories(path.getParent());
        Files.writeString(path, content);
    }

    private <T> T read(java.util.function.Function<IcebergGenericLake, T> what) {
        return LakeFolder.read(bucket, what);
    }

    private String warehouse() {
        return LakeFolder.warehouse(bucket);
    }

    private static String tweet(String query, String id, String author, String place) {
        return StoredRows.tweet(query, id, author, place, "2026-11-25");
    }

    private static void insert(TableDef table, List<String> json) {
        StoredRows.insert(spark, table, json);
    }
}
