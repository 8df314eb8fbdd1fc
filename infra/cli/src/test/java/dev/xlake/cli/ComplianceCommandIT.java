package dev.xlake.cli;

import static dev.xlake.convert.fixtures.StoredRows.user;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.xlake.cli.local.LocalSpark;
import dev.xlake.cli.local.S3Target;
import dev.xlake.convert.IcebergLake;
import dev.xlake.convert.fixtures.StoredRows;
import dev.xlake.core.json.Json;
import dev.xlake.core.schema.LakeTables;
import dev.xlake.emulator.XApiEmulator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code xlake compliance} end to end: a local warehouse, the emulator's compliance jobs, the
 * tables read back with Iceberg's generic reader (no Spark, no xlake code).
 */
class ComplianceCommandIT {

    private static final Instant LONG_AGO = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path dir;

    XApiEmulator emulator;
    Path tokenFile;

    @BeforeEach
    void setUp() throws Exception {
        emulator = XApiEmulator.builder()
                .bearerToken("cli-token")
                .complianceProcessing(Duration.ZERO)
                .start();
        tokenFile = Files.writeString(dir.resolve("token"), "cli-token\n");
        // Given posts 1-5 (1 and 3 under two queries; 2, 3 and 5 with a place) by users 10, 20, 30
        try (SparkSession spark =
                LocalSpark.start(S3Target.fromEnvironment(Optional.empty(), Map.of()), dir.resolve("tmp"))) {
            IcebergLake.open(spark, catalog(), warehouse());
            StoredRows.insert(
                    spark,
                    LakeTables.TWEETS,
                    List.of(
                            tweet("kpop", "1", "10", null),
                            tweet("bts", "1", "10", null),
                            tweet("kpop", "2", "10", "pl1"),
                            tweet("kpop", "3", "20", "pl2"),
                            tweet("bts", "3", "20", "pl2"),
                            tweet("kpop", "4", "20", null),
                            tweet("kpop", "5", "30", "pl3")));
            StoredRows.insert(spark, LakeTables.USERS, List.of(user("10"), user("20"), user("30")));
        }
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    @Test
    void shouldRemoveWhatXReportsInOneCommitPerTableRecordThePassAndDoNothingTheSecondTime() throws Exception {
        // Given on X: post 1 deleted, post 2's geo scrubbed, account 20 suspended
        emulator.compliance().markPost("1", "delete", "deleted", LONG_AGO);
        emulator.compliance().markPost("2", "scrub_geo", "geo_scrubbed", LONG_AGO);
        emulator.compliance().markUser("20", "suspended", LONG_AGO);
        int tweetSnapshots = snapshots("tweets");

        // When a pass runs with jobs of at most 2 ids
        StringWriter out = new StringWriter();
        int exit = compliance(out, new StringWriter(), "--ids-per-job", "2");

        // Then exactly the reported rows are gone, post 2 keeps its row without its place
        assertThat(exit).isZero();
        assertThat(rows("tweets")).containsExactlyInAnyOrder("kpop/2/null", "kpop/5/pl3");
        assertThat(rows("users")).containsExactlyInAnyOrder("10", "30");
        assertThat(snapshots("tweets")).isEqualTo(tweetSnapshots + 1);
        assertThat(emulator.complianceJobs().uploads())
                .containsExactly(
                        List.of("1", "2"), List.of("3", "4"), List.of("5"), List.of("10", "20"), List.of("30"));
        assertThat(out.toString())
                .contains("5 jobs, 5 tweet ids and 3 user ids checked; tweets: 5 rows deleted, 1 geo scrubbed");
        JsonNode record = onlyRecord();
        assertThat(record.path("state").asText()).isEqualTo("applied");
        assertThat(record.path("tweet_reasons").path("delete:deleted").asLong()).isEqualTo(1);
        assertThat(record.path("user_reasons").path("delete:suspended").asLong())
                .isEqualTo(1);
        assertThat(record.path("tables").path("tweets").path("rows_deleted").asLong())
                .isEqualTo(5);
        assertThat(record.toString()).doesNotContain("text of");

        // When the pass runs again, Then it commits nothing
        StringWriter again = new StringWriter();
        assertThat(compliance(again, new StringWriter())).isZero();
        assertThat(again.toString()).contains("tweets: 0 rows deleted, 0 geo scrubbed (no commit)");
        assertThat(snapshots("tweets")).isEqualTo(tweetSnapshots + 1);
    }

    @Test
    void shouldChangeNoTableWhenAJobFailsAndSayWhyOnOneLine() throws Exception {
        // Given post 1 deleted on X, but the users job fails
        emulator.compliance().markPost("1", "delete", "deleted", LONG_AGO);
        emulator.compliance().markUser("20", "suspended", LONG_AGO);
        List<String> before = rows("tweets");

        StringWriter err = new StringWriter();
        emulator.complianceJobs().failNext(1);
        int exit = compliance(new StringWriter(), err);

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString().strip())
                .matches(
                        "xlake compliance: Cannot use compliance job \\d+ \\(tweets\\): it ended failed; no table was changed, the next pass asks again");
        assertThat(rows("tweets")).isEqualTo(before);
        assertThat(onlyRecord().path("state").asText()).isEqualTo("failed");
    }

    @Test
    void shouldRefuseBadArgumentsWithExit2() {
        StringWriter err = new StringWriter();
        CommandLine cli = XlakeCli.commandLine();
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute("compliance", "--catalog", "hive", "--output", warehouse());
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString().strip())
                .isEqualTo(
                        "xlake compliance: Cannot use catalog hive: expected jdbc:sqlite:<file> or glue (see 'xlake compliance --help')");
        StringWriter since = new StringWriter();
        cli.setErr(new PrintWriter(since));
        assertThat(cli.execute("compliance", "--catalog", catalog(), "--output", warehouse(), "--since", "soon"))
                .isEqualTo(2);
        assertThat(since.toString()).contains("'soon' is not a duration");
    }

    private int compliance(StringWriter out, StringWriter err, String... rest) {
        CommandLine cli = XlakeCli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        ComplianceCommand command = cli.getSubcommands().get("compliance").getCommand();
        command.environment = Map.of();
        String[] args = Stream.concat(
                        Stream.of(
                                "compliance",
                                "--catalog",
                                catalog(),
                                "--output",
                                warehouse(),
                                "--x-api-url",
                                emulator.baseUrl(),
                                "--bearer-token-file",
                                tokenFile.toString()),
                        Stream.of(rest))
                .toArray(String[]::new);
        return cli.execute(args);
    }

    private JsonNode onlyRecord() throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("state/x/compliance"))) {
            List<Path> records = files.filter(f -> f.getFileName().toString().endsWith(".json"))
                    .filter(f -> !f.getFileName().toString().startsWith("."))
                    .sorted()
                    .toList();
            assertThat(records).hasSize(1);
            return Json.MAPPER.readTree(records.get(0).toFile());
        }
    }

    private String catalog() {
        return "jdbc:sqlite:" + dir.resolve("catalog.db");
    }

    private String warehouse() {
        return "file:" + dir.resolve("curated");
    }

    /** Rows as query/id/place_id (tweets) or id (users), sorted, through Iceberg's generic reader. */
    private List<String> rows(String name) throws IOException {
        try (JdbcCatalog catalog = catalog(dir)) {
            Table table = catalog.loadTable(TableIdentifier.of("xlake", name));
            List<String> rows = new ArrayList<>();
            try (CloseableIterable<Record> records = IcebergGenerics.read(table).build()) {
                for (Record r : records) {
                    rows.add(
                            name.equals("users")
                                    ? (String) r.getField("id")
                                    : r.getField("query") + "/" + r.getField("id") + "/" + r.getField("place_id"));
                }
            }
            return new ArrayList<>(new TreeSet<>(rows));
        }
    }

    private int snapshots(String name) throws IOException {
        try (JdbcCatalog catalog = catalog(dir)) {
            List<Object> all = new ArrayList<>();
            catalog.loadTable(TableIdentifier.of("xlake", name)).snapshots().forEach(all::add);
            return all.size();
        }
    }

    private static JdbcCatalog catalog(Path dir) {
        JdbcCatalog catalog = new JdbcCatalog();
        catalog.setConf(new Configuration());
        catalog.initialize(
                "xlake",
                Map.of(
                        "uri",
                        "jdbc:sqlite:" + dir.resolve("catalog.db"),
                        "warehouse",
                        "file:" + dir.resolve("curated"),
                        "jdbc.schema-version",
                        "V1"));
        return catalog;
    }

    private static String tweet(String query, String id, String author, String place) {
        return StoredRows.tweet(query, id, author, place, "2026-11-25");
    }
}
