package dev.xlake.xapi;

/**
 * The fields and expansions requested on every page: everything useful for analytics that the
 * recent-search endpoint returns to an app-only bearer token (names from X's OpenAPI spec 2.159;
 * metrics that need user context, such as non_public_metrics, are left out).
 */
public final class SearchFields {

    public static final String TWEET_FIELDS = String.join(
            ",",
            "attachments",
            "author_id",
            "context_annotations",
            "conversation_id",
            "created_at",
            "edit_controls",
            "edit_history_tweet_ids",
            "entities",
            "geo",
            "id",
            "in_reply_to_user_id",
            "lang",
            "note_tweet",
            "possibly_sensitive",
            "public_metrics",
            "referenced_tweets",
            "reply_settings",
            "source",
            "text",
            "withheld");
    public static final String EXPANSIONS = String.join(
            ",",
            "author_id",
            "referenced_tweets.id",
            "referenced_tweets.id.author_id",
            "entities.mentions.username",
            "attachments.media_keys",
            "attachments.poll_ids",
            "geo.place_id",
            "in_reply_to_user_id");
    /** The expansions that bring no user object: a query with {@code expand_users=false}. */
    public static final String EXPANSIONS_WITHOUT_USERS =
            String.join(",", "referenced_tweets.id", "attachments.media_keys", "attachments.poll_ids", "geo.place_id");

    public static final String USER_FIELDS = String.join(
            ",",
            "created_at",
            "description",
            "entities",
            "id",
            "location",
            "name",
            "pinned_tweet_id",
            "profile_image_url",
            "protected",
            "public_metrics",
            "url",
            "username",
            "verified",
            "verified_type",
            "withheld");
    public static final String MEDIA_FIELDS = String.join(
            ",",
            "alt_text",
            "duration_ms",
            "height",
            "media_key",
            "preview_image_url",
            "public_metrics",
            "type",
            "url",
            "variants",
            "width");
    public static final String PLACE_FIELDS = String.join(
            ",", "contained_within", "country", "country_code", "full_name", "geo", "id", "name", "place_type");
    public static final String POLL_FIELDS =
            String.join(",", "duration_minutes", "end_datetime", "id", "options", "voting_status");

    private SearchFields() {}
}
