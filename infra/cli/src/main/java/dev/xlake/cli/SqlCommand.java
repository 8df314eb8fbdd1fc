package dev.xlake.cli;

import dev.xlake.convert.IcebergLake;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code xlake sql}: Spark SQL on the lake's Iceberg tables ({@code xlake.xlake.tweets},
 * {@code xlake.xlake.users} and the expansion tables) in a local Spark, so the lake can be queried
 * without writing code.
 */
@Command(
        name = "sql",
        mixinStandardHelpOptions = true,
        description = {
            "Runs a Spark SQL statement on the lake's Iceberg tables (xlake.xlake.tweets, users, referenced_tweets, "
                    + "media, places, polls) "
                    + "and prints the result as an aligned table (or JSON lines).",
            "Example: xlake sql --catalog jdbc:sqlite:xlake-data/catalog.db --output s3://xlake/curated "
                    + "--s3-endpoint http://127.0.0.1:9000 \"SELECT query, count(*) FROM xlake.xlake.tweets GROUP BY query\""
        })
final class SqlCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    LakeOptions lake;

    @Option(names = "--json", description = "One JSON object per row instead of a table.")
    boolean json;

    @Parameters(paramLabel = "SQL", description = "The statement, e.g. \"SELECT * FROM xlake.xlake.tweets LIMIT 10\".")
    String sql;

    @Mixin
    S3EndpointOption s3;

    @Override
    public Integer call() throws IOException {
        lake.check(spec);
        PrintWriter out = spec.commandLine().getOut();
        try (SparkSession spark = s3.startLocalSpark(System.getenv(), "sql")) {
            IcebergLake.open(spark, lake.catalog, lake.output);
            Dataset<Row> result = spark.sql(sql);
            if (json) {
                result.toJSON().collectAsList().forEach(out::println);
            } else {
                printTable(out, result.columns(), result.collectAsList());
            }
        }
        out.flush();
        return 0;
    }

    /** Columns padded to their widest value; nulls as NULL; then the row count. */
    static void printTable(PrintWriter out, String[] columns, List<Row> rows) {
        List<String[]> cells = new ArrayList<>();
        cells.add(columns);
        for (Row row : rows) {
            String[] values = new String[columns.length];
            for (int i = 0; i < columns.length; i++) {
                values[i] = row.isNullAt(i) ? "NULL" : String.valueOf(row.get(i));
            }
            cells.add(values);
        }
        int[] widths = new int[columns.length];
        for (String[] line : cells) {
            for (int i = 0; i < line.length; i++) {
                widths[i] = Math.max(widths[i], line[i].length());
            }
        }
        for (String[] line : cells) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < line.length; i++) {
                text.append(i == 0 ? "" : "  ").append(String.format("%-" + Math.max(1, widths[i]) + "s", line[i]));
            }
            out.println(text.toString().stripTrailing());
        }
        out.printf("(%d row%s)%n", rows.size(), rows.size() == 1 ? "" : "s");
    }
}
