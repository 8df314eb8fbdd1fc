package dev.xlake.core.schema;

import java.util.List;

/**
 * The type of a curated column, independent of any engine: the converter maps it to Spark types,
 * the CDK stack to the Hive type names Glue and Athena read.
 */
public sealed interface ColumnType {

    ColumnType STRING_ARRAY = new ArrayOf(Primitive.STRING);

    enum Primitive implements ColumnType {
        STRING,
        BOOLEAN,
        /** 64-bit signed integer. */
        LONG,
        /** 64-bit IEEE 754 floating point. */
        DOUBLE,
        /** An instant, UTC, microsecond precision. */
        TIMESTAMP
    }

    /** A list whose elements may be null. */
    record ArrayOf(ColumnType element) implements ColumnType {}

    /** A struct of nullable fields. */
    record StructOf(List<Column> fields) implements ColumnType {
        public StructOf {
            fields = List.copyOf(fields);
        }
    }
}
