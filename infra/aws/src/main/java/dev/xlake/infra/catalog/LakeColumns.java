package dev.xlake.infra.catalog;

import java.util.List;
import software.amazon.awscdk.services.glue.CfnTable;

/**
 * The Glue columns of the curated tables, in the Hive type names Athena reads. They mirror the
 * converter's Parquet schema ({@code dev.xlake.convert.LakeSchema}, docs/schema.md), minus the
 * partition columns, which live in the directory names rather than the files.
 */
final class LakeColumns {

    private static final String STRINGS = "array<string>";

    static final List<CfnTable.ColumnProperty> TWEETS_PARTITIONS = List.of(
            column("query", "string", "The configured query slug"),
            column("dt", "string", "created_at UTC date, yyyy-MM-dd"));

    static final List<CfnTable.ColumnProperty> TWEETS = List.of(
            column("id", "string"),
            column("text", "string"),
            column("author_id", "string"),
            column("author_username", "string"),
            column("author_name", "string"),
            column("author_verified", "boolean"),
            column("created_at", "timestamp"),
            column("conversation_id", "string"),
            column("in_reply_to_user_id", "string"),
            column("lang", "string"),
            column("possibly_sensitive", "boolean"),
            column("reply_settings", "string"),
            column("source", "string"),
            column("retweet_count", "bigint"),
            column("reply_count", "bigint"),
            column("like_count", "bigint"),
            column("quote_count", "bigint"),
            column("bookmark_count", "bigint"),
            column("impression_count", "bigint"),
            column("hashtags", STRINGS),
            column("cashtags", STRINGS),
            column("mentions", STRINGS),
            column("urls", STRINGS),
            column("referenced_tweets", "array<struct<type:string,id:string>>"),
            column("is_retweet", "boolean"),
            column("is_reply", "boolean"),
            column("is_quote", "boolean"),
            column("media_keys", STRINGS),
            column("place_id", "string"),
            column("edit_history_tweet_ids", STRINGS),
            column(
                    "context_annotations",
                    "array<struct<domain_id:string,domain_name:string,entity_id:string,entity_name:string>>"),
            column("withheld_in_countries", STRINGS),
            column("fetched_at", "timestamp"),
            column("run_id", "string"),
            column("raw_object", "string", "The raw page object the row came from"));

    static final List<CfnTable.ColumnProperty> USERS_PARTITIONS =
            List.of(column("id_bucket", "string", "Unsigned user id modulo 16, two digits (00-15)"));

    static final List<CfnTable.ColumnProperty> USERS = List.of(
            column("id", "string"),
            column("username", "string"),
            column("name", "string"),
            column("created_at", "timestamp"),
            column("description", "string"),
            column("location", "string"),
            column("verified", "boolean"),
            column("verified_type", "string"),
            column("protected", "boolean"),
            column("url", "string"),
            column("profile_image_url", "string"),
            column("followers_count", "bigint"),
            column("following_count", "bigint"),
            column("tweet_count", "bigint"),
            column("listed_count", "bigint"),
            column("like_count", "bigint"),
            column("pinned_tweet_id", "string"),
            column("fetched_at", "timestamp"),
            column("run_id", "string"),
            column("raw_object", "string", "The raw page object the row came from"));

    private LakeColumns() {}

    private static CfnTable.ColumnProperty column(String name, String type) {
        return CfnTable.ColumnProperty.builder().name(name).type(type).build();
    }

    private static CfnTable.ColumnProperty column(String name, String type, String comment) {
        return CfnTable.ColumnProperty.builder()
                .name(name)
                .type(type)
                .comment(comment)
                .build();
    }
}
