package dev.xlake.convert;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;

/**
 * The newest copy of each key among one task's pages, for any table with one row per key (users,
 * referenced posts, media, places, polls): newest {@code fetched_at}, then the later run id, then
 * the larger object key — the order the table dedup uses, so the task's choice never contradicts
 * the global one.
 *
 * <p>A task offers every user of every page (a run's pages repeat the same authors many times),
 * so this is an open-addressing table over arrays: the key, the fetch time, the run and the object
 * of each slot sit in arrays of their own, and an offer is decided without touching what is kept,
 * where a {@code HashMap<String, R>} would chase a pointer (and miss the cache) on every offer.
 *
 * <p>While it holds few keys, the table keeps the winning records themselves, and {@code keep}
 * makes what is handed on of each key's last winner only, when drained. Past {@code recordsUpTo}
 * keys it keeps what {@code keep} makes of each winning copy and of the value it replaces (null for
 * a key's first copy): the conversion keeps a row's bytes ({@link KeyedTable#newestRows}), one array
 * per key, written over when a newer copy comes. A large pass keeps nearly every user it reads
 * until its end and sees most of them again and again: as records (a dozen objects each) they were
 * most of the heap the garbage collector copied and marked; but making the row of every winning
 * copy costs more than the collections of a small table (docs/benchmarks.md).
 */
final class NewestRows<R extends KeyedRecord, V> {

    private static final Comparator<String> RUN_ORDER = Comparator.nullsFirst(Comparator.naturalOrder());

    /** How many keys a conversion's table holds as records: about 85 MB of users. */
    static final int RECORDS_UP_TO = 1 << 16;

    private final BiFunction<? super R, ? super V, ? extends V> keep;
    private final int recordsUpTo;
    /** Whether {@link #values} holds what {@link #keep} made (else records). */
    private boolean kept;

    private String[] keys;
    private long[] fetchedMicros;
    private String[] runIds;
    private String[] rawObjects;
    private Object[] values;
    private int size;

    NewestRows(BiFunction<? super R, ? super V, ? extends V> keep) {
        this(keep, 1 << 6, RECORDS_UP_TO);
    }

    NewestRows(BiFunction<? super R, ? super V, ? extends V> keep, int capacity, int recordsUpTo) {
        this.keep = keep;
        this.recordsUpTo = recordsUpTo;
        allocate(Integer.highestOneBit(Math.max(16, capacity) - 1) << 1);
    }

    /** Keeps {@code row} if it is the first or a newer copy of its key, which must not be null. */
    void offer(R row) {
        String key = row.key();
        long fetched = micros(row);
        int slot = slotFor(key);
        if (values[slot] != null) {
            if (newer(fetched, row.runId(), row.rawObject(), slot)) {
                put(slot, fetched, row);
            }
            return;
        }
        keys[slot] = key;
        put(slot, fetched, row);
        if (++size * 2 > values.length) {
            grow();
        }
        if (!kept && size > recordsUpTo) {
            keepAll();
        }
    }

    /**
     * Whether the copy kept of {@code key} is newer than one fetched at {@code fetchedMicros} (see
     * {@link #micros}) by run {@code runId} into object {@code rawObject}: such a copy would not be
     * kept if offered.
     */
    boolean holdsNewer(String key, long fetchedMicros, String runId, String rawObject) {
        int slot = slotFor(key);
        return values[slot] != null && !newer(fetchedMicros, runId, rawObject, slot);
    }

    /** The slot holding {@code key}, or the empty slot it would go in. */
    private int slotFor(String key) {
        int mask = values.length - 1;
        int slot = slotOf(key, mask);
        while (values[slot] != null && !keys[slot].equals(key)) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The kept values, in no particular order. */
    @SuppressWarnings("unchecked")
    List<V> values() {
        keepAll();
        List<V> all = new ArrayList<>(size);
        for (Object value : values) {
            if (value != null) {
                all.add((V) value);
            }
        }
        return all;
    }

    /**
     * Hands each key and its kept value to {@code each}, in {@link #values}' order, and empties
     * this: each value is dropped from the table before the next is handed on, so the caller can
     * convert them one by one without the table holding them all until its end.
     */
    @SuppressWarnings("unchecked")
    void drain(BiConsumer<String, V> each) {
        keepAll();
        for (int slot = 0; slot < values.length; slot++) {
            Object value = values[slot];
            if (value != null) {
                String key = keys[slot];
                values[slot] = null;
                each.accept(key, (V) value);
            }
        }
        // cleared in place: the table is about to be dropped or refilled to the same size
        Arrays.fill(keys, null);
        Arrays.fill(runIds, null);
        Arrays.fill(rawObjects, null);
        size = 0;
        kept = false;
    }

    @SuppressWarnings("unchecked")
    private void put(int slot, long fetched, R row) {
        fetchedMicros[slot] = fetched;
        runIds[slot] = row.runId();
        rawObjects[slot] = row.rawObject();
        values[slot] = kept ? keep.apply(row, (V) values[slot]) : row;
    }

    /** Makes what is kept of each record held, from now on of each winning copy. */
    @SuppressWarnings("unchecked")
    private void keepAll() {
        if (kept) {
            return;
        }
        for (int slot = 0; slot < values.length; slot++) {
            if (values[slot] != null) {
                values[slot] = keep.apply((R) values[slot], null);
            }
        }
        kept = true;
    }

    /**
     * Whether a copy with this provenance is newer than the one in {@code slot}: the later fetch,
     * then the later run id, then the larger object key.
     */
    private boolean newer(long fetched, String runId, String rawObject, int slot) {
        if (fetched != fetchedMicros[slot]) {
            return fetched > fetchedMicros[slot];
        }
        int byRun = RUN_ORDER.compare(runId, runIds[slot]);
        return byRun != 0 ? byRun > 0 : rawObject.compareTo(rawObjects[slot]) > 0;
    }

    private static long micros(KeyedRecord row) {
        return micros(row.fetchedAt());
    }

    /** A fetch time in microseconds since the epoch, the precision the tables keep. */
    static long micros(Instant fetchedAt) {
        return Math.addExact(Math.multiplyExact(fetchedAt.getEpochSecond(), 1_000_000L), fetchedAt.getNano() / 1_000L);
    }

    /** Snowflake-like ids differ in few characters; a multiplicative hash spreads them over the table. */
    private static int slotOf(String key, int mask) {
        return (int) ((key.hashCode() * 0x9E3779B97F4A7C15L) >>> 32) & mask;
    }

    private void allocate(int slots) {
        keys = new String[slots];
        fetchedMicros = new long[slots];
        runIds = new String[slots];
        rawObjects = new String[slots];
        values = new Object[slots];
    }

    private void grow() {
        String[] oldKeys = keys;
        long[] oldFetched = fetchedMicros;
        String[] oldRunIds = runIds;
        String[] oldRawObjects = rawObjects;
        Object[] oldValues = values;
        allocate(oldValues.length * 2);
        int mask = values.length - 1;
        for (int i = 0; i < oldValues.length; i++) {
            if (oldValues[i] != null) {
                int slot = slotOf(oldKeys[i], mask);
                while (values[slot] != null) {
                    slot = (slot + 1) & mask;
                }
                keys[slot] = oldKeys[i];
                fetchedMicros[slot] = oldFetched[i];
                runIds[slot] = oldRunIds[i];
                rawObjects[slot] = oldRawObjects[i];
                values[slot] = oldValues[i];
            }
        }
    }
}
