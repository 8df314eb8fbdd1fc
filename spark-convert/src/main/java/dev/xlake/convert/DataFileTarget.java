package dev.xlake.convert;

import java.io.IOException;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.MetricsConfig;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.hadoop.HadoopOutputFile;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.LocationProvider;
import org.apache.iceberg.parquet.Parquet;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.StructType;

/**
 * What a task needs to write data files of one Iceberg table, shipped from the driver: the schema
 * rows are written in (the definition's column order, the table's field ids), the partition spec,
 * the table's metrics and Parquet settings, and where its data files go.
 *
 * <p>The files are written by Iceberg's Parquet writer from Spark's internal rows, so each file
 * comes back as a {@link org.apache.iceberg.DataFile} carrying its partition and its column
 * metrics (the id bounds the converter decides on), ready to be committed by the driver.
 */
record DataFileTarget(
        String table,
        Schema schema,
        StructType sparkType,
        PartitionSpec spec,
        MetricsConfig metrics,
        LocationProvider locations,
        Map<String, String> properties)
        implements Serializable {

    /**
     * Free-text columns whose Parquet statistics the conversion's files leave out: Parquet compares
     * every value with the chunk's and page's min and max and copies each new one, long texts that
     * share their first bytes ("RT @..."), while bounds of free text prune no query (Iceberg keeps
     * 16 characters of them by default). Iceberg then has no bounds and no null counts for them in
     * the manifests; the key and time columns the commits rely on keep theirs.
     */
    static final List<String> FREE_TEXT_COLUMNS = List.of("text", "retweeted_text", "description");

    /** The Hadoop setting Parquet's Snappy codec sizes its per-page copy buffer by, and the size used. */
    static final String COMPRESSOR_BUFFER_KEY = "io.file.buffer.size";

    static final int COMPRESSOR_BUFFER_BYTES = 4096;

    /** Row group size of the conversion's own files, see {@link #writeProperties}. */
    static final long ROW_GROUP_BYTES = 16L * 1024 * 1024;

    /** For rows of {@code sparkType}, whose columns are the definition's, in its order. */
    static DataFileTarget of(Table table, Schema writeSchema, StructType sparkType) {
        return new DataFileTarget(
                table.name(),
                writeSchema,
                sparkType,
                table.spec(),
                MetricsConfig.forTable(table),
                table.locationProvider(),
                writeProperties(table.properties(), writeSchema));
    }

    /**
     * The table's write properties, with Parquet dictionaries off for the conversion's own files:
     * Iceberg's writer turns dictionaries on or off for all columns at once, and most tweet and
     * user columns are distinct per row, so their dictionaries are built and then abandoned. Off,
     * the 200,000-tweet pass took 5-6 s instead of 7.6-8.3 s, for files about 17 % larger
     * (docs/benchmarks.md); compaction ({@link LakeMaintenance}) writes with the table's own
     * properties, dictionaries on. Row groups of {@value #ROW_GROUP_BYTES} bytes instead of
     * Iceberg's 128 MB: a writer holds its row group's compressed pages in memory until it flushes,
     * so with 128 MB a task kept whole files (about 30 MB each at 1,000,000 tweets, up to four open)
     * until they closed, long-lived buffers that the garbage collector copied and promoted; at
     * 1,000,000 tweets the pass's GC time fell from 7.6 s to 5.0-5.6 s (docs/benchmarks.md).
     */
    static Map<String, String> writeProperties(Map<String, String> tableProperties, Schema writeSchema) {
        Map<String, String> properties = new java.util.HashMap<>(tableProperties);
        properties.put("parquet.enable.dictionary", "false");
        properties.put(
                org.apache.iceberg.TableProperties.PARQUET_ROW_GROUP_SIZE_BYTES, String.valueOf(ROW_GROUP_BYTES));
        // Parquet's Snappy stream allocates a buffer of this size for every page it compresses, only
        // to copy the compressed page through it: Spark's 64 KB default made it a large share of the
        // pass's allocations; the compressed bytes do not depend on it. Iceberg's writer sets its
        // properties on its own copy of the Hadoop configuration, so only the data files see this.
        properties.put(COMPRESSOR_BUFFER_KEY, String.valueOf(COMPRESSOR_BUFFER_BYTES));
        for (String column : FREE_TEXT_COLUMNS) {
            if (writeSchema.findField(column) == null) {
                continue; // Iceberg's writer would log the missing column for every file
            }
            properties.put(org.apache.iceberg.TableProperties.PARQUET_COLUMN_STATS_ENABLED_PREFIX + column, "false");
        }
        return Map.copyOf(properties);
    }

    /** A writer of a new data file in the table's data location for {@code partition}. */
    DataWriter<InternalRow> open(Configuration conf, StructLike partition, String fileName) throws IOException {
        String location = locations.newDataLocation(spec, partition, fileName);
        return Parquet.writeData(HadoopOutputFile.fromPath(new org.apache.hadoop.fs.Path(location), conf))
                .schema(schema)
                .withSpec(spec)
                .withPartition(partition)
                .setAll(properties)
                .metricsConfig(metrics)
                .createWriterFunc(
                        type -> org.apache.iceberg.spark.data.SparkParquetWriters.buildWriter(sparkType, type))
                .overwrite() // a retried task attempt writes its own names, but a recomputed one may not
                .build();
    }
}
