package dev.xlake.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.xlake.convert.fixtures.IcebergGenericLake;
import dev.xlake.convert.fixtures.SparkPerClass;
import dev.xlake.core.schema.Column;
import dev.xlake.core.schema.ColumnType.Primitive;
import dev.xlake.core.schema.TableDef;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The lake's catalog and tables, and their schema evolution, with small test-only definitions. */
class IcebergLakeIT {

    private static final TableDef USERS =
            new TableDef("users", List.of(), List.of(Column.required("id", Primitive.STRING)));

    @RegisterExtension
    static final SparkPerClass SPARK = SparkPerClass.local();

    @TempDir
    Path bucket;

    private static TableDef tweets(Column... more) {
        List<Column> columns = new java.util.ArrayList<>(List.of(
                Column.required("id", Primitive.STRING),
                Column.required("created_at", Primitive.TIMESTAMP),
                Column.string("text")));
        columns.addAll(List.of(more));
        return tweetsOf(columns.toArray(Column[]::new));
    }

    /** A tweets table partitioned by query, with these file columns. */
    private static TableDef tweetsOf(Column... columns) {
        return new TableDef("tweets", List.of(Column.required("query", Primitive.STRING)), List.of(columns));
    }

    private IcebergLake open(TableDef tweets) {
        return IcebergLake.open(SPARK.session(), catalog(), warehouse(), tweets, USERS);
    }

    private String catalog() {
        return "jdbc:sqlite:" + bucket.resolve("catalog/catalog.db");
    }

    private String warehouse() {
        return "file:" + bucket.resolve("curated");
    }

    @Test
    void shouldAddAColumnTheDefinitionGainedSoThatOldRowsReadNull() throws Exception {
        // Given the tables, created from a definition (the catalog file and its folder did not exist),
        // and a row written
        open(tweets());
        SPARK.session()
                .sql("INSERT INTO xlake.xlake.tweets VALUES ('kpop', '1', timestamp'2026-11-25 10:00:00', 'old')");

        // When the definition gains a column and the lake is opened again (as the next conversion does)
        open(tweets(Column.string("lang")));
        SPARK.session()
                .sql(
                        "INSERT INTO xlake.xlake.tweets VALUES ('kpop', '2', timestamp'2026-11-25 11:00:00', 'new', 'en')");

        // Then the old row reads null in it, the new row has it
        try (IcebergGenericLake lake = new IcebergGenericLake(bucket.resolve("catalog/catalog.db"), warehouse())) {
            Map<String, ObjectNode> rows = lake.tweets();
            assertThat(rows.get("kpop/1").get("lang").isNull()).isTrue();
            assertThat(rows.get("kpop/2").get("lang").asText()).isEqualTo("en");
            assertThat(lake.table("tweets").schema().findField("lang").isOptional())
                    .isTrue();
        }
    }

    @Test
    void shouldPlaceAnAddedColumnWhereTheDefinitionHasIt() throws Exception {
        // Given the tables created from a definition
        open(tweets());

        // When the definition gains a column between two it had, and the lake is opened again
        open(tweetsOf(
                Column.required("id", Primitive.STRING),
                Column.string("lang"),
                Column.required("created_at", Primitive.TIMESTAMP),
                Column.string("text")));

        // Then the table has the definition's column order, as a table created from it would
        try (IcebergGenericLake lake = new IcebergGenericLake(bucket.resolve("catalog/catalog.db"), warehouse())) {
            assertThat(lake.table("tweets").schema().columns())
                    .extracting(org.apache.iceberg.types.Types.NestedField::name)
                    .containsExactly("query", "id", "lang", "created_at", "text");
        }
    }

    @Test
    void shouldRefuseATableWhoseColumnTypeDiffersFromTheDefinition() {
        // Given tables whose text column is a string
        open(tweets());

        // When / Then a definition where it is a number is refused, naming the column
        TableDef changed = tweetsOf(
                Column.required("id", Primitive.STRING),
                Column.required("created_at", Primitive.TIMESTAMP),
                Column.optional("text", Primitive.LONG));
        assertThatThrownBy(() -> open(changed))
                .isInstanceOf(ConvertException.class)
                .hasMessageStartingWith("Cannot use table ")
                .hasMessageContaining("column text is string in the table but long in the definition");
    }

    @Test
    void shouldCreateFormatVersion2TablesPartitionedAsDocumented() {
        IcebergLake lake = IcebergLake.open(SPARK.session(), catalog(), warehouse());

        assertThat(((org.apache.iceberg.HasTableOperations) lake.tweets())
                        .operations()
                        .current()
                        .formatVersion())
                .isEqualTo(2);
        assertThat(lake.tweets().spec().fields())
                .extracting(f -> f.name() + ":" + f.transform())
                .containsExactly("query:identity", "created_at_day:day");
        assertThat(lake.users().spec().fields())
                .extracting(f -> f.name() + ":" + f.transform())
                .containsExactly("id_hash_bucket:bucket[16]");
        assertThat(lake.tweets().properties())
                .containsEntry("write.metadata.metrics.column.id", "full")
                .containsEntry("write.merge.mode", "merge-on-read");
    }
}
