package dev.xlake.convert;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.spark.sql.SparkSession;

/**
 * The keyed tables' upserts written ahead of their commits, all in one Spark job: each keyed
 * table's new files (one per task and partition) are deduplicated before its commit, and one job
 * for the five tables spares four jobs' scheduling (docs/benchmarks.md, "Bulk (issues 10 and 15),
 * session 7"). The commits stay one after the other ({@link IcebergCommit}; SQLite refuses
 * concurrent ones); a commit whose table moved since its upsert was planned deletes the files
 * written ahead and plans again. A conversion that dies between the job and a commit leaves what
 * was written ahead unreferenced, as any killed conversion does (maintenance removes orphan files).
 */
final class KeyedUpserts {

    private KeyedUpserts() {}

    /**
     * The upserts of the targets whose rows the table's metrics prove newer ({@link
     * NewerRowsUpsert#plan}), written in one job, by table name; the other tables (a replay, runs
     * committed already, no upsert writer, no proof, no files) are left to their commit.
     */
    static Map<String, NewerRowsUpsert.Prepared> write(
            SparkSession spark,
            Map<String, IcebergCommit.Target> targets,
            Map<String, List<DataFile>> files,
            Set<String> runs) {
        List<String> names = new ArrayList<>();
        List<Long> bases = new ArrayList<>();
        List<NewerRowsUpsert.Request> requests = new ArrayList<>();
        targets.forEach((name, target) -> {
            List<DataFile> tableFiles = files.getOrDefault(name, List.of());
            if (target.upsert() == null || tableFiles.isEmpty()) {
                return;
            }
            Table table = target.table();
            table.refresh();
            SortedSet<String> pending = new TreeSet<>(runs);
            pending.removeAll(IcebergCommit.committedRuns(table));
            if (pending.size() < runs.size()) {
                return; // a replay or nothing to add: the commit decides
            }
            Snapshot base = table.currentSnapshot();
            NewerRowsUpsert.Plan plan = NewerRowsUpsert.plan(table, tableFiles);
            if (plan == null) {
                return; // no proof: the commit merges
            }
            names.add(name);
            bases.add(base == null ? null : base.snapshotId());
            requests.add(new NewerRowsUpsert.Request(
                    target.upsert(), target.keys(), tableFiles, plan, IcebergCommit.upsertFileTag(target)));
        });
        List<NewerRowsUpsert.Written> written = NewerRowsUpsert.writeAll(spark, requests);
        Map<String, NewerRowsUpsert.Prepared> prepared = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            prepared.put(
                    names.get(i),
                    new NewerRowsUpsert.Prepared(bases.get(i), requests.get(i).plan(), written.get(i)));
        }
        return prepared;
    }
}
