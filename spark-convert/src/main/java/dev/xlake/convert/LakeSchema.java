package dev.xlake.convert;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;
import static org.apache.spark.sql.types.DataTypes.createStructField;
import static org.apache.spark.sql.types.DataTypes.createStructType;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

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
      field("referenced_tweets", createArrayType(createStructType(new StructField[] {
          field("type", StringType, true), field("id", StringType, true)}), true), true),
      field("is_retweet", BooleanType, false),
      field("is_reply", BooleanType, false),
      field("is_quote", BooleanType, false),
      field("media_keys", STRINGS, true),
      field("place_id", StringType, true),
      field("edit_history_tweet_ids", STRINGS, true),
      field("context_annotations", createArrayType(createStructType(new StructField[] {
          field("domain_id", StringType, true), field("domain_name", StringType, true),
          field("entity_id", StringType, true), field("entity_name", StringType, true)}), true), true),
      field("withheld_in_countries", STRINGS, true),
      field("fetched_at", TimestampType, false),
      field("run_id", StringType, true),
      field("raw_object", StringType, false)});

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
      field("raw_object", StringType, false)});

  public static final StructType QUARANTINE = createStructType(new StructField[] {
      field(RUN, StringType, false),
      field("reason", StringType, false),
      field("detail", StringType, true),
      field("raw_object", StringType, false),
      field("query", StringType, true),
      field("item_id", StringType, true),
      field("record", StringType, true)});

  /** What one flattened item is, as one row: exactly one of the three fields is set. */
  static final StructType ENVELOPE = createStructType(new StructField[] {
      field("tweet", TWEETS, true), field("user", USERS, true), field("quarantine", QUARANTINE, true)});

  private LakeSchema() {
  }

  static Row tweetRow(TweetRecord t) {
    return RowFactory.create(t.query(), t.dt(), t.id(), t.text(), t.authorId(), t.authorUsername(),
        t.authorName(), t.authorVerified(), timestamp(t.createdAt()), t.conversationId(),
        t.inReplyToUserId(), t.lang(), t.possiblySensitive(), t.replySettings(), t.source(),
        t.retweetCount(), t.replyCount(), t.likeCount(), t.quoteCount(), t.bookmarkCount(),
        t.impressionCount(), array(t.hashtags()), array(t.cashtags()), array(t.mentions()),
        array(t.urls()),
        array(t.referencedTweets(), r -> RowFactory.create(r.type(), r.id())),
        t.isRetweet(), t.isReply(), t.isQuote(), array(t.mediaKeys()), t.placeId(),
        array(t.editHistoryTweetIds()),
        array(t.contextAnnotations(),
            a -> RowFactory.create(a.domainId(), a.domainName(), a.entityId(), a.entityName())),
        array(t.withheldInCountries()), timestamp(t.fetchedAt()), t.runId(), t.rawObject());
  }

  static Row userRow(UserRecord u) {
    return RowFactory.create(u.idBucket(), u.id(), u.username(), u.name(), timestamp(u.createdAt()),
        u.description(), u.location(), u.verified(), u.verifiedType(), u.isProtected(), u.url(),
        u.profileImageUrl(), u.followersCount(), u.followingCount(), u.tweetCount(),
        u.listedCount(), u.likeCount(), u.pinnedTweetId(), timestamp(u.fetchedAt()), u.runId(),
        u.rawObject());
  }

  static Row quarantineRow(QuarantineRecord q) {
    return RowFactory.create(q.run(), q.reason(), q.detail(), q.rawObject(), q.query(), q.itemId(),
        q.record());
  }

  static Row envelope(Row tweet, Row user, Row quarantine) {
    return RowFactory.create(tweet, user, quarantine);
  }

  private static StructField field(String name, DataType type, boolean nullable) {
    return createStructField(name, type, nullable);
  }

  private static Timestamp timestamp(Instant instant) {
    return instant == null ? null : Timestamp.from(instant);
  }

  /** Empty lists become null: "absent" and "none" are not told apart by X either. */
  private static Object array(List<String> values) {
    return values.isEmpty() ? null : values.toArray(new String[0]);
  }

  private static <T> Object array(List<T> values, Function<T, Row> toRow) {
    return values.isEmpty() ? null : values.stream().map(toRow).toArray(Row[]::new);
  }
}
