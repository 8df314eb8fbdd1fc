package dev.xlake.convert;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The newest copy of each user among one task's pages, by numeric user id: newest
 * {@code fetched_at}, then the later run id, then the larger object key — the order the table
 * dedup uses, so the task's choice never contradicts the global one.
 *
 * <p>A task offers every user of every page (a run's pages repeat the same authors many times),
 * so this is an open-addressing table over primitive arrays: the id and the fetch time of each
 * slot sit in {@code long[]}s, and most offers are decided without touching a record, where a
 * {@code HashMap<Long, UserRecord>} would chase a pointer (and miss the cache) on every offer.
 */
final class NewestUsers {

    private static final Comparator<String> RUN_ORDER = Comparator.nullsFirst(Comparator.naturalOrder());

    private long[] ids;
    private long[] fetchedMicros;
    private UserRecord[] users;
    private int size;

    NewestUsers() {
        this(1 << 12);
    }

    NewestUsers(int capacity) {
        int slots = Integer.highestOneBit(Math.max(16, capacity) - 1) << 1;
        ids = new long[slots];
        fetchedMicros = new long[slots];
        users = new UserRecord[slots];
    }

    /** Keeps {@code user} if it is the first or a newer copy of its id; ids must be numeric. */
    void offer(UserRecord user) {
        long id = Long.parseUnsignedLong(user.id());
        long fetched = micros(user);
        int mask = users.length - 1;
        for (int slot = slotOf(id, mask); ; slot = (slot + 1) & mask) {
            UserRecord present = users[slot];
            if (present == null) {
                ids[slot] = id;
                fetchedMicros[slot] = fetched;
                users[slot] = user;
                if (++size * 2 > users.length) {
                    grow();
                }
                return;
            }
            if (ids[slot] == id) {
                if (fetched > fetchedMicros[slot] || fetched == fetchedMicros[slot] && newer(user, present)) {
                    fetchedMicros[slot] = fetched;
                    users[slot] = user;
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
    List<UserRecord> values() {
        List<UserRecord> values = new ArrayList<>(size);
        for (UserRecord user : users) {
            if (user != null) {
                values.add(user);
            }
        }
        return values;
    }

    /** For equal fetch times: the later run id wins, then the larger object key. */
    private static boolean newer(UserRecord candidate, UserRecord present) {
        int byRun = RUN_ORDER.compare(candidate.runId(), present.runId());
        return byRun != 0 ? byRun > 0 : candidate.rawObject().compareTo(present.rawObject()) > 0;
    }

    private static long micros(UserRecord user) {
        return Math.addExact(
                Math.multiplyExact(user.fetchedAt().getEpochSecond(), 1_000_000L),
                user.fetchedAt().getNano() / 1_000L);
    }

    /** Snowflake-like ids share their low bits; a multiplicative hash spreads them over the table. */
    private static int slotOf(long id, int mask) {
        return (int) ((id * 0x9E3779B97F4A7C15L) >>> 32) & mask;
    }

    private void grow() {
        long[] oldIds = ids;
        long[] oldFetched = fetchedMicros;
        UserRecord[] oldUsers = users;
        ids = new long[oldUsers.length * 2];
        fetchedMicros = new long[oldUsers.length * 2];
        users = new UserRecord[oldUsers.length * 2];
        int mask = users.length - 1;
        for (int i = 0; i < oldUsers.length; i++) {
            if (oldUsers[i] != null) {
                int slot = slotOf(oldIds[i], mask);
                while (users[slot] != null) {
                    slot = (slot + 1) & mask;
                }
                ids[slot] = oldIds[i];
                fetchedMicros[slot] = oldFetched[i];
                users[slot] = oldUsers[i];
            }
        }
    }
}
