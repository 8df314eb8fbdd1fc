package dev.xlake.infra.catalog;

import dev.xlake.core.schema.Column;
import dev.xlake.core.schema.ColumnType;
import dev.xlake.core.schema.ColumnType.ArrayOf;
import dev.xlake.core.schema.ColumnType.Primitive;
import dev.xlake.core.schema.ColumnType.StructOf;
import java.util.List;
import java.util.stream.Collectors;
import software.amazon.awscdk.services.glue.CfnTable;

/**
 * The Glue columns of the curated tables, in the Hive type names Athena reads, built from the same
 * definitions the converter writes ({@link dev.xlake.core.schema.LakeTables}).
 */
final class LakeColumns {

    private LakeColumns() {}

    static List<CfnTable.ColumnProperty> of(List<Column> columns) {
        return columns.stream().map(LakeColumns::column).toList();
    }

    static String hiveType(ColumnType type) {
        if (type instanceof Primitive primitive) {
            return switch (primitive) {
                case STRING -> "string";
                case BOOLEAN -> "boolean";
                case LONG -> "bigint";
                case TIMESTAMP -> "timestamp";
            };
        }
        if (type instanceof ArrayOf array) {
            return "array<" + hiveType(array.element()) + ">";
        }
        StructOf struct = (StructOf) type;
        return struct.fields().stream()
                .map(f -> f.name() + ":" + hiveType(f.type()))
                .collect(Collectors.joining(",", "struct<", ">"));
    }

    private static CfnTable.ColumnProperty column(Column column) {
        CfnTable.ColumnProperty.Builder builder =
                CfnTable.ColumnProperty.builder().name(column.name()).type(hiveType(column.type()));
        if (column.comment() != null) {
            builder.comment(column.comment());
        }
        return builder.build();
    }
}
