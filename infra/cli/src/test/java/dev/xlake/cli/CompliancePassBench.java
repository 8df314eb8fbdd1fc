package dev.xlake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xlake.cli.local.LocalSpark;
import dev.xlake.cli.local.S3Target;
import dev.xlake.convert.IcebergLake;
import dev.xlake.core.schema.LakeTables;
import dev.xlake.emulator.XApiEmulator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The time of one {@code xlake compliance} pass over a lake of 100,000 tweets (10,000 users)
 * against the emulator (2 s job processing), 1% of posts deleted and 1% of users suspended on X.
 * Run on demand: {@code -Dit.test=CompliancePassBench}.
 */
class CompliancePassBench {

    private static final int TWEETS = 100_000;
    private static final int USERS = 10_000;

    @TempDir
    Path dir;

    @Test
    void shouldTimeAPassOverAHundredThousandTweets() throws Exception {
        String catalog = "jdbc:sqlite:" + dir.resolve("catalog.db");
        String warehouse = "file:" + dir.resolve("curated");
        try (SparkSession spark =
                LocalSpark.start(S3Target.fromEnvironment(Optional.empty(), Map.of()), dir.resolve("tmp"))) {
            IcebergLake.open(spark, catalog, warehouse);
            String tweets = IcebergLake.sqlName(LakeTables.TWEETS);
            // every column in table order: generated ids, authors, a place on every tenth post
            spark.sql("INSERT INTO " + tweets
                    + " SELECT 'bench', date_format(ts, 'yyyy-MM-dd'), CAST(1000000 + id AS STRING),"
                    + " concat('text ', id), CAST(id % " + USERS
                    + " AS STRING), NULL, NULL, NULL, ts, NULL, NULL, 'en', NULL, NULL,"
                    + " NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, false, false, false, NULL,"
                    + " IF(id % 10 = 0, 'pl', NULL), NULL, NULL, NULL, ts, 'r', 'raw'"
                    + " FROM (SELECT id, TIMESTAMP '2026-11-20 00:00:00' + make_interval(0, 0, 0, 0, 0, 0, id) AS ts FROM range("
                    + TWEETS + "))");
            spark.sql("INSERT INTO " + IcebergLake.sqlName(LakeTables.USERS)
                    + " SELECT lpad(CAST(id % 16 AS STRING), 2, '0'),"
                    + " CAST(id AS STRING), NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,"
                    + " NULL, NULL, TIMESTAMP '2026-11-26 00:00:00', 'r', 'raw' FROM range(" + USERS + ")");
        }
        try (XApiEmulator emulator = XApiEmulator.builder().bearerToken("bench").start()) {
            for (int i = 0; i < TWEETS; i += 100) {
                emulator.compliance().markPost(Integer.toString(1_000_000 + i + 1), "delete", "deleted", Instant.EPOCH);
            }
            for (int i = 0; i < USERS; i += 100) {
                emulator.compliance().markUser(Integer.toString(i + 7), "suspended", Instant.EPOCH);
            }
            Path token = Files.writeString(dir.resolve("token"), "bench");
            StringWriter out = new StringWriter();
            CommandLine cli = XlakeCli.commandLine();
            cli.setOut(new PrintWriter(out));
            ComplianceCommand command = cli.getSubcommands().get("compliance").getCommand();
            command.environment = Map.of();
            long started = System.nanoTime();
            int exit = cli.execute(
                    "compliance",
                    "--catalog",
                    catalog,
                    "--output",
                    warehouse,
                    "--x-api-url",
                    emulator.baseUrl(),
                    "--bearer-token-file",
                    token.toString());
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf(
                    "compliance pass over %d tweets, %d users: %.1f s; %s%n",
                    TWEETS, USERS, seconds, out.toString().strip());
            assertThat(exit).isZero();
        }
    }
}
