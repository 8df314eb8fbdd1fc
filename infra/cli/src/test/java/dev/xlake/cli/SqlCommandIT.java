package dev.xlake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code xlake sql} on a local catalog and warehouse, in the CLI's own Spark. */
class SqlCommandIT {

    @TempDir
    Path dir;

    @Test
    void shouldPrintTheResultAsAnAlignedTableAndAsJsonLines() {
        // Given a lake with its (empty) tables, created by the first statement
        String catalog = "jdbc:sqlite:" + dir.resolve("catalog.db");
        String warehouse = "file:" + dir.resolve("curated");

        // When
        StringWriter out = new StringWriter();
        int exit = sql(
                out,
                catalog,
                warehouse,
                "SELECT 'kpop' AS query, count(*) AS tweets, max(id) AS newest FROM xlake.xlake.tweets");
        StringWriter json = new StringWriter();
        int jsonExit = sql(json, catalog, warehouse, "--json", "SELECT count(*) AS users FROM xlake.xlake.users");

        // Then
        assertThat(exit).isZero();
        assertThat(out.toString().lines()).containsExactly("query  tweets  newest", "kpop   0       NULL", "(1 row)");
        assertThat(jsonExit).isZero();
        assertThat(json.toString().lines()).containsExactly("{\"users\":0}");
    }

    private static int sql(StringWriter out, String catalog, String warehouse, String... rest) {
        CommandLine cli = XlakeCli.commandLine();
        cli.setOut(new PrintWriter(out));
        String[] args = java.util.stream.Stream.concat(
                        java.util.stream.Stream.of("sql", "--catalog", catalog, "--output", warehouse),
                        java.util.stream.Stream.of(rest))
                .toArray(String[]::new);
        return cli.execute(args);
    }
}
