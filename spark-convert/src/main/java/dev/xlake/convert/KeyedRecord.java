package dev.xlake.convert;

import java.time.Instant;

/**
 * A row of a table with one row per key (users, referenced posts, media, places, polls): what the
 * dedup needs to keep the newest copy of a key, the same order everywhere ({@link NewestRows}, the
 * table commit): newest {@code fetched_at}, then the later run id (null oldest), then the larger
 * raw object key.
 */
public interface KeyedRecord {

    /** The table's key: a user, post, place or poll id, or a media key. */
    String key();

    Instant fetchedAt();

    String runId();

    String rawObject();
}
