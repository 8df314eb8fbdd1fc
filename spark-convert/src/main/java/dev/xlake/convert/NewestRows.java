package dev.xlake.convert;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The newest copy of each key among one task's pages, for any table with one row per key (users,
 * referenced posts, media, places, polls): newest {@code fetched_at}, then the later run id, then
 * the larger object key — the order the table dedup uses, so the task's choice never contradicts
 * the global one.
 *
 * <p>A task offers every user of every page (a run's pages repeat the same authors many times),
 * so this is an open-addressing table over arrays: the key and the fetch time of each slot sit in
 * arrays of their own, and most offers are decided without touching a record, where a {@code
 * HashMap<String, R>} would chase a pointer (and miss the cache) on every offer.
 */
final class NewestRows<R extends KeyedRecord> {

    private static final Comparator<String> RUN_ORDER = Comparator.nullsFirst(Comparator.naturalOrder());

    private String[] keys;
    private long[] fetchedMicros;
    private Object[] rows;
    private int size;

    NewestRows() {
        this(1 << 6);
    }

    NewestRows(int capacity) {
        int slots = Integer.highestOneBit(Math.max(16, capacity) - 1) << 1;
        keys = new String[slots];
        fetchedMicros = new long[slots];
        rows = new Object[slots];
    }

    /** Keeps {@code row} if it is the first or a newer copy of its key, which must not be null. */
    @SuppressWarnings("unchecked")
    void offer(R row) {
        String key = row.key();
        long fetched = micros(row);
        int mask = rows.length - 1;
        for (int slot = slotOf(key, mask); ; slot = (slot + 1) & mask) {
            Object present = rows[slot];
            if (present == null) {
                keys[slot] = key;
                fetchedMicros[slot] = fetched;
                rows[slot] = row;
                if (++size * 2 > rows.length) {
                    grow();
                }
                return;
            }
            if (keys[slot].equals(key)) {
                if (fetched > fetchedMicros[slot] || fetched == fetchedMicros[slot] && newer(row, (R) present)) {
                    fetchedMicros[slot] = fetched;
                    rows[slot] = row;
                }
                return;
            }
        }
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The kept copies, in no particular order. */
    @SuppressWarnings("unchecked")
    List<R> values() {
        List<R> values = new ArrayList<>(size);
        for (Object row : rows) {
            if (row != null) {
                values.add((R) row);
            }
        }
        return values;
    }

    /**
     * The kept copies, in {@link #values}' order, and empties this: the caller is then the only
     * holder of the rows, and can drop each once it has converted it (a task's newest rows are
     * most of what it holds at its end).
     */
    List<R> drain() {
        List<R> values = values();
        // cleared in place: the table is about to be dropped or refilled to the same size
        Arrays.fill(keys, null);
        Arrays.fill(rows, null);
        size = 0;
        return values;
    }

    /** For equal fetch times: the later run id wins, then the larger object key. */
    private static boolean newer(KeyedRecord candidate, KeyedRecord present) {
        int byRun = RUN_ORDER.compare(candidate.runId(), present.runId());
        return byRun != 0 ? byRun > 0 : candidate.rawObject().compareTo(present.rawObject()) > 0;
    }

    private static long micros(KeyedRecord row) {
        return Math.addExact(
                Math.multiplyExact(row.fetchedAt().getEpochSecond(), 1_000_000L),
                row.fetchedAt().getNano() / 1_000L);
    }

    /** Snowflake-like ids differ in few characters; a multiplicative hash spreads them over the table. */
    private static int slotOf(String key, int mask) {
        return (int) ((key.hashCode() * 0x9E3779B97F4A7C15L) >>> 32) & mask;
    }

    private void grow() {
        String[] oldKeys = keys;
        long[] oldFetched = fetchedMicros;
        Object[] oldRows = rows;
        keys = new String[oldRows.length * 2];
        fetchedMicros = new long[oldRows.length * 2];
        rows = new Object[oldRows.length * 2];
        int mask = rows.length - 1;
        for (int i = 0; i < oldRows.length; i++) {
            if (oldRows[i] != null) {
                int slot = slotOf(oldKeys[i], mask);
                while (rows[slot] != null) {
                    slot = (slot + 1) & mask;
                }
                keys[slot] = oldKeys[i];
                fetchedMicros[slot] = oldFetched[i];
                rows[slot] = oldRows[i];
            }
        }
    }
}
