package dev.xlake.cli;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;

import dev.xlake.cli.local.LocalSpark;
import dev.xlake.cli.local.S3Target;
import dev.xlake.convert.IcebergLake;
import dev.xlake.core.schema.LakeTables;
import dev.xlake.core.schema.TableDef;
import dev.xlake.emulator.XApiEmulator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
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
            // generated ids, authors, a place on every tenth post; the other columns null
            appendByName(
                    spark,
                    LakeTables.TWEETS,
                    "SELECT 'bench' AS query, date_format(ts, 'yyyy-MM-dd') AS dt, CAST(1000000 + id AS STRING) AS id,"
                            + " concat('text ', id) AS text, CAST(id % " + USERS + " AS STRING) AS author_id,"
                            + " ts AS created_at, 'en' AS lang, false AS is_retweet, false AS is_reply,"
                            + " false AS is_quote, IF(id % 10 = 0, 'pl', NULL) AS place_id, ts AS fetched_at,"
                            + " 'r' AS run_id, 'raw' AS raw_object"
                            + " FROM (SELECT id, TIMESTAMP '2026-11-20 00:00:00' + make_interval(0, 0, 0, 0, 0, 0, id)"
                            + " AS ts FROM range(" + TWEETS + "))");
            appendByName(
                    spark,
                    LakeTables.USERS,
                    "SELECT lpad(CAST(id % 16 AS STRING), 2, '0') AS id_bucket, CAST(id AS STRING) AS id,"
                            + " TIMESTAMP '2026-11-26 00:00:00' AS fetched_at, 'r' AS run_id, 'raw' AS raw_object"
                            + " FROM range(" + USERS + ")");
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

    /** Appends the rows of {@code select} to the table, by column name; the table's other columns are null. */
    private static void appendByName(SparkSession spark, TableDef table, String select) throws Exception {
        String name = IcebergLake.sqlName(table);
        StructType schema = spark.table(name).schema();
        Dataset<Row> rows = spark.sql(select);
        List<String> given = List.of(rows.columns());
        Column[] columns = Arrays.stream(schema.fields())
                .map(field -> (given.contains(field.name()) ? col(field.name()) : lit(null))
                        .cast(field.dataType())
                        .as(field.name()))
                .toArray(Column[]::new);
        spark.createDataFrame(rows.select(columns).javaRDD(), schema)
                .writeTo(name)
                .append();
    }
}
