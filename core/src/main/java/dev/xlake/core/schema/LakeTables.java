package dev.xlake.core.schema;

import static dev.xlake.core.schema.Column.optional;
import static dev.xlake.core.schema.Column.required;
import static dev.xlake.core.schema.Column.string;
import static dev.xlake.core.schema.ColumnType.STRING_ARRAY;

import dev.xlake.core.schema.ColumnType.ArrayOf;
import dev.xlake.core.schema.ColumnType.Primitive;
import dev.xlake.core.schema.ColumnType.StructOf;
import java.util.ArrayList;
import java.util.List;

/**
 * The curated tables and their columns, defined once: the converter's Spark schemas and the Glue
 * table definitions of the CDK stack are both built from these. docs/schema.md documents each
 * column; the column order here is the order in the files.
 */
public final class LakeTables {

    public static final String QUERY = "query";
    public static final String DT = "dt";
    public static final String ID_BUCKET = "id_bucket";
    /** The quarantine's partition column: the run whose pages were converted. */
    public static final String RUN = "run";

    /** Users are spread over this many {@code id_bucket} partitions (unsigned id modulo this). */
    public static final int USER_BUCKETS = 16;

    public static final TableDef TWEETS = new TableDef(
            "tweets",
            List.of(
                    required(QUERY, Primitive.STRING).withComment("The configured query slug"),
                    required(DT, Primitive.STRING).withComment("created_at UTC date, yyyy-MM-dd")),
            Columns.of(
                            required("id", Primitive.STRING),
                            string("text"),
                            string("author_id"),
                            string("author_username"),
                            string("author_name"),
                            optional("author_verified", Primitive.BOOLEAN),
                            required("created_at", Primitive.TIMESTAMP),
                            string("conversation_id"),
                            string("in_reply_to_user_id"),
                            string("lang"),
                            optional("possibly_sensitive", Primitive.BOOLEAN),
                            string("reply_settings"),
                            string("source"))
                    .publicMetrics(
                            "retweet_count",
                            "reply_count",
                            "like_count",
                            "quote_count",
                            "bookmark_count",
                            "impression_count")
                    .then(
                            optional("hashtags", STRING_ARRAY),
                            optional("cashtags", STRING_ARRAY),
                            optional("mentions", STRING_ARRAY),
                            optional("urls", STRING_ARRAY),
                            optional(
                                    "referenced_tweets",
                                    new ArrayOf(new StructOf(List.of(string("type"), string("id"))))),
                            required("is_retweet", Primitive.BOOLEAN),
                            required("is_reply", Primitive.BOOLEAN),
                            required("is_quote", Primitive.BOOLEAN),
                            string("retweeted_id").withComment("The id of the post this one retweets"),
                            string("retweeted_text").withComment("The full text of the post this one retweets"),
                            optional("media_keys", STRING_ARRAY),
                            optional("poll_ids", STRING_ARRAY),
                            string("place_id"),
                            optional("edit_history_tweet_ids", STRING_ARRAY),
                            optional(
                                    "edit_controls",
                                    new StructOf(List.of(
                                            optional("edits_remaining", Primitive.LONG),
                                            optional("is_edit_eligible", Primitive.BOOLEAN),
                                            optional("editable_until", Primitive.TIMESTAMP)))),
                            optional(
                                    "context_annotations",
                                    new ArrayOf(new StructOf(List.of(
                                            string("domain_id"),
                                            string("domain_name"),
                                            string("entity_id"),
                                            string("entity_name"))))),
                            optional(
                                    "annotations",
                                    new ArrayOf(new StructOf(List.of(
                                            optional("start", Primitive.LONG),
                                            optional("end", Primitive.LONG),
                                            optional("probability", Primitive.DOUBLE),
                                            string("type"),
                                            string("normalized_text"))))),
                            optional("withheld_in_countries", STRING_ARRAY))
                    .andFetchColumns());

    public static final TableDef USERS = new TableDef(
            "users",
            List.of(required(ID_BUCKET, Primitive.STRING)
                    .withComment("Unsigned user id modulo " + USER_BUCKETS + ", two digits (00-15)")),
            Columns.of(
                            required("id", Primitive.STRING),
                            string("username"),
                            string("name"),
                            optional("created_at", Primitive.TIMESTAMP),
                            string("description"),
                            string("location"),
                            optional("verified", Primitive.BOOLEAN),
                            string("verified_type"),
                            optional("protected", Primitive.BOOLEAN),
                            string("url"),
                            string("profile_image_url"))
                    .publicMetrics("followers_count", "following_count", "tweet_count", "listed_count", "like_count")
                    .then(string("pinned_tweet_id"))
                    .andFetchColumns());

    /**
     * The posts of the pages' {@code includes.tweets} (the posts the page's tweets retweet, quote or
     * reply to), one row per post id: the tweet columns that apply to a post outside any query
     * ({@code tweets}' file columns; no {@code query} or {@code dt}).
     */
    public static final TableDef REFERENCED_TWEETS = new TableDef(
            "referenced_tweets",
            List.of(),
            TWEETS.fileColumns().stream()
                    .filter(column ->
                            !column.name().equals(QUERY) && !column.name().equals(DT))
                    // a referenced post is kept for what it has: X may leave a field out of includes
                    .map(column -> column.name().equals("created_at") ? optional(column.name(), column.type()) : column)
                    .toList());

    /** The pages' {@code includes.media}, one row per {@code media_key}. */
    public static final TableDef MEDIA = includesTable(
            "media",
            required("media_key", Primitive.STRING),
            string("type").withComment("photo, video or animated_gif"),
            string("url").withComment("Photos only: X sends no url for videos and GIFs"),
            string("preview_image_url"),
            optional("width", Primitive.LONG),
            optional("height", Primitive.LONG),
            optional("duration_ms", Primitive.LONG),
            string("alt_text"),
            optional("view_count", Primitive.LONG).withComment("public_metrics.view_count"),
            optional(
                    "variants",
                    new ArrayOf(new StructOf(
                            List.of(optional("bit_rate", Primitive.LONG), string("content_type"), string("url"))))));

    /** The pages' {@code includes.places}, one row per place {@code id}. */
    public static final TableDef PLACES = includesTable(
            "places",
            required("id", Primitive.STRING),
            string("full_name"),
            string("name"),
            string("country"),
            string("country_code"),
            string("place_type"),
            optional(
                            "bounding_box",
                            new StructOf(List.of(
                                    optional("west", Primitive.DOUBLE),
                                    optional("south", Primitive.DOUBLE),
                                    optional("east", Primitive.DOUBLE),
                                    optional("north", Primitive.DOUBLE))))
                    .withComment("geo.bbox: longitude and latitude bounds, WGS 84"),
            optional("contained_within", STRING_ARRAY));

    /** The pages' {@code includes.polls}, one row per poll {@code id}: the newest fetch's votes. */
    public static final TableDef POLLS = includesTable(
            "polls",
            required("id", Primitive.STRING),
            optional(
                    "options",
                    new ArrayOf(new StructOf(List.of(
                            optional("position", Primitive.LONG),
                            string("label"),
                            optional("votes", Primitive.LONG))))),
            optional("duration_minutes", Primitive.LONG),
            optional("end_datetime", Primitive.TIMESTAMP),
            string("voting_status"));

    /**
     * The tables with one row per key, the newest fetch winning: users and the other expansions.
     * Glue and Athena see each as an Iceberg table of the same database.
     */
    public static final List<TableDef> KEYED = List.of(USERS, REFERENCED_TWEETS, MEDIA, PLACES, POLLS);

    /** Pages and items the converter could not use, with the reason (docs/s3-layout.md). */
    public static final TableDef QUARANTINE = new TableDef(
            "quarantine",
            List.of(required(RUN, Primitive.STRING)),
            List.of(
                    required("reason", Primitive.STRING),
                    string("detail"),
                    required("raw_object", Primitive.STRING),
                    string("query"),
                    string("item_id"),
                    string("record")));

    /**
     * A table of the pages' {@code includes} objects: not partitioned, keyed by the first of
     * {@code columns}, ending with the fetch columns as every table of fetched objects.
     */
    private static TableDef includesTable(String name, Column... columns) {
        return new TableDef(name, List.of(), Columns.of(columns).andFetchColumns());
    }

    /**
     * A table's columns in file order; every table of fetched objects ends with the fetch that
     * stored the row and the object as X sent it ({@link #andFetchColumns}).
     */
    private static final class Columns {
        private final List<Column> columns = new ArrayList<>();

        static Columns of(Column... first) {
            return new Columns().then(first);
        }

        Columns then(Column... more) {
            columns.addAll(List.of(more));
            return this;
        }

        /** Counts of X's {@code public_metrics} object, in this order: optional, a count X left out is null. */
        Columns publicMetrics(String... counts) {
            for (String count : counts) {
                columns.add(optional(count, Primitive.LONG));
            }
            return this;
        }

        /** The columns, then the fetch columns: the newest {@code fetched_at} wins a key. */
        List<Column> andFetchColumns() {
            then(
                    required("fetched_at", Primitive.TIMESTAMP),
                    string("run_id"),
                    required("raw_object", Primitive.STRING).withComment("The raw page object the row came from"));
            return List.copyOf(columns);
        }
    }

    private LakeTables() {}
}
