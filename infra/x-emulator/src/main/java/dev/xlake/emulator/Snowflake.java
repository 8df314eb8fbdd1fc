package dev.xlake.emulator;

import java.time.Instant;

/**
 * X's id layout: milliseconds since the Twitter epoch in the high bits, then 10 worker bits and a
 * 12-bit sequence. Ids therefore sort by creation time, which is what {@code since_id},
 * {@code until_id} and pagination rely on.
 */
final class Snowflake {

    static final long TWITTER_EPOCH_MILLIS = 1288834974657L;
    static final int SEQUENCE_BITS = 12;
    static final int WORKER_BITS = 10;
    static final int TIMESTAMP_SHIFT = SEQUENCE_BITS + WORKER_BITS;
    static final long MAX_SEQUENCE = (1L << SEQUENCE_BITS) - 1;

    private Snowflake() {}

    static long id(long epochMillis, int worker, int sequence) {
        return ((epochMillis - TWITTER_EPOCH_MILLIS) << TIMESTAMP_SHIFT)
                | ((long) (worker & ((1 << WORKER_BITS) - 1)) << SEQUENCE_BITS)
                | (sequence & MAX_SEQUENCE);
    }

    static long epochMillis(long id) {
        return (id >> TIMESTAMP_SHIFT) + TWITTER_EPOCH_MILLIS;
    }

    static Instant instant(long id) {
        return Instant.ofEpochMilli(epochMillis(id));
    }

    static int worker(long id) {
        return (int) ((id >> SEQUENCE_BITS) & ((1 << WORKER_BITS) - 1));
    }

    static int sequence(long id) {
        return (int) (id & MAX_SEQUENCE);
    }

    /** The smallest id that can belong to a tweet created at or after {@code instant}. */
    static long lowestIdAt(Instant instant) {
        return Math.max(0, (instant.toEpochMilli() - TWITTER_EPOCH_MILLIS) << TIMESTAMP_SHIFT);
    }
}
