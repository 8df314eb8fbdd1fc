package dev.xlake.convert;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.PartitionData;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetReaders;
import org.apache.iceberg.hadoop.HadoopTables;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.parquet.Parquet;
import org.apache.iceberg.types.Types;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The conversion's own data files: what their settings leave out, and that the rows stay as written. */
class DataFileTargetTest {

    private static final Schema SCHEMA = new Schema(
            Types.NestedField.required(1, "id", Types.StringType.get()),
            Types.NestedField.optional(2, "text", Types.StringType.get()),
            Types.NestedField.optional(3, "lang", Types.StringType.get()));

    private static final StructType SPARK_TYPE = DataTypes.createStructType(List.of(
            DataTypes.createStructField("id", DataTypes.StringType, false),
            DataTypes.createStructField("text", DataTypes.StringType, true),
            DataTypes.createStructField("lang", DataTypes.StringType, true)));

    @TempDir
    Path folder;

    @Test
    void shouldKeepTheBoundsOfKeysButNotOfFreeTextAndReadBackTheRowsAsWritten() throws IOException {
        // Given a table with a free-text column and the conversion's writer of its files
        Configuration conf = new Configuration();
        Table table = new HadoopTables(conf)
                .create(SCHEMA, PartitionSpec.unpartitioned(), Map.of("format-version", "2"), folder.toString());
        DataFileTarget target = DataFileTarget.of(table, SCHEMA, SPARK_TYPE);
        List<String[]> rows = List.of(
                new String[] {"1002", "RT @bts: 안녕하세요 🎉 a long text", "ko"},
                new String[] {"1001", null, "en"},
                new String[] {"1003", "RT @bts: another text", null});

        // When it writes them
        DataWriter<InternalRow> writer = target.open(
                conf, new PartitionData(PartitionSpec.unpartitioned().partitionType()), "f.parquet");
        try (writer) {
            for (String[] row : rows) {
                writer.write(new GenericInternalRow(new Object[] {utf8(row[0]), utf8(row[1]), utf8(row[2])}));
            }
        }
        DataFile file = writer.toDataFile();

        // Then the key and the short column keep their bounds, the free text has none
        assertThat(file.lowerBounds()).containsKeys(1, 3).doesNotContainKey(2);
        assertThat(file.upperBounds()).containsKeys(1, 3).doesNotContainKey(2);
        assertThat(file.recordCount()).isEqualTo(3);

        // And the rows read back as written
        List<List<Object>> read = new ArrayList<>();
        try (CloseableIterable<Record> records = Parquet.read(table.io().newInputFile(file.location()))
                .project(SCHEMA)
                .createReaderFunc(fileSchema -> GenericParquetReaders.buildReader(SCHEMA, fileSchema))
                .build()) {
            for (Record record : records) {
                read.add(java.util.Arrays.asList(record.get(0), record.get(1), record.get(2)));
            }
        }
        assertThat(read)
                .containsExactlyElementsOf(rows.stream()
                        .map(row -> java.util.Arrays.<Object>asList(row[0], row[1], row[2]))
                        .toList());
    }

    private static UTF8String utf8(String value) {
        return value == null ? null : UTF8String.fromString(value);
    }
}
