package dev.xlake.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts rewritten partitions into a table so that no crash can lose rows: the rewritten files
 * (old + new rows, deduplicated) are first written elsewhere, then for each partition they are
 * moved in and only then are the files the partition held before deleted. Object stores have no
 * atomic folder rename, so a conversion that dies halfway (driver lost, step timeout) leaves a
 * partition with old and new files side by side: duplicates, never losses.
 *
 * <p>Each swap is journaled: before the first move it writes
 * {@code <output>/_xlake_commits/<uuid>.json} naming the table and partitions, and deletes it once
 * every old file is gone. The next conversion reads the journals left behind ({@link #unfinished})
 * and rewrites those partitions whether it touches them or not, which removes the duplicates; the
 * journals go once that succeeded ({@link #forget}). Spark's dynamic partition overwrite, used
 * before, deleted a partition before moving its replacement in.
 */
final class PartitionSwap {

    static final String JOURNAL_DIR = "_xlake_commits";
    private static final Logger LOG = LoggerFactory.getLogger(PartitionSwap.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** An unfinished swap: its journal file, the table ({@code tweets}, {@code users}) and partitions. */
    record Journal(Path file, String table, List<String> partitions) {}

    private PartitionSwap() {}

    /** The journals of swaps that never finished, in no particular order. */
    static List<Journal> unfinished(Configuration conf, Path output) {
        Path folder = new Path(output, JOURNAL_DIR);
        List<Journal> journals = new ArrayList<>();
        try {
            FileSystem fs = folder.getFileSystem(conf);
            if (!fs.exists(folder)) {
                return journals;
            }
            for (FileStatus file : fs.listStatus(folder, path -> path.getName().endsWith(".json"))) {
                JsonNode journal;
                try (InputStream in = fs.open(file.getPath())) {
                    journal = JSON.readTree(in);
                } catch (com.fasterxml.jackson.core.JacksonException e) {
                    // cut short while being written (local files): its conversion died before moving anything
                    LOG.warn("Ignoring the incomplete commit journal {}: {}", file.getPath(), e.getOriginalMessage());
                    journals.add(new Journal(file.getPath(), "", List.of()));
                    continue;
                }
                List<String> partitions = new ArrayList<>();
                journal.path("partitions").forEach(partition -> partitions.add(partition.asText()));
                journals.add(new Journal(file.getPath(), journal.path("table").asText(), partitions));
            }
        } catch (IOException e) {
            throw new ConvertException("Cannot read the commit journals in " + folder + ": " + e.getMessage(), e);
        }
        if (!journals.isEmpty()) {
            LOG.warn("{} unfinished commit(s) of an earlier conversion: rewriting {}", journals.size(), journals);
        }
        return journals;
    }

    /** The partitions of one table that unfinished swaps left, to be rewritten by this conversion. */
    static List<String> partitionsOf(List<Journal> journals, String table) {
        return journals.stream()
                .filter(journal -> journal.table().equals(table))
                .flatMap(journal -> journal.partitions().stream())
                .distinct()
                .sorted()
                .toList();
    }

    /** Deletes the journals of swaps whose partitions have been rewritten since. */
    static void forget(Configuration conf, List<Journal> journals) {
        try {
            for (Journal journal : journals) {
                journal.file().getFileSystem(conf).delete(journal.file(), false);
            }
        } catch (IOException e) {
            // harmless: the partitions are rewritten once more next time
            LOG.warn("Cannot delete a finished commit journal: {}", e.getMessage());
        }
    }

    /**
     * Replaces each partition of {@code root} named in {@code partitions} (relative paths such as
     * {@code query=kpop/dt=2026-11-25}) by the data files of the same partition under {@code from}.
     */
    static void swap(Configuration conf, Path output, String table, Path from, Path root, List<String> partitions) {
        Path journal = new Path(new Path(output, JOURNAL_DIR), UUID.randomUUID() + ".json");
        try {
            FileSystem fs = root.getFileSystem(conf);
            ObjectNode entry = JSON.createObjectNode().put("table", table);
            partitions.forEach(entry.putArray("partitions")::add);
            try (OutputStream out = fs.create(journal, false)) {
                out.write(JSON.writeValueAsBytes(entry));
            }
            for (String partition : partitions) {
                Path target = new Path(root, partition);
                List<Path> before = dataFiles(fs, target);
                List<Path> replacement = dataFiles(fs, new Path(from, partition));
                fs.mkdirs(target);
                for (Path file : replacement) {
                    Path to = new Path(target, file.getName());
                    if (!fs.rename(file, to)) {
                        throw new IOException("rename " + file + " to " + to + " returned false");
                    }
                }
                for (Path file : before) {
                    if (!fs.delete(file, false) && fs.exists(file)) {
                        throw new IOException("delete " + file + " returned false");
                    }
                }
            }
            fs.delete(journal, false);
        } catch (IOException e) {
            throw new ConvertException(
                    "Cannot replace partitions of " + root + ": " + e.getMessage() + ". No row that"
                            + " was in the table is lost (a partition may hold some twice until the next conversion rewrites it);"
                            + " this run's rows that were not swapped in yet need the run converted again",
                    e);
        }
    }

    /** A partition's data files (every file but those named {@code _…} or {@code .…}); none if it does not exist. */
    static List<Path> dataFiles(FileSystem fs, Path partition) throws IOException {
        if (!fs.exists(partition)) {
            return List.of();
        }
        List<Path> files = new ArrayList<>();
        for (FileStatus file : fs.listStatus(partition)) {
            String name = file.getPath().getName();
            if (file.isFile() && !name.startsWith("_") && !name.startsWith(".")) {
                files.add(file.getPath());
            }
        }
        return files;
    }
}
