package dev.xlake.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.xlake.emulator.CorpusTweet.Kind;
import dev.xlake.emulator.Vocabulary.Annotation;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Turns a page of corpus tweets into X's response body: {@code data}, {@code includes},
 * {@code errors} (partial errors for expanded objects X cannot return) and {@code meta}.
 * Only requested fields are written, plus each object's defaults; empty arrays are left out, as
 * X does.
 */
final class ResponseRenderer {

    static final DateTimeFormatter X_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(java.time.ZoneOffset.UTC);
    private static final String NOT_FOUND_TYPE = "https://api.twitter.com/2/problems/resource-not-found";

    private final Corpus corpus;

    ResponseRenderer(Corpus corpus) {
        this.corpus = corpus;
    }

    ObjectNode render(List<CorpusTweet> tweets, String nextToken, FieldSelection fields) {
        ObjectNode body = ApiException.JSON.createObjectNode();
        if (tweets.isEmpty()) {
            body.putObject("meta").put("result_count", 0);
            return body;
        }
        Includes includes = new Includes(fields);
        ArrayNode data = body.putArray("data");
        for (CorpusTweet tweet : tweets) {
            data.add(tweet(tweet, fields));
            includes.collect(tweet);
        }
        includes.write(body);
        ObjectNode meta = body.putObject("meta");
        meta.put("newest_id", Long.toString(tweets.get(0).id()));
        meta.put("oldest_id", Long.toString(tweets.get(tweets.size() - 1).id()));
        meta.put("result_count", tweets.size());
        putIfPresent(meta, "next_token", nextToken);
        return body;
    }

    /** Collects expanded objects in order of first reference, and the partial errors. */
    private final class Includes {
        private final FieldSelection fields;
        private final Map<Long, CorpusUser> users = new LinkedHashMap<>();
        private final Map<Long, CorpusTweet> tweets = new LinkedHashMap<>();
        private final Map<String, CorpusMedia> media = new LinkedHashMap<>();
        private final Map<String, Vocabulary.PlaceSeed> places = new LinkedHashMap<>();
        private final Map<String, ObjectNode> errors = new LinkedHashMap<>();

        Includes(FieldSelection fields) {
            this.fields = fields;
        }

        void collect(CorpusTweet tweet) {
            if (fields.expands("author_id")) {
                addUser(
                        tweet.author(),
                        "author_id",
                        Long.toString(tweet.author().id()));
            }
            if (fields.expands("in_reply_to_user_id") && tweet.kind() == Kind.REPLY) {
                addUser(
                        tweet.referencedAuthor(),
                        "in_reply_to_user_id",
                        Long.toString(tweet.referencedAuthor().id()));
            }
            if (fields.expands("entities.mentions.username")) {
                for (TextEntities.Span mention : tweet.entities().mentions()) {
                    corpus.userByUsername(mention.value())
                            .ifPresent(u -> addUser(u, "entities.mentions.username", u.username()));
                }
            }
            if (fields.expands("attachments.media_keys")) {
                tweet.media().forEach(m -> media.putIfAbsent(m.mediaKey(), m));
            }
            if (fields.expands("geo.place_id") && tweet.placeId() != null) {
                corpus.place(tweet.placeId()).ifPresent(p -> places.putIfAbsent(p.id(), p));
            }
            if (tweet.kind() != Kind.ORIGINAL && fields.expands("referenced_tweets.id")) {
                Optional<CorpusTweet> referenced =
                        corpus.tweet(tweet.referencedId()).filter(t -> !t.hidden());
                if (referenced.isEmpty()) {
                    String id = Long.toString(tweet.referencedId());
                    errors.putIfAbsent(
                            "tweet:" + id,
                            notFound(
                                    "referenced_tweets.id",
                                    id,
                                    "tweet",
                                    "Could not find tweet with referenced_tweets.id: [" + id + "]."));
                } else {
                    CorpusTweet target = referenced.get();
                    tweets.putIfAbsent(target.id(), target);
                    if (fields.expands("referenced_tweets.id.author_id")) {
                        addUser(
                                target.author(),
                                "referenced_tweets.id.author_id",
                                Long.toString(target.author().id()));
                    }
                    if (fields.expands("referenced_tweets.id.attachments.media_keys")) {
                        target.media().forEach(m -> media.putIfAbsent(m.mediaKey(), m));
                    }
                }
            }
        }

        private void addUser(CorpusUser user, String parameter, String value) {
            if (!user.unavailable()) {
                users.putIfAbsent(user.id(), user);
                return;
            }
            String key = "user:" + parameter + ":" + user.id();
            if (parameter.equals("entities.mentions.username")) {
                ObjectNode error = ApiException.JSON.createObjectNode();
                error.put("parameter", parameter);
                error.put("resource_id", value);
                error.put("value", value);
                error.put("detail", "User has been suspended: [" + value + "].");
                error.put("title", "Forbidden");
                error.put("resource_type", "user");
                error.put("type", NOT_FOUND_TYPE);
                errors.putIfAbsent(key, error);
            } else {
                errors.putIfAbsent(
                        key,
                        notFound(
                                parameter,
                                value,
                                "user",
                                "Could not find user with " + parameter + ": [" + value + "]."));
            }
        }

        void write(ObjectNode body) {
            ObjectNode includes = ApiException.JSON.createObjectNode();
            putArrayIfAny(includes, "users", users.values(), u -> user(u, fields));
            putArrayIfAny(includes, "tweets", tweets.values(), t -> tweet(t, fields));
            putArrayIfAny(includes, "media", media.values(), m -> media(m, fields));
            putArrayIfAny(includes, "places", places.values(), p -> place(p, fields));
            if (!includes.isEmpty()) {
                body.set("includes", includes);
            }
            putArrayIfAny(body, "errors", errors.values(), Function.identity());
        }

        /** X leaves an empty list out rather than writing {@code []}. */
        private static <T> void putArrayIfAny(
                ObjectNode parent, String name, Collection<T> values, Function<T, ObjectNode> render) {
            if (!values.isEmpty()) {
                ArrayNode array = parent.putArray(name);
                values.forEach(value -> array.add(render.apply(value)));
            }
        }
    }

    private static ObjectNode notFound(String parameter, String value, String resourceType, String detail) {
        ObjectNode error = ApiException.JSON.createObjectNode();
        error.put("value", value);
        error.put("detail", detail);
        error.put("title", "Not Found Error");
        error.put("resource_type", resourceType);
        error.put("parameter", parameter);
        error.put("resource_id", value);
        error.put("type", NOT_FOUND_TYPE);
        return error;
    }

    // ---------------------------------------------------------------- objects

    /**
     * Puts a field (text, number or boolean; null as JSON null) only when the request asked for it,
     * as X leaves unrequested fields out.
     */
    private static void putIfRequested(ObjectNode node, Set<String> requested, String field, Object value) {
        if (requested.contains(field)) {
            node.set(field, scalar(value));
        }
    }

    /** Puts a field unless it has no value, as X leaves out what an object does not have. */
    private static void putIfPresent(ObjectNode node, String field, Object value) {
        if (value != null) {
            node.set(field, scalar(value));
        }
    }

    /** A text, number or boolean as a JSON value; null as JSON null. */
    private static JsonNode scalar(Object value) {
        if (value == null) {
            return NullNode.getInstance();
        } else if (value instanceof String text) {
            return TextNode.valueOf(text);
        } else if (value instanceof Integer number) {
            return IntNode.valueOf(number);
        } else if (value instanceof Long number) {
            return LongNode.valueOf(number);
        } else if (value instanceof Boolean flag) {
            return BooleanNode.valueOf(flag);
        }
        throw new IllegalArgumentException("Cannot render " + value.getClass().getName() + " as a JSON scalar");
    }

    /** A plain field of an expanded object: its name and how to read it. */
    private record Field<T>(String name, Function<T, Object> value) {}

    /** The media fields that are plain values, in X's order; the others are built below. */
    private static final List<Field<CorpusMedia>> MEDIA_FIELDS = List.of(
            new Field<>("width", CorpusMedia::width),
            new Field<>("height", CorpusMedia::height),
            new Field<>("url", CorpusMedia::url),
            new Field<>("preview_image_url", CorpusMedia::previewImageUrl),
            new Field<>("alt_text", CorpusMedia::altText),
            new Field<>("duration_ms", CorpusMedia::durationMs));

    /** The place fields that are plain values (all of them but {@code geo}), in X's order. */
    private static final List<Field<Vocabulary.PlaceSeed>> PLACE_FIELDS = List.of(
            new Field<>("name", Vocabulary.PlaceSeed::name),
            new Field<>("country", Vocabulary.PlaceSeed::country),
            new Field<>("country_code", Vocabulary.PlaceSeed::countryCode),
            new Field<>("place_type", Vocabulary.PlaceSeed::placeType));

    /** A tweet's {@code public_metrics}; bookmarks and impressions are left out on "legacy" tweets. */
    private static final List<Field<CorpusTweet.Metrics>> TWEET_METRICS = List.of(
            new Field<>("retweet_count", CorpusTweet.Metrics::retweetCount),
            new Field<>("reply_count", CorpusTweet.Metrics::replyCount),
            new Field<>("like_count", CorpusTweet.Metrics::likeCount),
            new Field<>("quote_count", CorpusTweet.Metrics::quoteCount),
            new Field<>("bookmark_count", CorpusTweet.Metrics::bookmarkCount),
            new Field<>("impression_count", CorpusTweet.Metrics::impressionCount));

    /** A user's {@code public_metrics}; {@code like_count} only where the corpus has one. */
    private static final List<Field<CorpusUser>> USER_METRICS = List.of(
            new Field<>("followers_count", CorpusUser::followersCount),
            new Field<>("following_count", CorpusUser::followingCount),
            new Field<>("tweet_count", CorpusUser::tweetCount),
            new Field<>("listed_count", CorpusUser::listedCount),
            new Field<>("like_count", CorpusUser::likeCount));

    /** Puts each of {@code fields} of {@code object} that has a value. */
    private static <T> void putPresent(ObjectNode node, List<Field<T>> fields, T object) {
        for (Field<T> field : fields) {
            putIfPresent(node, field.name(), field.value().apply(object));
        }
    }

    /** Puts each of {@code fields} of {@code object} that was requested and has a value. */
    private static <T> void putRequested(ObjectNode node, Set<String> requested, List<Field<T>> fields, T object) {
        for (Field<T> field : fields) {
            putIfRequestedAndPresent(
                    node, requested, field.name(), field.value().apply(object));
        }
    }

    /** Puts a requested field unless it has no value. */
    private static void putIfRequestedAndPresent(ObjectNode node, Set<String> requested, String field, Object value) {
        if (requested.contains(field)) {
            putIfPresent(node, field, value);
        }
    }

    ObjectNode tweet(CorpusTweet tweet, FieldSelection fields) {
        ObjectNode node = ApiException.JSON.createObjectNode();
        String id = Long.toString(tweet.id());
        node.put("id", id);
        node.put("text", tweet.text());
        ArrayNode history = node.putArray("edit_history_tweet_ids");
        tweet.editHistory().forEach(h -> history.add(Long.toString(h)));
        putIfRequested(
                node, fields.tweet(), "author_id", Long.toString(tweet.author().id()));
        putIfRequested(node, fields.tweet(), "created_at", formatTime(tweet.createdAt()));
        putIfRequested(node, fields.tweet(), "conversation_id", Long.toString(tweet.conversationId()));
        if (fields.tweetField("in_reply_to_user_id") && tweet.kind() == Kind.REPLY) {
            node.put(
                    "in_reply_to_user_id",
                    Long.toString(tweet.referencedAuthor().id()));
        }
        if (fields.tweetField("referenced_tweets") && tweet.kind() != Kind.ORIGINAL) {
            ObjectNode reference = node.putArray("referenced_tweets").addObject();
            reference.put("type", tweet.kind().referenceType);
            reference.put("id", Long.toString(tweet.referencedId()));
        }
        if (fields.tweetField("attachments") && !tweet.media().isEmpty()) {
            ArrayNode keys = node.putObject("attachments").putArray("media_keys");
            tweet.media().forEach(m -> keys.add(m.mediaKey()));
        }
        putIfRequested(node, fields.tweet(), "lang", tweet.lang());
        putIfRequested(node, fields.tweet(), "source", tweet.source());
        putIfRequested(node, fields.tweet(), "possibly_sensitive", tweet.possiblySensitive());
        putIfRequested(node, fields.tweet(), "reply_settings", tweet.replySettings());
        if (fields.tweetField("public_metrics")) {
            putPresent(node.putObject("public_metrics"), TWEET_METRICS, tweet.metrics());
        }
        if (fields.tweetField("entities")) {
            TextEntities entities = tweet.entities();
            if (!entities.isEmpty()) {
                node.set("entities", entities(entities));
            }
        }
        if (fields.tweetField("context_annotations") && !tweet.annotations().isEmpty()) {
            ArrayNode annotations = node.putArray("context_annotations");
            tweet.annotations().forEach(a -> annotations.add(annotation(a)));
        }
        if (fields.tweetField("note_tweet") && tweet.noteText() != null) {
            ObjectNode note = node.putObject("note_tweet");
            note.put("text", tweet.noteText());
            TextEntities noteEntities = tweet.noteEntities();
            if (!noteEntities.isEmpty()) {
                note.set("entities", entities(noteEntities));
            }
        }
        if (fields.tweetField("geo") && tweet.placeId() != null) {
            ObjectNode geo = node.putObject("geo");
            geo.put("place_id", tweet.placeId());
            if (tweet.coordinates() != null) {
                ObjectNode point = geo.putObject("coordinates");
                point.put("type", "Point");
                point.putArray("coordinates").add(tweet.coordinates()[0]).add(tweet.coordinates()[1]);
            }
        }
        if (fields.tweetField("withheld") && !tweet.withheldCountryCodes().isEmpty()) {
            ObjectNode withheld = node.putObject("withheld");
            withheld.put("copyright", false);
            ArrayNode countries = withheld.putArray("country_codes");
            tweet.withheldCountryCodes().forEach(countries::add);
            withheld.put("scope", "tweet");
        }
        if (fields.tweetField("edit_controls")) {
            ObjectNode controls = node.putObject("edit_controls");
            if (tweet.edited()) {
                // The real API returned this count as a string for edited tweets (see edited-tweet-lookup.json).
                controls.put("edits_remaining", "4");
            } else {
                controls.put("edits_remaining", 5);
            }
            controls.put("is_edit_eligible", tweet.kind() != Kind.RETWEET);
            controls.put("editable_until", formatTime(tweet.createdAt().plus(1, ChronoUnit.HOURS)));
        }
        if (fields.tweetField("display_text_range")) {
            node.putArray("display_text_range")
                    .add(tweet.displayTextStart())
                    .add(tweet.text().codePointCount(0, tweet.text().length()));
        }
        return node;
    }

    private ObjectNode entities(TextEntities entities) {
        ObjectNode node = ApiException.JSON.createObjectNode();
        if (!entities.urls().isEmpty()) {
            ArrayNode urls = node.putArray("urls");
            for (TextEntities.UrlSpan span : entities.urls()) {
                UrlInfo info = span.info();
                ObjectNode url = urls.addObject();
                url.put("start", span.start());
                url.put("end", span.end());
                url.put("url", info.url());
                url.put("expanded_url", info.expandedUrl());
                url.put("display_url", info.displayUrl());
                putIfPresent(url, "media_key", info.mediaKey());
                if (info.status() != null) {
                    url.put("status", info.status());
                    url.put("title", info.title());
                    url.put("description", info.description());
                    url.put("unwound_url", info.unwoundUrl());
                }
            }
        }
        spans(node, "hashtags", "tag", entities.hashtags());
        spans(node, "mentions", "username", entities.mentions());
        if (node.has("mentions")) {
            for (var mention : node.get("mentions")) {
                corpus.userByUsername(mention.get("username").asText())
                        .ifPresent(u -> ((ObjectNode) mention).put("id", Long.toString(u.id())));
            }
        }
        spans(node, "cashtags", "tag", entities.cashtags());
        return node;
    }

    private static void spans(ObjectNode node, String name, String valueField, List<TextEntities.Span> spans) {
        if (spans.isEmpty()) {
            return;
        }
        ArrayNode array = node.putArray(name);
        for (TextEntities.Span span : spans) {
            ObjectNode item = array.addObject();
            item.put("start", span.start());
            item.put("end", span.end());
            item.put(valueField, span.value());
        }
    }

    private static ObjectNode annotation(Annotation annotation) {
        ObjectNode node = ApiException.JSON.createObjectNode();
        ObjectNode domain = node.putObject("domain");
        domain.put("id", annotation.domain().id());
        domain.put("name", annotation.domain().name());
        domain.put("description", annotation.domain().description());
        ObjectNode entity = node.putObject("entity");
        entity.put("id", annotation.entityId());
        entity.put("name", annotation.entityName());
        putIfPresent(entity, "description", annotation.entityDescription());
        return node;
    }

    ObjectNode user(CorpusUser user, FieldSelection fields) {
        ObjectNode node = ApiException.JSON.createObjectNode();
        node.put("id", Long.toString(user.id()));
        node.put("name", user.name());
        node.put("username", user.username());
        var requested = fields.user();
        putIfRequested(node, requested, "created_at", formatTime(user.createdAt()));
        putIfRequested(node, requested, "description", user.description());
        putIfRequestedAndPresent(node, requested, "location", user.location());
        putIfRequested(node, requested, "protected", false);
        putIfRequested(node, requested, "verified", user.verified());
        putIfRequested(node, requested, "verified_type", user.verifiedType());
        putIfRequested(node, requested, "profile_image_url", user.profileImageUrl());
        putIfRequested(
                node, requested, "url", user.url() == null ? "" : user.url().url());
        if (requested.contains("entities") && user.url() != null) {
            ObjectNode url =
                    node.putObject("entities").putObject("url").putArray("urls").addObject();
            url.put("start", 0);
            url.put("end", user.url().url().length());
            url.put("url", user.url().url());
            url.put("expanded_url", user.url().expandedUrl());
            url.put("display_url", user.url().displayUrl());
        }
        if (requested.contains("pinned_tweet_id") && user.pinnedTweetId() != null) {
            node.put("pinned_tweet_id", Long.toString(user.pinnedTweetId()));
        }
        if (requested.contains("public_metrics")) {
            putPresent(node.putObject("public_metrics"), USER_METRICS, user);
        }
        if (requested.contains("withheld") && !user.withheldCountryCodes().isEmpty()) {
            ObjectNode withheld = node.putObject("withheld");
            ArrayNode countries = withheld.putArray("country_codes");
            user.withheldCountryCodes().forEach(countries::add);
            withheld.put("scope", "user");
        }
        return node;
    }

    static ObjectNode media(CorpusMedia media, FieldSelection fields) {
        ObjectNode node = ApiException.JSON.createObjectNode();
        node.put("media_key", media.mediaKey());
        node.put("type", media.type());
        var requested = fields.media();
        putRequested(node, requested, MEDIA_FIELDS, media);
        if (requested.contains("public_metrics") && media.viewCount() != null) {
            node.putObject("public_metrics").put("view_count", media.viewCount());
        }
        if (requested.contains("variants") && media.variantUrl() != null) {
            ArrayNode variants = node.putArray("variants");
            ObjectNode mp4 = variants.addObject();
            mp4.put("bit_rate", media.variantBitRate());
            mp4.put("content_type", "video/mp4");
            mp4.put("url", media.variantUrl());
            if (media.type().equals("video")) {
                ObjectNode hls = variants.addObject();
                hls.put("content_type", "application/x-mpegURL");
                hls.put("url", media.variantUrl().replace(".mp4", ".m3u8"));
            }
        }
        return node;
    }

    static ObjectNode place(Vocabulary.PlaceSeed place, FieldSelection fields) {
        ObjectNode node = ApiException.JSON.createObjectNode();
        node.put("full_name", place.fullName());
        node.put("id", place.id());
        var requested = fields.place();
        putRequested(node, requested, PLACE_FIELDS, place);
        if (requested.contains("geo")) {
            ObjectNode geo = node.putObject("geo");
            geo.put("type", "Feature");
            geo.putArray("bbox")
                    .add(place.west())
                    .add(place.south())
                    .add(place.east())
                    .add(place.north());
            geo.putObject("properties");
        }
        return node;
    }

    static String formatTime(Instant instant) {
        return X_TIME.format(instant);
    }
}
