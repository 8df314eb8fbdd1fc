package dev.xlake.convert;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;

/**
 * Which runs each table holds, read from the snapshot summaries ({@value IcebergLake#RUNS_PROPERTY},
 * {@link IcebergCommit#committedRuns}), for every table of the lake.
 *
 * <p>A conversion whose pages hold no rows for a keyed table (a tick without media, places or
 * polls; users when a query does not expand them) commits nothing to it: an empty snapshot costs
 * a metadata write and a catalog update per table, every tick. The tweets commit, which every
 * conversion makes, names those tables instead ({@value #NO_ROWS_PROPERTY}), and the runs of that
 * snapshot count as committed to them. The tweets commit comes first, so a conversion that dies
 * after it has committed every table it names (there was nothing to commit) and the others are
 * converted again from their own ledgers.
 */
final class RunLedger {

    /** Tweets snapshot summary property: the keyed tables the snapshot's runs had no rows for. */
    static final String NO_ROWS_PROPERTY = "xlake.no-rows";

    private RunLedger() {}

    /** The runs committed to {@code table}: its own snapshots', and the tweets snapshots' naming it. */
    static SortedSet<String> committedRuns(Table tweets, Table table, String name) {
        SortedSet<String> runs = IcebergCommit.committedRuns(table);
        for (Snapshot snapshot : tweets.snapshots()) {
            String noRows = snapshot.summary().get(NO_ROWS_PROPERTY);
            String committed = snapshot.summary().get(IcebergLake.RUNS_PROPERTY);
            if (noRows != null
                    && committed != null
                    && !committed.isEmpty()
                    && names(noRows).contains(name)) {
                runs.addAll(List.of(committed.split(",")));
            }
        }
        return runs;
    }

    /** The runs committed to every table of the lake: those a conversion skips. */
    static SortedSet<String> committedToAll(IcebergLake lake) {
        SortedSet<String> runs = IcebergCommit.committedRuns(lake.tweets());
        for (KeyedTable<?> table : KeyedTable.ALL) {
            runs.retainAll(committedRuns(lake.tweets(), lake.table(table), table.name()));
        }
        return runs;
    }

    /** The value of {@value #NO_ROWS_PROPERTY} for these tables; null for none. */
    static String noRows(List<String> tables) {
        return tables.isEmpty() ? null : String.join(",", tables);
    }

    private static Set<String> names(String property) {
        return Set.copyOf(Arrays.asList(property.split(",")));
    }
}
