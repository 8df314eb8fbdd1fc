package dev.xlake.convert;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.ManifestReader;
import org.apache.iceberg.RewriteFiles;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;

/**
 * Removes the delete files that no longer apply to any row: after a compaction, the MERGEs'
 * position deletes point at rewritten data files, and the users upserts' equality deletes are
 * older than every data file of their partition.
 *
 * <p>Which delete files still apply is decided by Iceberg's own scan planning: a live delete file
 * that planning attaches to no live data file cannot change what any reader sees, whatever its
 * kind (file-scoped or partition-scoped position deletes, equality deletes) and sequence number.
 * This also catches position deletes at the compaction's starting sequence number (a MERGE that
 * was the table's last commit), which Iceberg's dangling-delete action keeps; and it reads
 * manifests only, where that action runs Spark jobs over the metadata tables.
 */
final class DanglingDeletes {

    private DanglingDeletes() {}

    /** Removes them in one commit (none if there are none); returns how many. */
    static int remove(Table table) {
        table.refresh();
        Snapshot current = table.currentSnapshot();
        if (current == null) {
            return 0;
        }
        Map<String, DeleteFile> unused = new LinkedHashMap<>();
        try {
            for (ManifestFile manifest : current.deleteManifests(table.io())) {
                try (ManifestReader<DeleteFile> reader =
                        ManifestFiles.readDeleteManifest(manifest, table.io(), table.specs())) {
                    for (DeleteFile file : reader) {
                        unused.put(file.location(), file.copy());
                    }
                }
            }
            if (unused.isEmpty()) {
                return 0;
            }
            try (CloseableIterable<FileScanTask> tasks =
                    table.newScan().useSnapshot(current.snapshotId()).planFiles()) {
                for (FileScanTask task : tasks) {
                    task.deletes().forEach(file -> unused.remove(file.location()));
                }
            }
        } catch (IOException e) {
            throw new ConvertException(
                    "Cannot find the unused delete files of " + table.name() + ": " + e.getMessage(), e);
        }
        if (unused.isEmpty()) {
            return 0;
        }
        RewriteFiles rewrite = table.newRewrite().validateFromSnapshot(current.snapshotId());
        unused.values().forEach(rewrite::deleteFile);
        rewrite.commit();
        return unused.size();
    }
}
