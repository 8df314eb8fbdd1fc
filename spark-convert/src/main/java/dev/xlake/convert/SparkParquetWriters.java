package dev.xlake.convert;

import java.io.IOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.execution.datasources.parquet.ParquetWriteSupport;
import org.apache.spark.sql.types.StructType;

/**
 * Parquet writers for Spark's internal rows, outside Spark's own write path: Spark's
 * {@link ParquetWriteSupport} (so the files are what Spark itself would write for the schema,
 * footer metadata included) with the tables' settings: snappy, INT64 microsecond timestamps.
 */
final class SparkParquetWriters {

    private SparkParquetWriters() {}

    /** A copy of {@code base} that makes writers write rows of {@code schema}. */
    static Configuration forSchema(Configuration base, StructType schema) {
        Configuration conf = new Configuration(base);
        conf.set(ParquetWriteSupport.SPARK_ROW_SCHEMA(), schema.json());
        conf.set("spark.sql.parquet.writeLegacyFormat", "false");
        conf.set("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS");
        conf.set("spark.sql.parquet.fieldId.write.enabled", "false");
        return conf;
    }

    /**
     * A writer of a new file (an existing one is replaced: a retried task attempt may rewrite it).
     *
     * @param schemaConf   from {@link #forSchema}
     * @param noDictionary Parquet column paths written without a dictionary; null for no dictionary at all
     */
    static ParquetWriter<InternalRow> open(Configuration schemaConf, Path file, List<String> noDictionary)
            throws IOException {
        Builder builder = new Builder(HadoopOutputFile.fromPath(file, schemaConf))
                .withConf(schemaConf)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .withCompressionCodec(CompressionCodecName.SNAPPY)
                .withDictionaryEncoding(noDictionary != null);
        if (noDictionary != null) {
            for (String column : noDictionary) {
                builder = builder.withDictionaryEncoding(column, false);
            }
        }
        return builder.build();
    }

    private static final class Builder extends ParquetWriter.Builder<InternalRow, Builder> {
        Builder(org.apache.parquet.io.OutputFile file) {
            super(file);
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<InternalRow> getWriteSupport(Configuration configuration) {
            return new ParquetWriteSupport();
        }
    }
}
