package dev.xlake.convert;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;
import static org.apache.spark.sql.types.DataTypes.createStructField;
import static org.apache.spark.sql.types.DataTypes.createStructType;
import static org.assertj.core.api.Assertions.assertThat;

import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * The Spark schemas built from core's table definitions are exactly the schemas the lake's files
 * have always had: the same names, types, nullability and order, written out here by hand.
 */
class LakeSchemaTest {

    private static final DataType STRINGS = createArrayType(StringType, true);

    private static final StructType TWEETS = createStructType(new StructField[] {
        field("query", StringType, false),
        field("dt", StringType, false),
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
        field("retweeted_id", StringType, true),
        field("retweeted_text", StringType, true),
        field("media_keys", STRINGS, true),
        field("poll_ids", STRINGS, true),
        field("place_id", StringType, true),
        field("edit_history_tweet_ids", STRINGS, true),
        field(
                "edit_controls",
                createStructType(new StructField[] {
                    field("edits_remaining", LongType, true),
                    field("is_edit_eligible", BooleanType, true),
                    field("editable_until", TimestampType, true)
                }),
                true),
        field(
                "context_annotations",
                createArrayType(
                        createStructType(new StructField[] {
                            field("domain_id", StringType, true), field("domain_name", StringType, true),
                            field("entity_id", StringType, true), field("entity_name", StringType, true)
                        }),
                        true),
                true),
        field(
                "annotations",
                createArrayType(
                        createStructType(new StructField[] {
                            field("start", LongType, true), field("end", LongType, true),
                            field("probability", DoubleType, true), field("type", StringType, true),
                            field("normalized_text", StringType, true)
                        }),
                        true),
                true),
        field("withheld_in_countries", STRINGS, true),
        field("fetched_at", TimestampType, false),
        field("run_id", StringType, true),
        field("raw_object", StringType, false)
    });

    private static final StructType USERS = createStructType(new StructField[] {
        field("id_bucket", StringType, false),
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

    private static final StructType QUARANTINE = createStructType(new StructField[] {
        field("run", StringType, false),
        field("reason", StringType, false),
        field("detail", StringType, true),
        field("raw_object", StringType, false),
        field("query", StringType, true),
        field("item_id", StringType, true),
        field("record", StringType, true)
    });

    @Test
    void shouldBuildTheTweetsSchemaFromTheTableDefinition() {
        assertThat(LakeSchema.TWEETS).isEqualTo(TWEETS);
    }

    @Test
    void shouldBuildTheUsersSchemaFromTheTableDefinition() {
        assertThat(LakeSchema.USERS).isEqualTo(USERS);
    }

    @Test
    void shouldBuildTheQuarantineSchemaFromTheTableDefinition() {
        assertThat(LakeSchema.QUARANTINE).isEqualTo(QUARANTINE);
    }

    private static StructField field(String name, DataType type, boolean nullable) {
        return createStructField(name, type, nullable);
    }
}
