package dev.xlake.convert;

import dev.xlake.core.schema.Column;
import dev.xlake.core.schema.ColumnType;
import dev.xlake.core.schema.TableDef;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * The Iceberg schemas of the curated tables, built from core's table definitions ({@link
 * TableDef}), like the Spark schemas of {@link LakeSchema}: one definition of every column. Field
 * ids are numbered in definition order for a new table; a table that exists keeps its own ids
 * ({@link #withIdsOf}), which is what Iceberg reads files by.
 */
final class IcebergSchemas {

    private IcebergSchemas() {}

    /** All columns of the table (partition columns first), numbered from 1 in definition order. */
    static Schema schemaOf(TableDef table) {
        AtomicInteger ids = new AtomicInteger();
        return new Schema(fields(table.allColumns(), ids));
    }

    /**
     * The definition's schema, in the definition's column order (the order the converter builds
     * its rows in), with the field ids of {@code table}'s schema, which must hold every column.
     */
    static Schema withIdsOf(TableDef definition, Schema table) {
        return org.apache.iceberg.types.TypeUtil.reassignIds(schemaOf(definition), table);
    }

    /** The Iceberg type of a column type; ids of nested fields are taken from {@code ids}. */
    static Type typeOf(ColumnType type, AtomicInteger ids) {
        if (type instanceof ColumnType.ArrayOf array) {
            int elementId = ids.incrementAndGet();
            return Types.ListType.ofOptional(elementId, typeOf(array.element(), ids));
        }
        if (type instanceof ColumnType.StructOf struct) {
            return Types.StructType.of(fields(struct.fields(), ids));
        }
        return switch ((ColumnType.Primitive) type) {
            case STRING -> Types.StringType.get();
            case BOOLEAN -> Types.BooleanType.get();
            case LONG -> Types.LongType.get();
            case DOUBLE -> Types.DoubleType.get();
            case TIMESTAMP -> Types.TimestampType.withZone();
        };
    }

    /** A struct's fields take their ids before their children do, as Iceberg numbers a new schema. */
    private static List<Types.NestedField> fields(List<Column> columns, AtomicInteger ids) {
        int first = ids.get() + 1;
        ids.addAndGet(columns.size());
        Types.NestedField[] fields = new Types.NestedField[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
            Column column = columns.get(i);
            fields[i] = Types.NestedField.builder()
                    .withName(column.name())
                    .withId(first + i)
                    .isOptional(column.nullable())
                    .ofType(typeOf(column.type(), ids))
                    .withDoc(column.comment())
                    .build();
        }
        return List.of(fields);
    }
}
