package dev.xlake.convert;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.PartitionData;
import org.apache.iceberg.io.DataWriter;
import org.apache.spark.sql.catalyst.InternalRow;

/**
 * One task's data files of one table while it writes them: a file per partition, a few open at
 * once. Pages come roughly in time order, so a task writes tweets into one day after another; a
 * partition seen again after its file was closed gets a second file.
 */
final class PartitionedDataFiles implements AutoCloseable {

    private final DataFileTarget target;
    private final Configuration conf;
    private final String fileTag;
    private final int maxOpen;
    /** Open files by partition, least recently written first. */
    private final LinkedHashMap<PartitionData, DataWriter<InternalRow>> open = new LinkedHashMap<>(16, 0.75f, true);

    /** The partition written last and its file: rows come in runs of one partition. */
    private PartitionData lastPartition;

    private DataWriter<InternalRow> lastWriter;

    private final List<DataFile> closed = new ArrayList<>();
    private int sequence;

    /**
     * @param fileTag unique per task attempt and conversion, so no two attempts write the same file
     * @param maxOpen how many files may be open at once (each holds a Parquet row group in memory)
     */
    PartitionedDataFiles(DataFileTarget target, Configuration conf, String fileTag, int maxOpen) {
        this.target = target;
        this.conf = conf;
        this.fileTag = fileTag;
        this.maxOpen = maxOpen;
    }

    /** Writes {@code row} into the file of {@code partition}, which must not be changed afterwards. */
    void write(PartitionData partition, InternalRow row) throws IOException {
        if (partition != lastPartition) {
            // a PartitionData hashes its whole partition type: look it up only when it changes
            DataWriter<InternalRow> writer = open.get(partition);
            if (writer == null) {
                if (open.size() >= maxOpen) {
                    closeFile(open.keySet().iterator().next());
                }
                String name = String.format("%s-%05d.parquet", fileTag, sequence++);
                writer = target.open(conf, partition, name);
                open.put(partition, writer);
            }
            lastPartition = partition;
            lastWriter = writer;
        }
        lastWriter.write(row);
    }

    /** Closes every file and returns all this task wrote. */
    List<DataFile> finish() throws IOException {
        for (PartitionData partition : new ArrayList<>(open.keySet())) {
            closeFile(partition);
        }
        return List.copyOf(closed);
    }

    /** Releases what is still open after a failure; its files are never committed. */
    @Override
    public void close() {
        lastPartition = null;
        for (DataWriter<InternalRow> writer : open.values()) {
            try {
                writer.close();
            } catch (IOException | RuntimeException e) {
                // the task is failing already; an orphan file is left to table maintenance
            }
        }
        open.clear();
    }

    private void closeFile(PartitionData partition) throws IOException {
        if (partition == lastPartition) {
            lastPartition = null;
        }
        DataWriter<InternalRow> writer = open.remove(partition);
        writer.close();
        closed.add(writer.toDataFile());
    }
}
