package dev.xlake.core.schema;

import java.util.List;
import java.util.stream.Stream;

/**
 * A curated table: its folder name under the curated root, the partition columns (folder names,
 * {@code column=value}, not stored in the files) and the columns stored in its Parquet files.
 */
public record TableDef(String name, List<Column> partitionColumns, List<Column> fileColumns) {

    public TableDef {
        partitionColumns = List.copyOf(partitionColumns);
        fileColumns = List.copyOf(fileColumns);
    }

    /** Partition columns first, then the file columns: the order a reader of the table sees. */
    public List<Column> allColumns() {
        return Stream.concat(partitionColumns.stream(), fileColumns.stream()).toList();
    }
}
