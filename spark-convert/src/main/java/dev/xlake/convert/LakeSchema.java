package dev.xlake.convert;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;
import static org.apache.spark.sql.types.DataTypes.createStructField;
import static org.apache.spark.sql.types.DataTypes.createStructType;

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
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The explicit Spark schemas of the curated tables and the quarantine, and the conversion of the
 * flattener's records into rows of them. Column order here is the column order in the files;
 * docs/schema.md documents each column.
 */
public final class LakeSchema {

    public static final String QUERY = "query";
    public static final String DT = "dt";
    public static final String ID_BUCKET = "id_bucket";
    public static final String RUN = "run";

    private static final DataType STRINGS = createArrayType(StringType, true);

    public static final StructType TWEETS = createStructType(new StructField[] {
        field(QUERY, StringType, false),
        field(DT, StringType, false),
        field("id", StringType, false),
        field("text", StringType, true),
        field("author_id", StringType, true),
        field("author_username", StringType, true),
        field("author_name", StringType, true),
        field("author_verified", BooleanType, true),
        field("created_at", TimestampType, false),
        field("conversation_id", StringType, true),
        field("in_reply_to_user_id", StringType, true),
        field("lang", StringType, true),
        field("possibly_sensitive", BooleanType, true),
        field("reply_settings", StringType, true),
        field("source", StringType, true),
        field("retweet_count", LongType, true),
        field("reply_count", LongType, true),
        field("like_count", LongType, true),
        field("quote_count", LongType, true),
        field("bookmark_count", LongType, true),
        field("impression_count", LongType, true),
        field("hashtags", STRINGS, true),
        field("cashtags", STRINGS, true),
        field("mentions", STRINGS, true),
        field("urls", STRINGS, true),
        field(
                "referenced_tweets",
                createArrayType(
                        createStructType(
                                new StructField[] {field("type", StringType, true), field("id", StringType, true)}),
                        true),
                true),
        field("is_retweet", BooleanType, false),
        field("is_reply", BooleanType, false),
        field("is_quote", BooleanType, false),
        field("media_keys", STRINGS, true),
        field("place_id", StringType, true),
        field("edit_history_tweet_ids", STRINGS, true),
        field(
                "context_annotations",
                createArrayType(
                        createStructType(new StructField[] {
                            field("domain_id", StringType, true), field("domain_name", StringType, true),
                            field("entity_id", StringType, true), field("entity_name", StringType, true)
                        }),
                        true),
                true),
        field("withheld_in_countries", STRINGS, true),
        field("fetched_at", TimestampType, false),
        field("run_id", StringType, true),
        field("raw_object", StringType, false)
    });

    public static final StructType USERS = createStructType(new StructField[] {
        field(ID_BUCKET, StringType, false),
        field("id", StringType, false),
        field("username", StringType, true),
        field("name", StringType, true),
        field("created_at", TimestampType, true),
        field("description", StringType, true),
        field("location", StringType, true),
        field("verified", BooleanType, true),
        field("verified_type", StringType, true),
        field("protected", BooleanType, true),
        field("url", StringType, true),
        field("profile_image_url", StringType, true),
        field("followers_count", LongType, true),
        field("following_count", LongType, true),
        field("tweet_count", LongType, true),
        field("listed_count", LongType, true),
        field("like_count", LongType, true),
        field("pinned_tweet_id", StringType, true),
        field("fetched_at", TimestampType, false),
        field("run_id", StringType, true),
        field("raw_object", StringType, false)
    });

    public static final StructType QUARANTINE = createStructType(new StructField[] {
        field(RUN, StringType, false),
        field("reason", StringType, false),
        field("detail", StringType, true),
        field("raw_object", StringType, false),
        field("query", StringType, true),
        field("item_id", StringType, true),
        field("record", StringType, true)
    });

    /**
     * The columns a tweets file holds: {@link #TWEETS} without the partition columns, which live in
     * the folder names ({@code query=<slug>/dt=<date>}), as Spark's partitioned writer leaves them out.
     */
    static final StructType TWEET_FILE =
            createStructType(java.util.Arrays.stream(TWEETS.fields()).skip(2).toArray(StructField[]::new));

    private LakeSchema() {}

    /**
     * A tweet as a row of {@link #TWEET_FILE} in Spark's internal form (what its Parquet writer
     * consumes), built directly: no {@code Row} and no Catalyst conversion on the way to the file.
     * The run id and raw object come in UTF-8 already: they are the same for every tweet of a page,
     * so the writer converts them once per page ({@link TweetStager}).
     */
    static InternalRow tweetFileRow(TweetRecord t, UTF8String runId, UTF8String rawObject) {
        return new GenericInternalRow(new Object[] {
            utf8(t.id()),
            utf8(t.text()),
            utf8(t.authorId()),
            utf8(t.authorUsername()),
            utf8(t.authorName()),
            t.authorVerified(),
            micros(t.createdAt()),
            utf8(t.conversationId()),
            utf8(t.inReplyToUserId()),
            utf8(t.lang()),
            t.possiblySensitive(),
            utf8(t.replySettings()),
            utf8(t.source()),
            t.retweetCount(),
            t.replyCount(),
            t.likeCount(),
            t.quoteCount(),
            t.bookmarkCount(),
            t.impressionCount(),
            utf8Array(t.hashtags()),
            utf8Array(t.cashtags()),
            utf8Array(t.mentions()),
            utf8Array(t.urls()),
            structArray(t.referencedTweets(), r -> new Object[] {utf8(r.type()), utf8(r.id())}),
            t.isRetweet(),
            t.isReply(),
            t.isQuote(),
            utf8Array(t.mediaKeys()),
            utf8(t.placeId()),
            utf8Array(t.editHistoryTweetIds()),
            structArray(t.contextAnnotations(), a ->
                    new Object[] {utf8(a.domainId()), utf8(a.domainName()), utf8(a.entityId()), utf8(a.entityName())}),
            utf8Array(t.withheldInCountries()),
            micros(t.fetchedAt()),
            runId,
            rawObject
        });
    }

    /** A user as a row of {@link #USERS} (bucket column included) in Spark's internal form. */
    static InternalRow userFileRow(UserRecord u) {
        return new GenericInternalRow(new Object[] {
            utf8(u.idBucket()), utf8(u.id()), utf8(u.username()), utf8(u.name()), micros(u.createdAt()),
            utf8(u.description()), utf8(u.location()), u.verified(), utf8(u.verifiedType()), u.isProtected(),
            utf8(u.url()), utf8(u.profileImageUrl()), u.followersCount(), u.followingCount(), u.tweetCount(),
            u.listedCount(), u.likeCount(), utf8(u.pinnedTweetId()), micros(u.fetchedAt()), utf8(u.runId()),
            utf8(u.rawObject())
        });
    }

    static Row quarantineRow(QuarantineRecord q) {
        return RowFactory.create(q.run(), q.reason(), q.detail(), q.rawObject(), q.query(), q.itemId(), q.record());
    }

    private static StructField field(String name, DataType type, boolean nullable) {
        return createStructField(name, type, nullable);
    }

    static UTF8String utf8(String value) {
        return value == null ? null : UTF8String.fromString(value);
    }

    private static Long micros(Instant instant) {
        return instant == null
                ? null
                : Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000L);
    }

    /** Empty lists become null: "absent" and "none" are not told apart by X either. */
    private static ArrayData utf8Array(List<String> values) {
        if (values.isEmpty()) {
            return null;
        }
        Object[] items = new Object[values.size()];
        for (int i = 0; i < items.length; i++) {
            items[i] = utf8(values.get(i));
        }
        return new GenericArrayData(items);
    }

    private static <T> ArrayData structArray(List<T> values, Function<T, Object[]> toFields) {
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
