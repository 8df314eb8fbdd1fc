package dev.xlake.convert;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;
import static org.apache.spark.sql.types.DataTypes.createStructField;
import static org.apache.spark.sql.types.DataTypes.createStructType;

import dev.xlake.core.schema.Column;
import dev.xlake.core.schema.ColumnType;
import dev.xlake.core.schema.LakeTables;
import dev.xlake.core.schema.TableDef;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The explicit Spark schemas of the curated tables and the quarantine, built from core's table
 * definitions ({@link LakeTables}, which the Glue tables are built from too), and the conversion of
 * the flattener's records into rows of them. Column order is the column order in the files;
 * docs/schema.md documents each column.
 */
public final class LakeSchema {

    /** The partition column names, here too for the CLI's queries (they are {@link LakeTables}'s). */
    public static final String QUERY = LakeTables.QUERY;

    public static final String DT = LakeTables.DT;
    public static final String ID_BUCKET = LakeTables.ID_BUCKET;
    public static final String RUN = LakeTables.RUN;

    public static final StructType TWEETS = structOf(LakeTables.TWEETS.allColumns());
    public static final StructType USERS = structOf(LakeTables.USERS.allColumns());
    public static final StructType QUARANTINE = structOf(LakeTables.QUARANTINE.allColumns());

    private LakeSchema() {}

    /**
     * A tweet as a row of {@link #TWEETS} (partition columns first) in Spark's internal form: what
     * the Iceberg tables store, where every column is in the file.
     */
    static InternalRow tweetRow(
            TweetRecord t, UTF8String query, UTF8String dt, UTF8String runId, UTF8String rawObject) {
        Object[] fields = tweetFileFields(t, runId, rawObject, 2);
        fields[0] = query;
        fields[1] = dt;
        return new GenericInternalRow(fields);
    }

    /** The file columns' values, after {@code offset} slots left for the caller. */
    private static Object[] tweetFileFields(TweetRecord t, UTF8String runId, UTF8String rawObject, int offset) {
        Object[] values = {
            utf8(t.id()),
            t.text(),
            utf8(t.authorId()),
            t.authorUsername(),
            t.authorName(),
            t.authorVerified(),
            micros(t.createdAt()),
            t.conversationId(),
            t.inReplyToUserId(),
            t.lang(),
            t.possiblySensitive(),
            t.replySettings(),
            t.source(),
            t.retweetCount(),
            t.replyCount(),
            t.likeCount(),
            t.quoteCount(),
            t.bookmarkCount(),
            t.impressionCount(),
            array(t.hashtags()),
            array(t.cashtags()),
            array(t.mentions()),
            array(t.urls()),
            structArray(t.referencedTweets(), r -> new Object[] {utf8(r.type()), utf8(r.id())}),
            t.isRetweet(),
            t.isReply(),
            t.isQuote(),
            utf8(t.retweetedId()),
            t.retweetedText(),
            array(t.mediaKeys()),
            array(t.pollIds()),
            t.placeId(),
            array(t.editHistoryTweetIds()),
            editControls(t.editControls()),
            structArray(t.contextAnnotations(), a ->
                    new Object[] {a.domainId(), a.domainName(), a.entityId(), a.entityName()}),
            structArray(t.annotations(), a ->
                    new Object[] {a.start(), a.end(), a.probability(), a.type(), a.normalizedText()}),
            array(t.withheldInCountries()),
            micros(t.fetchedAt()),
            runId,
            rawObject
        };
        if (offset == 0) {
            return values;
        }
        Object[] fields = new Object[offset + values.length];
        System.arraycopy(values, 0, fields, offset, values.length);
        return fields;
    }

    /** A user as a row of {@link #USERS} (bucket column included) in Spark's internal form. */
    static InternalRow userFileRow(UserRecord u) {
        return new GenericInternalRow(new Object[] {
            utf8(u.idBucket()), utf8(u.id()), u.username(), u.name(), micros(u.createdAt()),
            u.description(), u.location(), u.verified(), u.verifiedType(), u.isProtected(),
            u.url(), u.profileImageUrl(), u.followersCount(), u.followingCount(), u.tweetCount(),
            u.listedCount(), u.likeCount(), u.pinnedTweetId(), micros(u.fetchedAt()), utf8(u.runId()),
            utf8(u.rawObject())
        });
    }

    /** A referenced post as a row of {@code referenced_tweets}: the tweet's file columns. */
    static InternalRow referencedTweetRow(TweetRecord t) {
        return new GenericInternalRow(tweetFileFields(t, utf8(t.runId()), utf8(t.rawObject()), 0));
    }

    /** The Spark schema of a table's rows, partition columns first. */
    static StructType sparkType(TableDef table) {
        return structOf(table.allColumns());
    }

    static Row quarantineRow(QuarantineRecord q) {
        return RowFactory.create(q.run(), q.reason(), q.detail(), q.rawObject(), q.query(), q.itemId(), q.record());
    }

    private static StructType structOf(List<Column> columns) {
        return createStructType(columns.stream()
                .map(column -> createStructField(column.name(), sparkType(column.type()), column.nullable()))
                .toList());
    }

    /** Lists may hold nulls and struct fields are nullable, as {@link ColumnType} defines them. */
    private static DataType sparkType(ColumnType type) {
        if (type instanceof ColumnType.ArrayOf array) {
            return createArrayType(sparkType(array.element()), true);
        }
        if (type instanceof ColumnType.StructOf struct) {
            return structOf(struct.fields());
        }
        return switch ((ColumnType.Primitive) type) {
            case STRING -> StringType;
            case BOOLEAN -> BooleanType;
            case LONG -> LongType;
            case DOUBLE -> DoubleType;
            case TIMESTAMP -> TimestampType;
        };
    }

    private static InternalRow editControls(TweetRecord.EditControls controls) {
        return controls == null
                ? null
                : new GenericInternalRow(new Object[] {
                    controls.editsRemaining(), controls.isEditEligible(), micros(controls.editableUntil())
                });
    }

    static UTF8String utf8(String value) {
        return value == null ? null : UTF8String.fromString(value);
    }

    static Long micros(Instant instant) {
        return instant == null
                ? null
                : Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000L);
    }

    /** Empty lists become null: "absent" and "none" are not told apart by X either. */
    static ArrayData utf8Array(List<String> values) {
        if (values.isEmpty()) {
            return null;
        }
        Object[] items = new Object[values.size()];
        for (int i = 0; i < items.length; i++) {
            items[i] = utf8(values.get(i));
        }
        return new GenericArrayData(items);
    }

    /** {@link #utf8Array} for values that are UTF-8 already. */
    static ArrayData array(List<UTF8String> values) {
        return values.isEmpty() ? null : new GenericArrayData(values.toArray());
    }

    static <T> ArrayData structArray(List<T> values, Function<T, Object[]> toFields) {
        if (values.isEmpty()) {
            return null;
        }
        Object[] items = new Object[values.size()];
        for (int i = 0; i < items.length; i++) {
            items[i] = new GenericInternalRow(toFields.apply(values.get(i)));
        }
        return new GenericArrayData(items);
    }
}
