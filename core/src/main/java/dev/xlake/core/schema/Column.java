package dev.xlake.core.schema;

import dev.xlake.core.schema.ColumnType.Primitive;

/** One column of a curated table; {@code comment} is null where the name says it all. */
public record Column(String name, ColumnType type, boolean nullable, String comment) {

    public static Column required(String name, ColumnType type) {
        return new Column(name, type, false, null);
    }

    public static Column optional(String name, ColumnType type) {
        return new Column(name, type, true, null);
    }

    public static Column string(String name) {
        return optional(name, Primitive.STRING);
    }

    public Column withComment(String text) {
        return new Column(name, type, nullable, text);
    }
}
