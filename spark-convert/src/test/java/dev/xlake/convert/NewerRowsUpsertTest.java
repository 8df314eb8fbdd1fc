package dev.xlake.convert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xlake.convert.fixtures.HadoopTable;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.Metrics;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When the file metrics prove an upsert by equality deletes, from the table's metadata alone. */
class NewerRowsUpsertTest {

    private static final Schema SCHEMA = new Schema(
            Types.NestedField.required(1, "id", Types.StringType.get()),
            Types.NestedField.required(2, "fetched_at", Types.TimestampType.withZone()));

    private static final PartitionSpec BY_BUCKET =
            PartitionSpec.builderFor(SCHEMA).bucket("id", 16).build();

    @TempDir
    Path folder;

    private Table table() {
        return HadoopTable.create(folder, SCHEMA, BY_BUCKET);
    }

    private static DataFile file(String name, int bucket, long oldestMicros, long newestMicros) {
        ByteBuffer oldest = Conversions.toByteBuffer(Types.TimestampType.withZone(), oldestMicros);
        ByteBuffer newest = Conversions.toByteBuffer(Types.TimestampType.withZone(), newestMicros);
        return DataFiles.builder(BY_BUCKET)
                .withPath("/lake/" + name + ".parquet")
                .withFileSizeInBytes(100)
                .withRecordCount(2)
                .withPartitionPath("id_bucket=" + bucket)
                .withMetrics(new Metrics(2L, null, null, null, null, Map.of(2, oldest), Map.of(2, newest)))
                .build();
    }

    @Test
    void shouldProveNewRowsNewerThanTheStoredOnesOfTheirPartitions() {
        // Given stored rows up to time 20 in bucket 1, none in bucket 2
        Table table = table();
        table.newAppend().appendFile(file("old", 1, 10, 20)).commit();

        // When new rows from time 30 come for both buckets
        NewerRowsUpsert.Plan plan = NewerRowsUpsert.plan(table, List.of(file("n1", 1, 30, 40), file("n2", 2, 30, 40)));

        // Then only bucket 1 needs deletes
        assertThat(plan).isNotNull();
        assertThat(plan.partitionsWithData()).containsExactly("id_bucket=1");
    }

    @Test
    void shouldProveNothingWhenAStoredRowIsAsNew() {
        Table table = table();
        table.newAppend().appendFile(file("old", 1, 10, 30)).commit();

        assertThat(NewerRowsUpsert.plan(table, List.of(file("n1", 1, 30, 40)))).isNull();
    }

    @Test
    void shouldProveNothingForSeveralNewFilesInOnePartitionWhichMayRepeatAKey() {
        // Given an empty table, When two new files of one bucket come, Then the caller merges them
        assertThat(NewerRowsUpsert.plan(table(), List.of(file("n1", 1, 30, 40), file("n2", 1, 30, 40))))
                .isNull();
    }
}
