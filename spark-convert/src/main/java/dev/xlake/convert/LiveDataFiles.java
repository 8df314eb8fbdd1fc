package dev.xlake.convert;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.ManifestContent;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.ManifestReader;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.NotFoundException;
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
 *
 * <p>What a manifest holds is kept for the next conversion in the same JVM ({@link #CACHE}): a
 * manifest file is never changed once written (a commit writes new ones, under new names), so a
 * warm session's proofs read only the manifests committed since its last conversion, however
 * many ticks the table has had since maintenance.
 */
final class LiveDataFiles {

    /** The manifest entry columns a proof reads. */
    private static final List<String> COLUMNS = List.of("file_path", "partition", "lower_bounds", "upper_bounds");

    private LiveDataFiles() {}

    /** Most manifest entries kept, over all manifests (each a path, a partition and a few bounds). */
    static final int CACHED_ENTRIES = 50_000;

    /** The live entries of the manifests read, by manifest path and the columns whose bounds they keep. */
    private static final EntryCache CACHE = new EntryCache(CACHED_ENTRIES);

    /** What a proof requires of each existing data file. */
    @FunctionalInterface
    interface Check {
        boolean holds(DataFile existing);
    }

    /**
     * True when {@code check} holds for every live data file of the table's current snapshot in the
     * partitions of {@code files}; false at the first that fails it, and when a new file or a data
     * manifest with live files has another partition spec than the table's current one (the proofs
     * then prove nothing and the caller merges). The existing files have the bounds of the columns
     * {@code boundsOf} only.
     */
    static boolean allHold(Table table, List<DataFile> files, Collection<String> boundsOf, Check check) {
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
        Set<Integer> columns = fieldIds(table, boundsOf);
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
            for (DataFile existing : CACHE.liveEntries(table, manifest, columns)) {
                if (partitions.contains(existing.specId(), existing.partition()) && !check.holds(existing)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Most data manifests of a table {@link #readAhead} reads, the newest first. */
    static final int READ_AHEAD_MANIFESTS = 16;

    /**
     * Reads, on a thread per table, what the next proofs of the tables will read ({@link #allHold}
     * with the bounds of the columns given per table), so that they filter in memory: each table
     * refreshed, its current snapshot's manifest lists, and the entries of its newest {@value
     * #READ_AHEAD_MANIFESTS} data manifests into the cache (the older ones a warm session has
     * kept; which partitions the proofs will need is not known yet). A conversion starts it with
     * its pass, whose Spark job leaves the driver idle. It only warms: a proof still refreshes the
     * table and reads what is missing, so if the table moved since, it proves on the new snapshot
     * and its commit validates from that one, as without it. The caller must not use the tables
     * until {@link ReadAhead#await}.
     */
    static ReadAhead readAhead(Map<Table, ? extends Collection<String>> boundsByTable) {
        ExecutorService pool = DaemonThreads.pool(boundsByTable.size(), "xlake-read-ahead");
        List<Future<?>> reads = new ArrayList<>();
        boundsByTable.forEach((table, boundsOf) -> reads.add(pool.submit(() -> readAhead(table, boundsOf))));
        pool.shutdown(); // the threads end once the reads are done
        return new ReadAhead(reads);
    }

    private static void readAhead(Table table, Collection<String> boundsOf) {
        table.refresh();
        Snapshot snapshot = table.currentSnapshot();
        if (snapshot == null) {
            return;
        }
        PartitionSpec spec = table.spec();
        Set<Integer> columns = fieldIds(table, boundsOf);
        snapshot.allManifests(table.io()).stream() // the data and delete manifest lists: the commits read both
                .filter(manifest ->
                        manifest.content() == ManifestContent.DATA && manifest.partitionSpecId() == spec.specId())
                .sorted(Comparator.comparingLong(ManifestFile::sequenceNumber).reversed())
                .limit(READ_AHEAD_MANIFESTS)
                .forEach(manifest -> CACHE.liveEntries(table, manifest, columns));
    }

    /** A read-ahead under way. */
    static final class ReadAhead {

        private final List<Future<?>> reads;

        private ReadAhead(List<Future<?>> reads) {
            this.reads = reads;
        }

        /**
         * Waits for the reads; returns what failed (nothing is thrown: a proof reads again what
         * the read-ahead could not, and fails there if it must).
         */
        List<RuntimeException> await() {
            List<RuntimeException> failures = new ArrayList<>();
            for (Future<?> read : reads) {
                try {
                    read.get();
                } catch (ExecutionException e) {
                    failures.add(
                            e.getCause() instanceof RuntimeException runtime
                                    ? runtime
                                    : new ConvertException("Cannot read a table's metadata ahead", e.getCause()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ConvertException("Interrupted while reading the tables' metadata ahead", e);
                }
            }
            return failures;
        }
    }

    private static Set<Integer> fieldIds(Table table, Collection<String> names) {
        Set<Integer> columns = new TreeSet<>();
        names.forEach(name -> columns.add(table.schema().findField(name).fieldId()));
        return columns;
    }

    /** A manifest's live entries, with the bounds of {@code columns} only: path, spec, partition, bounds. */
    private static List<DataFile> read(Table table, ManifestFile manifest, Set<Integer> columns) {
        List<DataFile> entries = new ArrayList<>();
        try (ManifestReader<DataFile> reader =
                ManifestFiles.read(manifest, table.io(), table.specs()).select(COLUMNS)) {
            for (DataFile entry : reader) {
                entries.add(entry.copyWithStats(columns)); // the reader reuses its entry objects
            }
        } catch (IOException | UncheckedIOException | NotFoundException e) {
            throw new ConvertException(
                    "Cannot read manifest " + manifest.path() + " of " + table.name() + ": " + e.getMessage(), e);
        }
        return entries;
    }

    /**
     * Manifests' live entries by manifest path and bound columns, least recently used dropped first
     * once more than {@code maxEntries} entries are kept; a larger manifest is read every time.
     */
    static final class EntryCache {

        private final int maxEntries;
        private final LinkedHashMap<String, List<DataFile>> byManifest = new LinkedHashMap<>(64, 0.75f, true);
        private int entries;

        EntryCache(int maxEntries) {
            this.maxEntries = maxEntries;
        }

        List<DataFile> liveEntries(Table table, ManifestFile manifest, Set<Integer> columns) {
            String key = manifest.path() + " " + columns;
            synchronized (this) {
                List<DataFile> cached = byManifest.get(key);
                if (cached != null) {
                    return cached;
                }
            }
            List<DataFile> read = read(table, manifest, columns);
            synchronized (this) {
                if (read.size() <= maxEntries && byManifest.put(key, read) == null) {
                    entries += read.size();
                    Iterator<List<DataFile>> oldest = byManifest.values().iterator();
                    while (entries > maxEntries) {
                        entries -= oldest.next().size();
                        oldest.remove();
                    }
                }
            }
            return read;
        }
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
