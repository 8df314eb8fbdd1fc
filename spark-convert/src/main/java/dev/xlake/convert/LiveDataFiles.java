package dev.xlake.convert;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.ManifestReader;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.expressions.ManifestEvaluator;
import org.apache.iceberg.util.PartitionSet;

/**
 * The live data files of a table's current snapshot in the partitions of some new files, with
 * their column bounds: what the converter's proofs ({@link IcebergCommit#cannotCollide}, {@link
 * NewerRowsUpsert#plan}) check, read without planning a scan. A scan plan also reads every delete
 * manifest and matches the delete files to the data files (users gains 16 equality delete files a
 * tick until maintenance compacts them), so its cost grows with the ticks since the last
 * maintenance; the proofs need none of it: a data file's bounds hold whatever rows of it were
 * deleted since, so they still bound what is left. Only the data manifests whose partition
 * summaries can hold one of the partitions are opened, and of their entries only the path,
 * partition and bounds are decoded.
 */
final class LiveDataFiles {

    /** The manifest entry columns a proof reads. */
    private static final List<String> COLUMNS = List.of("file_path", "partition", "lower_bounds", "upper_bounds");

    private LiveDataFiles() {}

    /** What a proof requires of each existing data file. */
    @FunctionalInterface
    interface Check {
        boolean holds(DataFile existing);
    }

    /**
     * True when {@code check} holds for every live data file of the table's current snapshot in the
     * partitions of {@code files}; false at the first that fails it, and when a new file or a data
     * manifest with live files has another partition spec than the table's current one (the proofs
     * then prove nothing and the caller merges).
     */
    static boolean allHold(Table table, List<DataFile> files, Check check) {
        Snapshot snapshot = table.currentSnapshot();
        PartitionSpec spec = table.spec();
        PartitionSet partitions = PartitionSet.create(table.specs());
        for (DataFile file : files) {
            if (file.specId() != spec.specId()) {
                return false;
            }
            partitions.add(spec.specId(), file.partition());
        }
        if (snapshot == null || files.isEmpty()) {
            return true;
        }
        ManifestEvaluator summaries = ManifestEvaluator.forPartitionFilter(anyOf(spec, files), spec, true);
        for (ManifestFile manifest : snapshot.dataManifests(table.io())) {
            if (manifest.partitionSpecId() != spec.specId()) {
                if (manifest.hasAddedFiles() || manifest.hasExistingFiles()) {
                    return false;
                }
                continue;
            }
            if (!summaries.eval(manifest)) {
                continue;
            }
            try (ManifestReader<DataFile> reader = ManifestFiles.read(manifest, table.io(), table.specs())
                    .select(COLUMNS)
                    .filterPartitions(partitions)) {
                for (DataFile existing : reader) {
                    if (!check.holds(existing)) {
                        return false;
                    }
                }
            } catch (IOException e) {
                throw new ConvertException(
                        "Cannot read manifest " + manifest.path() + " of " + table.name() + ": " + e.getMessage(), e);
            }
        }
        return true;
    }

    /** The partitions of the files, as a filter on the spec's partition fields (for manifest summaries). */
    static Expression anyOf(PartitionSpec spec, List<DataFile> files) {
        Map<String, StructLike> partitions = new HashMap<>();
        files.forEach(file -> partitions.putIfAbsent(spec.partitionToPath(file.partition()), file.partition()));
        Expression any = Expressions.alwaysFalse();
        List<PartitionField> fields = spec.fields();
        for (StructLike partition : partitions.values()) {
            Expression one = Expressions.alwaysTrue();
            for (int i = 0; i < fields.size(); i++) {
                String name = fields.get(i).name();
                Object value = partition.get(i, Object.class);
                one = Expressions.and(one, value == null ? Expressions.isNull(name) : Expressions.equal(name, value));
            }
            any = Expressions.or(any, one);
        }
        return any;
    }
}
