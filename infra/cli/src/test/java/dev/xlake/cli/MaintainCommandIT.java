package dev.xlake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.xlake.core.schema.LakeTables;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code xlake maintain} on a local catalog and warehouse, in the CLI's own Spark. */
class MaintainCommandIT {

    @TempDir
    Path dir;

    @Test
    void shouldMaintainEveryTableAndPrintOneJsonLineWithTheirMetadataFiles() throws Exception {
        // Given a lake whose tables are empty (created by maintain itself, as by any command)
        CommandLine cli = XlakeCli.commandLine();
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out));

        // When
        int exit = cli.execute(
                "maintain",
                "--catalog",
                "jdbc:sqlite:" + dir.resolve("catalog.db"),
                "--output",
                "file:" + dir.resolve("curated"),
                "--older-than",
                "3d");

        // Then one JSON line: per table files and snapshots before and after, and its metadata file
        assertThat(exit).as(out.toString()).isZero();
        assertThat(out.toString().lines()).hasSize(1);
        JsonNode summary = new ObjectMapper().readTree(out.toString());
        List<String> tables = Stream.concat(Stream.of(LakeTables.TWEETS), LakeTables.KEYED.stream())
                .map(table -> "xlake.xlake." + table.name())
                .toList();
        assertThat(summary.fieldNames()).toIterable().containsExactlyElementsOf(concat(tables, "seconds"));
        for (String table : tables) {
            JsonNode report = summary.path(table);
            assertThat(report.path("data_files").toString()).as(table).isEqualTo("[0,0]");
            assertThat(report.path("orphan_files_removed").asInt()).as(table).isZero();
            assertThat(report.path("metadata_location").asText())
                    .as(table)
                    .startsWith("file:" + dir.resolve("curated"))
                    .endsWith(".metadata.json");
        }
    }

    private static List<String> concat(List<String> first, String last) {
        return Stream.concat(first.stream(), Stream.of(last)).toList();
    }
}
