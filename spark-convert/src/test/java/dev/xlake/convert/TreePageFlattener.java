package dev.xlake.convert;

import static dev.xlake.convert.LakeSchema.utf8;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The test oracle for {@link PageFlattener}: the same rules written against Jackson's tree
 * ({@code JsonNode}), an implementation independent of {@link PageParser}'s streaming reads.
 * The differential tests hold the two to the same rows and quarantine records (a quarantined
 * item's JSON is compared as JSON: the oracle prints the tree, the converter keeps the page's text).
 */
final class TreePageFlattener {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TreePageFlattener() {}

    static FlattenedPage flattenTree(byte[] body, PageRef page, Instant fetchedAt) {
        String run = page.runId() == null ? QuarantineRecord.ADHOC_RUN : page.runId();
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return FlattenedPage.quarantinedPage(
                    PageFlattener.pageProblem(page, run, PageFlattener.REASON_INVALID_JSON, e.getOriginalMessage()));
        } catch (IOException e) {
            return FlattenedPage.quarantinedPage(
                    PageFlattener.pageProblem(page, run, PageFlattener.REASON_INVALID_JSON, e.getMessage()));
        }
        if (root == null
                || !root.isObject()
                || !(root.has("data") || root.has("meta") || root.has("includes"))
                || (root.has("data") && !root.get("data").isArray())) {
            return FlattenedPage.quarantinedPage(PageFlattener.pageProblem(
                    page,
                    run,
                    PageFlattener.REASON_NOT_SEARCH_RESPONSE,
                    "expected an object with data, includes or meta"));
        }
        if (page.queryName() == null) {
            return FlattenedPage.quarantinedPage(PageFlattener.pageProblem(
                    page,
                    run,
                    PageFlattener.REASON_UNKNOWN_QUERY,
                    "neither a manifest nor a query=<slug> path segment names the query"));
        }
        Context context = new Context(page, run, fetchedAt);
        List<QuarantineRecord> quarantined = new ArrayList<>();
        List<UserRecord> users = flattenUsers(root.path("includes").path("users"), context, quarantined);
        // Long keys: numeric id strings of equal length hash into few buckets of a String map
        Map<Long, UserRecord> usersById = new HashMap<>();
        users.forEach(user -> usersById.put(Long.parseUnsignedLong(user.id()), user));
        Map<String, String> includedTexts = new HashMap<>();
        for (JsonNode included : root.path("includes").path("tweets")) {
            String id = text(included, "id");
            String text = fullText(included);
            if (included.isObject() && id != null && text != null) {
                includedTexts.put(id, text);
            }
        }
        Includes includes = new Includes(usersById, includedTexts);
        List<TweetRecord> tweets = new ArrayList<>();
        for (JsonNode tweet : root.path("data")) {
            TweetRecord row = flattenTweet(tweet, includes, context, quarantined);
            if (row != null) {
                tweets.add(row);
            }
        }
        return new FlattenedPage(tweets, users, quarantined);
    }

    private record Context(PageRef page, String run, Instant fetchedAt) {}

    /** What the page's {@code includes} give a tweet: its author, and the full text of the post it retweets. */
    private record Includes(Map<Long, UserRecord> usersById, Map<String, String> includedTexts) {}

    private static String fullText(JsonNode tweet) {
        JsonNode note = either(tweet, "note_tweet", "note_post");
        return note.hasNonNull("text") ? note.get("text").asText() : text(tweet, "text");
    }

    private static TweetRecord flattenTweet(
            JsonNode tweet, Includes includes, Context context, List<QuarantineRecord> quarantined) {
        String id = text(tweet, "id");
        if (!PageFlattener.isNumericId(id)) {
            quarantined.add(itemProblem(
                    context, PageFlattener.REASON_INVALID_TWEET_ID, "id is " + describe(tweet.get("id")), id, tweet));
            return null;
        }
        Instant createdAt;
        try {
            createdAt = instant(tweet, "created_at");
        } catch (DateTimeException e) {
            createdAt = null;
        }
        if (createdAt == null) {
            quarantined.add(itemProblem(
                    context,
                    PageFlattener.REASON_INVALID_CREATED_AT,
                    "created_at is " + describe(tweet.get("created_at")),
                    id,
                    tweet));
            return null;
        }
        JsonNode note = either(tweet, "note_tweet", "note_post");
        String fullText = fullText(tweet);
        // A long post's own entities cover only the truncated text; note_tweet's cover all of it.
        JsonNode entities = note.has("entities") ? note.get("entities") : tweet.path("entities");
        String authorId = text(tweet, "author_id");
        UserRecord author =
                PageFlattener.isNumericId(authorId) ? includes.usersById().get(Long.parseUnsignedLong(authorId)) : null;
        JsonNode metrics = tweet.path("public_metrics");
        List<TweetRecord.ReferencedTweet> referenced =
                referencedTweets(either(tweet, "referenced_tweets", "referenced_posts"));
        String inReplyTo = text(tweet, "in_reply_to_user_id");
        String retweetedId = referenced.stream()
                .filter(r -> "retweeted".equals(r.type()) && r.id() != null)
                .map(TweetRecord.ReferencedTweet::id)
                .findFirst()
                .orElse(null);
        return new TweetRecord(
                context.page().queryName(),
                PageFlattener.utcDate(createdAt),
                id,
                utf8(fullText),
                authorId,
                author == null ? null : author.username(),
                author == null ? null : author.name(),
                author == null ? null : author.verified(),
                createdAt,
                utf8(text(tweet, "conversation_id")),
                utf8(inReplyTo),
                utf8(text(tweet, "lang")),
                bool(tweet, "possibly_sensitive"),
                utf8(text(tweet, "reply_settings")),
                utf8(text(tweet, "source")),
                count(metrics, "retweet_count"),
                count(metrics, "reply_count"),
                count(metrics, "like_count"),
                count(metrics, "quote_count"),
                count(metrics, "bookmark_count"),
                count(metrics, "impression_count"),
                utf8s(strings(entities.path("hashtags"), "tag")),
                utf8s(strings(entities.path("cashtags"), "tag")),
                utf8s(strings(entities.path("mentions"), "username")),
                utf8s(urls(entities.path("urls"))),
                referenced,
                PageFlattener.hasType(referenced, "retweeted"),
                inReplyTo != null || PageFlattener.hasType(referenced, "replied_to"),
                PageFlattener.hasType(referenced, "quoted"),
                retweetedId,
                retweetedId == null ? null : utf8(includes.includedTexts().get(retweetedId)),
                utf8s(strings(tweet.path("attachments").path("media_keys"))),
                utf8s(strings(tweet.path("attachments").path("poll_ids"))),
                utf8(text(tweet.path("geo"), "place_id")),
                utf8s(strings(either(tweet, "edit_history_tweet_ids", "edit_history_post_ids"))),
                editControls(tweet.get("edit_controls")),
                contextAnnotations(tweet.path("context_annotations")),
                annotations(tweet.path("entities").path("annotations")),
                utf8s(strings(tweet.path("withheld").path("country_codes"))),
                context.fetchedAt(),
                context.page().runId(),
                context.page().uri());
    }

    private static List<UserRecord> flattenUsers(JsonNode users, Context context, List<QuarantineRecord> quarantined) {
        List<UserRecord> rows = new ArrayList<>();
        for (JsonNode user : users) {
            String id = text(user, "id");
            if (!PageFlattener.isNumericId(id)) {
                quarantined.add(itemProblem(
                        context, PageFlattener.REASON_INVALID_USER_ID, "id is " + describe(user.get("id")), id, user));
                continue;
            }
            String bucket = UserRecord.bucketOf(id);
            Instant createdAt;
            try {
                createdAt = instant(user, "created_at");
            } catch (DateTimeException e) {
                createdAt = null; // an optional user field: a bad value is dropped, not the user
            }
            JsonNode metrics = user.path("public_metrics");
            rows.add(new UserRecord(
                    bucket,
                    id,
                    utf8(text(user, "username")),
                    utf8(text(user, "name")),
                    createdAt,
                    utf8(text(user, "description")),
                    utf8(text(user, "location")),
                    bool(user, "verified"),
                    utf8(text(user, "verified_type")),
                    bool(user, "protected"),
                    utf8(text(user, "url")),
                    utf8(text(user, "profile_image_url")),
                    count(metrics, "followers_count"),
                    count(metrics, "following_count"),
                    count(metrics, "tweet_count"),
                    count(metrics, "listed_count"),
                    count(metrics, "like_count"),
                    utf8(text(user, "pinned_tweet_id")),
                    context.fetchedAt(),
                    context.page().runId(),
                    context.page().uri()));
        }
        return rows;
    }

    private static JsonNode either(JsonNode node, String name, String newName) {
        JsonNode value = node.get(name);
        return value != null && !value.isNull() ? value : node.path(newName);
    }

    private static List<UTF8String> utf8s(List<String> values) {
        return values.stream().map(LakeSchema::utf8).toList();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || value.isContainerNode() ? null : value.asText();
    }

    private static Boolean bool(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        String text = value.asText();
        return "true".equals(text) ? Boolean.TRUE : "false".equals(text) ? Boolean.FALSE : null;
    }

    /** A count; X has sent numbers as strings ("edits_remaining": "4"), so both are accepted. */
    private static Long count(JsonNode node, String field) {
        return lenient(node.get(field), JsonNode::isIntegralNumber, JsonNode::longValue, Long::parseLong);
    }

    private static TweetRecord.EditControls editControls(JsonNode controls) {
        if (controls == null || !controls.isObject()) {
            return null;
        }
        Instant editableUntil;
        try {
            String text = text(controls, "editable_until");
            editableUntil = text == null ? null : PageFlattener.parseInstant(text);
        } catch (DateTimeException e) {
            editableUntil = null;
        }
        return new TweetRecord.EditControls(
                count(controls, "edits_remaining"), bool(controls, "is_edit_eligible"), editableUntil);
    }

    private static List<TweetRecord.Annotation> annotations(JsonNode array) {
        List<TweetRecord.Annotation> annotations = new ArrayList<>();
        for (JsonNode item : array) {
            if (item.isObject()) {
                annotations.add(new TweetRecord.Annotation(
                        count(item, "start"),
                        count(item, "end"),
                        decimal(item.get("probability")),
                        utf8(text(item, "type")),
                        utf8(text(item, "normalized_text"))));
            }
        }
        return annotations;
    }

    private static Double decimal(JsonNode value) {
        return lenient(value, JsonNode::isNumber, JsonNode::doubleValue, Double::parseDouble);
    }

    /** A number sent as a JSON number or as a string; anything else, or a string no number, is null. */
    private static <T> T lenient(
            JsonNode value, Predicate<JsonNode> isNumber, Function<JsonNode, T> ofNumber, Function<String, T> parse) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (isNumber.test(value)) {
            return ofNumber.apply(value);
        }
        try {
            return value.isTextual() ? parse.apply(value.textValue().trim()) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        for (JsonNode item : array) {
            if (item.isValueNode() && !item.isNull()) {
                values.add(item.asText());
            }
        }
        return values;
    }

    private static List<String> strings(JsonNode array, String field) {
        List<String> values = new ArrayList<>();
        for (JsonNode item : array) {
            String value = text(item, field);
            if (value != null) {
                values.add(value);
            }
        }
        return values;
    }

    private static List<String> urls(JsonNode array) {
        List<String> values = new ArrayList<>();
        for (JsonNode item : array) {
            String expanded = text(item, "expanded_url");
            String value = expanded != null ? expanded : text(item, "url");
            if (value != null) {
                values.add(value);
            }
        }
        return values;
    }

    private static List<TweetRecord.ReferencedTweet> referencedTweets(JsonNode array) {
        List<TweetRecord.ReferencedTweet> values = new ArrayList<>();
        for (JsonNode item : array) {
            values.add(new TweetRecord.ReferencedTweet(text(item, "type"), text(item, "id")));
        }
        return values;
    }

    private static List<TweetRecord.ContextAnnotation> contextAnnotations(JsonNode array) {
        List<TweetRecord.ContextAnnotation> values = new ArrayList<>();
        for (JsonNode item : array) {
            JsonNode domain = item.path("domain");
            JsonNode entity = item.path("entity");
            values.add(new TweetRecord.ContextAnnotation(
                    utf8(text(domain, "id")),
                    utf8(text(domain, "name")),
                    utf8(text(entity, "id")),
                    utf8(text(entity, "name"))));
        }
        return values;
    }

    private static Instant instant(JsonNode node, String field) {
        String value = text(node, field);
        return value == null ? null : PageFlattener.parseInstant(value);
    }

    private static String describe(JsonNode value) {
        if (value == null) {
            return "missing";
        }
        String text = value.toString();
        return text.length() > 80 ? text.substring(0, 80) + "..." : text;
    }

    private static QuarantineRecord itemProblem(
            Context context, String reason, String detail, String itemId, JsonNode item) {
        return PageFlattener.itemProblem(context.page(), context.run(), reason, detail, itemId, item.toString());
    }
}
