package dev.xlake.convert;

import static dev.xlake.convert.fixtures.LakeAssertions.assertSameRows;
import static dev.xlake.convert.fixtures.LakeFolder.catalog;
import static dev.xlake.convert.fixtures.LakeFolder.readBack;
import static dev.xlake.convert.fixtures.LakeFolder.warehouse;
import static dev.xlake.convert.fixtures.OrphanFiles.orphan;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.xlake.convert.fixtures.ExpectedRows;
import dev.xlake.convert.fixtures.IcebergGenericLake;
import dev.xlake.convert.fixtures.LakeInTempDir;
import dev.xlake.convert.fixtures.PageGenerator;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The EMR maintenance step's entry point ({@link MaintainJob}): its arguments parsed as
 * spark-submit passes them, then the step's work on a local warehouse with the JDBC catalog on
 * SQLite, read back by Iceberg's generic reader; and a bad argument, in a JVM of its own, ending
 * the step with exit code 2 and one line on stderr before Spark starts.
 */
class MaintainJobIT extends LakeInTempDir {

    MaintainJobIT() {
        super(Reading.FILES, new PageGenerator(7, 150));
    }

    @Test
    void shouldCompactExpireSnapshotsAndRemoveOrphansAsTheDailyStepDoes() throws IOException {
        // Given a lake with delete files in both tables (an overlapping run merged into the tweets,
        // its users upserted with equality deletes), three snapshots per table, and two files no
        // snapshot knows: one 4 days old, one written just now
        ExpectedRows expected = new ExpectedRows();
        convertTicksWithDeletes(expected, 100, 400, 500, 100);
        Instant now = Instant.now();
        Path data = bucket.resolve("curated/xlake/users/data");
        Path oldOrphan = orphan(data.resolve("orphan-old.parquet"), now.minus(Duration.ofDays(4)));
        Path newOrphan = orphan(data.resolve("orphan-new.parquet"), now);
        Map<String, ObjectNode> usersBefore;
        try (IcebergGenericLake lake = readBack(bucket)) {
            assertSameRows(lake.tweets(), expected.tweets());
            usersBefore = lake.users();
            assertThat(lake.snapshots("tweets")).hasSize(3);
        }

        // When the step runs with spark-submit's arguments, two days later, keeping one day of snapshots
        MaintainOptions options = MaintainOptions.parse(
                new String[] {"--output", warehouse(bucket), "--catalog", catalog(bucket), "--older-than-days", "1"});
        String printed =
                MaintainJob.run(spark(), options, now.plus(Duration.ofDays(2))).toJson();

        // Then its stdout line reports, per table: delete files compacted away, fewer data files,
        // every snapshot but the current one expired, the old orphan removed
        JsonNode summary = new ObjectMapper().readTree(printed);
        for (String table : List.of("xlake.xlake.tweets", "xlake.xlake.users")) {
            JsonNode report = summary.get(table);
            assertThat(report).as(printed).isNotNull();
            assertThat(report.get("delete_files").get(0).asLong()).as(table).isPositive();
            assertThat(report.get("delete_files").get(1).asLong()).as(table).isZero();
            assertThat(report.get("data_files").get(1).asLong())
                    .as(table)
                    .isLessThan(report.get("data_files").get(0).asLong());
            assertThat(report.get("snapshots").get(0).asInt()).as(table).isGreaterThanOrEqualTo(3);
            assertThat(report.get("snapshots").get(1).asInt()).as(table).isEqualTo(1);
            assertThat(report.get("metadata_location").asText()).endsWith(".metadata.json");
        }
        assertThat(summary.get("xlake.xlake.users").get("orphan_files_removed").asInt())
                .isEqualTo(1);
        assertThat(oldOrphan).doesNotExist();
        assertThat(newOrphan).exists();
        // and the rows are the converted ones, in the one snapshot left
        try (IcebergGenericLake lake = readBack(bucket)) {
            assertSameRows(lake.tweets(), expected.tweets());
            assertSameRows(lake.users(), usersBefore);
            assertThat(lake.snapshots("tweets")).hasSize(1);
            assertThat(lake.snapshots("users")).hasSize(1);
        }
    }

    @Test
    void shouldEndTheStepWithExitCode2AndOneLineForABadArgument() throws Exception {
        // Given the step's jar classpath; When main gets a window that is not a number
        Result bad = runMain("--output", warehouse(bucket), "--catalog", catalog(bucket), "--older-than-days", "seven");

        // Then it exits with 2 and says in one line what was wrong, with the usage
        assertThat(bad.exitCode()).as(bad.stderr()).isEqualTo(2);
        assertThat(bad.stderr().strip().lines()).hasSize(1);
        assertThat(bad.stderr())
                .startsWith("Cannot parse arguments: --older-than-days needs a whole number of days, not seven;")
                .contains(MaintainOptions.USAGE);
        assertThat(bad.stdout()).isEmpty();

        // And likewise for a catalog it cannot use, before any Spark work
        Result catalog = runMain("--output", warehouse(bucket), "--catalog", "thrift://metastore:9083");
        assertThat(catalog.exitCode()).as(catalog.stderr()).isEqualTo(2);
        assertThat(catalog.stderr().strip().lines()).hasSize(1);
        assertThat(catalog.stderr()).contains("thrift://metastore:9083");
        assertThat(bucket.resolve("curated")).doesNotExist();
    }

    private record Result(int exitCode, String stdout, String stderr) {}

    /** Runs MaintainJob's main in a JVM of its own, on this test's classpath, as spark-submit would. */
    private Result runMain(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(arg -> arg.startsWith("--add-opens"))
                .toList());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(MaintainJob.class.getName());
        command.addAll(List.of(args));
        File out = bucket.resolve("main.out").toFile();
        File err = bucket.resolve("main.err").toFile();
        Process process = new ProcessBuilder(command)
                .redirectOutput(out)
                .redirectError(err)
                .start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("main ended").isTrue();
        return new Result(
                process.exitValue(),
                Files.readString(out.toPath(), StandardCharsets.UTF_8),
                Files.readString(err.toPath(), StandardCharsets.UTF_8));
    }
}
