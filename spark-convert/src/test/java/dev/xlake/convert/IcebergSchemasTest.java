package dev.xlake.convert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xlake.core.schema.Column;
import dev.xlake.core.schema.LakeTables;
import dev.xlake.core.schema.TableDef;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.TypeUtil;
import org.apache.iceberg.types.Types;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.Test;

class IcebergSchemasTest {

    @Test
    void shouldGiveEveryColumnOfTheDefinitionInOrderWithItsNullability() {
        for (TableDef table : List.of(LakeTables.TWEETS, LakeTables.USERS)) {
            Schema schema = IcebergSchemas.schemaOf(table);

            assertThat(schema.columns())
                    .extracting(Types.NestedField::name)
                    .containsExactlyElementsOf(
                            table.allColumns().stream().map(Column::name).toList());
            assertThat(schema.columns())
                    .extracting(Types.NestedField::isOptional)
                    .containsExactlyElementsOf(
                            table.allColumns().stream().map(Column::nullable).toList());
        }
    }

    @Test
    void shouldMatchTheSparkSchemaColumnByColumn() {
        // Iceberg's own Spark conversion of the schema is the converter's Spark schema
        StructField[] fromIceberg = org.apache.iceberg.spark.SparkSchemaUtil.convert(
                        IcebergSchemas.schemaOf(LakeTables.TWEETS))
                .fields();
        StructField[] spark = LakeSchema.TWEETS.fields();
        assertThat(fromIceberg).hasSameSizeAs(spark);
        for (int i = 0; i < spark.length; i++) {
            assertThat(fromIceberg[i].name()).isEqualTo(spark[i].name());
            assertThat(fromIceberg[i].dataType()).as(spark[i].name()).isEqualTo(spark[i].dataType());
        }
    }

    @Test
    void shouldNumberNestedFieldsUniquely() {
        Schema schema = IcebergSchemas.schemaOf(LakeTables.TWEETS);

        List<Integer> ids =
                new ArrayList<>(TypeUtil.indexById(schema.asStruct()).keySet());
        Set<Integer> unique = new HashSet<>(ids);
        assertThat(unique).hasSameSizeAs(ids);
        assertThat(schema.findField("context_annotations.element.entity_name")).isNotNull();
        assertThat(schema.findField("created_at").type()).isEqualTo(Types.TimestampType.withZone());
    }

    @Test
    void shouldTakeTheTablesFieldIdsForTheDefinitionsColumnOrder() {
        // Given a table whose columns are in another order, with other ids
        Schema table = new Schema(
                Types.NestedField.optional(7, "b", Types.LongType.get()),
                Types.NestedField.required(3, "a", Types.StringType.get()));
        TableDef definition = new TableDef(
                "t",
                List.of(Column.required("a", dev.xlake.core.schema.ColumnType.Primitive.STRING)),
                List.of(Column.optional("b", dev.xlake.core.schema.ColumnType.Primitive.LONG)));

        // When
        Schema written = IcebergSchemas.withIdsOf(definition, table);

        // Then
        assertThat(written.columns()).extracting(Types.NestedField::name).containsExactly("a", "b");
        assertThat(written.columns()).extracting(Types.NestedField::fieldId).containsExactly(3, 7);
    }
}
