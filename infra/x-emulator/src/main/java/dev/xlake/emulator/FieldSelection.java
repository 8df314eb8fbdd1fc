package dev.xlake.emulator;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code tweet.fields}, {@code user.fields}, {@code media.fields}, {@code place.fields},
 * {@code poll.fields} and {@code expansions} of a request, validated against the values X's
 * OpenAPI spec (v2.159) allows. X always returns the default fields of each object on top.
 */
record FieldSelection(
        Set<String> tweet,
        Set<String> user,
        Set<String> media,
        Set<String> place,
        Set<String> poll,
        Set<String> expansions) {

    static final List<String> TWEET_FIELDS = List.of(
            "article",
            "attachments",
            "author_id",
            "card_uri",
            "community_id",
            "context_annotations",
            "conversation_id",
            "created_at",
            "display_text_range",
            "edit_controls",
            "edit_history_tweet_ids",
            "entities",
            "geo",
            "id",
            "in_reply_to_user_id",
            "lang",
            "media_metadata",
            "non_public_metrics",
            "note_tweet",
            "organic_metrics",
            "possibly_sensitive",
            "promoted_metrics",
            "public_metrics",
            "referenced_tweets",
            "reply_settings",
            "scopes",
            "source",
            "suggested_source_links",
            "suggested_source_links_with_counts",
            "text",
            "withheld");
    static final List<String> USER_FIELDS = List.of(
            "affiliation",
            "confirmed_email",
            "connection_status",
            "created_at",
            "description",
            "entities",
            "id",
            "is_identity_verified",
            "location",
            "most_recent_tweet_id",
            "name",
            "parody",
            "pinned_tweet_id",
            "profile_banner_url",
            "profile_image_url",
            "protected",
            "public_metrics",
            "receives_your_dm",
            "subscription",
            "subscription_type",
            "url",
            "username",
            "verified",
            "verified_followers_count",
            "verified_type",
            "withheld");
    static final List<String> MEDIA_FIELDS = List.of(
            "alt_text",
            "duration_ms",
            "height",
            "media_key",
            "non_public_metrics",
            "organic_metrics",
            "preview_image_url",
            "promoted_metrics",
            "public_metrics",
            "type",
            "url",
            "variants",
            "width");
    static final List<String> PLACE_FIELDS =
            List.of("contained_within", "country", "country_code", "full_name", "geo", "id", "name", "place_type");
    static final List<String> POLL_FIELDS =
            List.of("duration_minutes", "end_datetime", "id", "options", "voting_status");
    static final List<String> EXPANSIONS = List.of(
            "article.cover_media",
            "article.media_entities",
            "attachments.media_keys",
            "attachments.media_source_tweet",
            "attachments.poll_ids",
            "author_id",
            "edit_history_tweet_ids",
            "entities.mentions.username",
            "geo.place_id",
            "in_reply_to_user_id",
            "entities.note.mentions.username",
            "referenced_tweets.id",
            "referenced_tweets.id.attachments.media_keys",
            "referenced_tweets.id.author_id");

    static FieldSelection parse(Map<String, String> params) {
        return new FieldSelection(
                withDefaults(params, "tweet.fields", TWEET_FIELDS, "id", "text", "edit_history_tweet_ids"),
                withDefaults(params, "user.fields", USER_FIELDS, "id", "name", "username"),
                withDefaults(params, "media.fields", MEDIA_FIELDS, "media_key", "type"),
                withDefaults(params, "place.fields", PLACE_FIELDS, "id", "full_name"),
                withDefaults(params, "poll.fields", POLL_FIELDS, "id", "options"),
                withDefaults(params, "expansions", EXPANSIONS));
    }

    static FieldSelection defaults() {
        return parse(Map.of());
    }

    private static Set<String> withDefaults(
            Map<String, String> params, String name, List<String> allowed, String... defaults) {
        Set<String> selected = new LinkedHashSet<>(List.of(defaults));
        String value = params.get(name);
        if (value == null) {
            return selected;
        }
        for (String item : value.split(",", -1)) {
            if (!allowed.contains(item)) {
                throw ApiException.invalid(
                        "The `" + name + "` query parameter value [" + item + "] is not one of "
                                + allowed.toString().replace(" ", ""),
                        name,
                        item);
            }
            selected.add(item);
        }
        return selected;
    }

    boolean tweetField(String name) {
        return tweet.contains(name);
    }

    boolean expands(String name) {
        return expansions.contains(name);
    }
}
