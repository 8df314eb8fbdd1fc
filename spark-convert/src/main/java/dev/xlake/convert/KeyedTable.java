package dev.xlake.convert;

import static dev.xlake.convert.LakeSchema.micros;
import static dev.xlake.convert.LakeSchema.structArray;
import static dev.xlake.convert.LakeSchema.utf8;
import static dev.xlake.convert.LakeSchema.utf8Array;

import dev.xlake.core.schema.LakeTables;
import dev.xlake.core.schema.TableDef;
import java.util.List;
import java.util.function.Function;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.types.StructType;

/**
 * A table with one row per key, the newest fetch winning: users and the other objects of the
 * pages' {@code includes}. Each is a table definition (core's {@link LakeTables}), a key column,
 * how its Iceberg table is partitioned, which records of a page are its rows and how a record
 * becomes a row; the conversion treats them all alike: a task keeps the newest copy of each key
 * ({@link NewestRows}) and writes it at the end (several tasks: once, through {@link
 * KeyedShuffle}), the driver commits each table once, upserting ({@link IcebergCommit}, {@link
 * NewerRowsUpsert}).
 *
 * <p>Partitioning: {@code users} is spread over {@value LakeTables#USER_BUCKETS} buckets of
 * Iceberg's {@code bucket(id)}; the others are unpartitioned: one file per task instead of up to
 * 16 keeps a tick cheap and the bulk load within its budget (docs/schema.md, docs/benchmarks.md),
 * and {@code xlake maintain} compacts them.
 */
final class KeyedTable<R extends KeyedRecord> {

    /** The name of the bucket partition field of the bucketed tables. */
    static final String BUCKET_PARTITION = IcebergLake.USERS_PARTITION;

    static final KeyedTable<UserRecord> USERS =
            new KeyedTable<>(LakeTables.USERS, "id", true, FlattenedPage::users, LakeSchema::userFileRow);

    static final KeyedTable<TweetRecord> REFERENCED_TWEETS = new KeyedTable<>(
            LakeTables.REFERENCED_TWEETS, "id", false, FlattenedPage::referencedTweets, LakeSchema::referencedTweetRow);

    static final KeyedTable<MediaRecord> MEDIA =
            new KeyedTable<>(LakeTables.MEDIA, "media_key", false, FlattenedPage::media, KeyedTable::mediaRow);

    static final KeyedTable<PlaceRecord> PLACES =
            new KeyedTable<>(LakeTables.PLACES, "id", false, FlattenedPage::places, KeyedTable::placeRow);

    static final KeyedTable<PollRecord> POLLS =
            new KeyedTable<>(LakeTables.POLLS, "id", false, FlattenedPage::polls, KeyedTable::pollRow);

    /** All of them; {@link KeyedCommits} decides the order of their commits. */
    static final List<KeyedTable<?>> ALL = List.of(USERS, REFERENCED_TWEETS, MEDIA, PLACES, POLLS);

    private final TableDef definition;
    private final String key;
    private final boolean bucketed;
    private final Function<FlattenedPage, List<R>> rowsOf;
    private final Function<R, InternalRow> row;
    private final StructType sparkType;

    private KeyedTable(
            TableDef definition,
            String key,
            boolean bucketed,
            Function<FlattenedPage, List<R>> rowsOf,
            Function<R, InternalRow> row) {
        this.definition = definition;
        this.key = key;
        this.bucketed = bucketed;
        this.rowsOf = rowsOf;
        this.row = row;
        this.sparkType = LakeSchema.sparkType(definition);
    }

    TableDef definition() {
        return definition;
    }

    String name() {
        return definition.name();
    }

    String key() {
        return key;
    }

    boolean bucketed() {
        return bucketed;
    }

    StructType sparkType() {
        return sparkType;
    }

    /** The Iceberg partition spec of a new table: {@code bucket(16, key)}, or none. */
    PartitionSpec spec(Schema schema) {
        return bucketed
                ? PartitionSpec.builderFor(schema)
                        .bucket(key, LakeTables.USER_BUCKETS, BUCKET_PARTITION)
                        .build()
                : PartitionSpec.builderFor(schema).build();
    }

    /** Offers the page's records of this table to {@code newest}. */
    void offer(FlattenedPage page, NewestRows<R, ?> newest) {
        for (R record : rowsOf.apply(page)) {
            newest.offer(record);
        }
    }

    InternalRow row(R record) {
        return row.apply(record);
    }

    /**
     * An empty table of one task's newest records of this table, handing on each as its row
     * ({@link SizedRow}, an {@link UnsafeRow} of {@code rowType}, the write target's), and keeping
     * rows instead of records past {@code recordsUpTo} keys ({@link NewestRows}), a newer copy
     * written over the one it replaces when it fits. Not thread-safe, like the projection it uses.
     */
    NewestRows<R, byte[]> newestRows(StructType rowType, int recordsUpTo) {
        UnsafeProjection unsafe = UnsafeProjection.create(rowType);
        return new NewestRows<>(
                (record, replaced) -> SizedRow.write(unsafe.apply(row(record)), replaced), 1 << 6, recordsUpTo);
    }

    static InternalRow mediaRow(MediaRecord m) {
        return new GenericInternalRow(new Object[] {
            utf8(m.mediaKey()),
            utf8(m.type()),
            utf8(m.url()),
            utf8(m.previewImageUrl()),
            m.width(),
            m.height(),
            m.durationMs(),
            utf8(m.altText()),
            m.viewCount(),
            structArray(m.variants(), v -> new Object[] {v.bitRate(), utf8(v.contentType()), utf8(v.url())}),
            micros(m.fetchedAt()),
            utf8(m.runId()),
            utf8(m.rawObject())
        });
    }

    static InternalRow placeRow(PlaceRecord p) {
        PlaceRecord.BoundingBox box = p.boundingBox();
        return new GenericInternalRow(new Object[] {
            utf8(p.id()),
            utf8(p.fullName()),
            utf8(p.name()),
            utf8(p.country()),
            utf8(p.countryCode()),
            utf8(p.placeType()),
            box == null
                    ? null
                    : new GenericInternalRow(new Object[] {box.west(), box.south(), box.east(), box.north()}),
            utf8Array(p.containedWithin()),
            micros(p.fetchedAt()),
            utf8(p.runId()),
            utf8(p.rawObject())
        });
    }

    static InternalRow pollRow(PollRecord p) {
        return new GenericInternalRow(new Object[] {
            utf8(p.id()),
            structArray(p.options(), o -> new Object[] {o.position(), utf8(o.label()), o.votes()}),
            p.durationMinutes(),
            micros(p.endDatetime()),
            utf8(p.votingStatus()),
            micros(p.fetchedAt()),
            utf8(p.runId()),
            utf8(p.rawObject())
        });
    }
}
