package dev.xlake.convert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns one X API v2 recent-search response body into tweet rows, user rows and quarantine
 * records. Pure: no Spark, no I/O, so every column rule is unit-tested on hand-written pages.
 *
 * <p>Rules (docs/schema.md has the column list): unknown fields are ignored, absent optional fields
 * become null (metrics are never defaulted to 0), the {@code post} spellings of X's newest spec
 * ({@code note_post}, {@code referenced_posts}, {@code edit_history_post_ids}) are read when the
 * {@code tweet} ones are absent, and a tweet without a usable id or {@code created_at} is
 * quarantined instead of failing the page.
 */
public final class PageFlattener {

    static final String REASON_INVALID_JSON = "invalid_json";
    static final String REASON_NOT_SEARCH_RESPONSE = "not_a_search_response";
    static final String REASON_UNKNOWN_QUERY = "unknown_query";
    static final String REASON_INVALID_TWEET_ID = "invalid_tweet_id";
    static final String REASON_INVALID_CREATED_AT = "invalid_created_at";
    static final String REASON_INVALID_USER_ID = "invalid_user_id";

    private static final ObjectMapper JSON = new ObjectMapper();

    private PageFlattener() {}

    /**
     * @param body      the uncompressed response body
     * @param page      where it came from (query and run may be null)
     * @param fetchedAt when it was fetched, already resolved from manifest, metadata or mtime
     */
    public static FlattenedPage flatten(byte[] body, PageRef page, Instant fetchedAt) {
        return flatten(body, body.length, page, fetchedAt);
    }

    /**
     * The same for a body held in the first {@code length} bytes of a reused buffer: nothing
     * returned refers to the buffer, so it may be overwritten as soon as this returns.
     */
    static FlattenedPage flatten(byte[] body, int length, PageRef page, Instant fetchedAt) {
        String run = page.runId() == null ? QuarantineRecord.ADHOC_RUN : page.runId();
        if (page.queryName() != null) {
            StreamingPageFlattener.ParsedPage parsed = StreamingPageFlattener.parse(body, length);
            if (parsed != null) {
                return fromStream(body, parsed, new Context(page, run, fetchedAt));
            }
        }
        return flattenTree(body, length, page, fetchedAt);
    }

    /** The reference implementation of every rule; {@link #flatten} must always give the same. */
    static FlattenedPage flattenTree(byte[] body, PageRef page, Instant fetchedAt) {
        return flattenTree(body, body.length, page, fetchedAt);
    }

    private static FlattenedPage flattenTree(byte[] body, int length, PageRef page, Instant fetchedAt) {
        String run = page.runId() == null ? QuarantineRecord.ADHOC_RUN : page.runId();
        JsonNode root;
        try {
            root = JSON.readTree(body, 0, length);
        } catch (JsonProcessingException e) {
            return FlattenedPage.quarantinedPage(pageProblem(page, run, REASON_INVALID_JSON, e.getOriginalMessage()));
        } catch (IOException e) {
            return FlattenedPage.quarantinedPage(pageProblem(page, run, REASON_INVALID_JSON, e.getMessage()));
        }
        if (root == null
                || !root.isObject()
                || !(root.has("data") || root.has("meta") || root.has("includes"))
                || (root.has("data") && !root.get("data").isArray())) {
            return FlattenedPage.quarantinedPage(pageProblem(
                    page, run, REASON_NOT_SEARCH_RESPONSE, "expected an object with data, includes or meta"));
        }
        if (page.queryName() == null) {
            return FlattenedPage.quarantinedPage(pageProblem(
                    page,
                    run,
                    REASON_UNKNOWN_QUERY,
                    "neither a manifest nor a query=<slug> path segment names the query"));
        }
        Context context = new Context(page, run, fetchedAt);
        List<QuarantineRecord> quarantined = new ArrayList<>();
        List<UserRecord> users = flattenUsers(root.path("includes").path("users"), context, quarantined);
        // Long keys: numeric id strings of equal length hash into few buckets of a String map
        Map<Long, UserRecord> usersById = new HashMap<>();
        users.forEach(user -> usersById.put(Long.parseUnsignedLong(user.id()), user));
        List<TweetRecord> tweets = new ArrayList<>();
        for (JsonNode tweet : root.path("data")) {
            TweetRecord row = flattenTweet(tweet, usersById, context, quarantined);
            if (row != null) {
                tweets.add(row);
            }
        }
        return new FlattenedPage(tweets, users, quarantined);
    }

    private record Context(PageRef page, String run, Instant fetchedAt) {}

    /** The fast path's items; those it left alone go through the tree code below, one by one. */
    private static FlattenedPage fromStream(byte[] body, StreamingPageFlattener.ParsedPage parsed, Context context) {
        List<QuarantineRecord> quarantined = new ArrayList<>();
        List<UserRecord> users = new ArrayList<>();
        for (StreamingPageFlattener.Item item : parsed.users()) {
            if (item.fields() instanceof StreamingPageFlattener.UserFields user && user.usable()) {
                users.add(userRecord(user, context));
            } else {
                users.addAll(flattenUsers(JSON.createArrayNode().add(treeOf(body, item)), context, quarantined));
            }
        }
        Map<Long, UserRecord> usersById = new HashMap<>();
        users.forEach(user -> usersById.put(Long.parseUnsignedLong(user.id()), user));
        List<TweetRecord> tweets = new ArrayList<>();
        for (StreamingPageFlattener.Item item : parsed.tweets()) {
            StreamingPageFlattener.TweetFields tweet =
                    item.fields() instanceof StreamingPageFlattener.TweetFields fields ? fields : null;
            Instant createdAt = tweet == null ? null : tweet.usableCreatedAt();
            TweetRecord row = createdAt != null
                    ? tweetRecord(tweet, createdAt, usersById, context)
                    : flattenTweet(treeOf(body, item), usersById, context, quarantined);
            if (row != null) {
                tweets.add(row);
            }
        }
        return new FlattenedPage(tweets, users, quarantined);
    }

    private static JsonNode treeOf(byte[] body, StreamingPageFlattener.Item item) {
        if (item.scalar() != null) {
            return item.scalar();
        }
        try {
            return JSON.readTree(body, item.from(), item.to() - item.from());
        } catch (IOException e) {
            throw new IllegalStateException(
                    "Cannot re-read an item the streaming parser has read: " + e.getMessage(), e);
        }
    }

    /** The same columns as {@link #flattenTweet}, from the fast path's values. */
    private static TweetRecord tweetRecord(
            StreamingPageFlattener.TweetFields tweet,
            Instant createdAt,
            Map<Long, UserRecord> usersById,
            Context context) {
        boolean noteTweet = tweet.hasNoteTweet;
        boolean hasNote = noteTweet || tweet.hasNotePost;
        String noteText = noteTweet ? tweet.noteTweetText : tweet.notePostText;
        StreamingPageFlattener.Entities noteEntities = noteTweet ? tweet.noteTweetEntities : tweet.notePostEntities;
        String fullText = hasNote && noteText != null ? noteText : tweet.text;
        StreamingPageFlattener.Entities entities = hasNote && noteEntities != null ? noteEntities : tweet.entities;
        UserRecord author = isNumericId(tweet.authorId) ? usersById.get(Long.parseUnsignedLong(tweet.authorId)) : null;
        List<TweetRecord.ReferencedTweet> referenced = tweet.referencedTweets != null
                ? tweet.referencedTweets
                : tweet.referencedPosts != null ? tweet.referencedPosts : List.of();
        List<String> editHistory = tweet.editHistoryTweetIds != null
                ? tweet.editHistoryTweetIds
                : tweet.editHistoryPostIds != null ? tweet.editHistoryPostIds : List.of();
        return new TweetRecord(
                context.page().queryName(),
                utcDate(createdAt),
                tweet.id,
                fullText,
                tweet.authorId,
                author == null ? null : author.username(),
                author == null ? null : author.name(),
                author == null ? null : author.verified(),
                createdAt,
                tweet.conversationId,
                tweet.inReplyToUserId,
                tweet.lang,
                tweet.possiblySensitive,
                tweet.replySettings,
                tweet.source,
                tweet.retweetCount,
                tweet.replyCount,
                tweet.likeCount,
                tweet.quoteCount,
                tweet.bookmarkCount,
                tweet.impressionCount,
                entities.hashtags,
                entities.cashtags,
                entities.mentions,
                entities.urls,
                referenced,
                hasType(referenced, "retweeted"),
                tweet.inReplyToUserId != null || hasType(referenced, "replied_to"),
                hasType(referenced, "quoted"),
                tweet.mediaKeys,
                tweet.placeId,
                editHistory,
                tweet.contextAnnotations,
                tweet.withheldInCountries,
                context.fetchedAt(),
                context.page().runId(),
                context.page().uri());
    }

    /** The same columns as {@link #flattenUsers}, from the fast path's values. */
    private static UserRecord userRecord(StreamingPageFlattener.UserFields user, Context context) {
        Instant createdAt;
        try {
            createdAt = user.createdAt == null ? null : parseInstant(user.createdAt);
        } catch (DateTimeException e) {
            createdAt = null; // an optional user field: a bad value is dropped, not the user
        }
        return new UserRecord(
                UserRecord.bucketOf(user.id),
                user.id,
                user.username,
                user.name,
                createdAt,
                user.description,
                user.location,
                user.verified,
                user.verifiedType,
                user.isProtected,
                user.url,
                user.profileImageUrl,
                user.followersCount,
                user.followingCount,
                user.tweetCount,
                user.listedCount,
                user.likeCount,
                user.pinnedTweetId,
                context.fetchedAt(),
                context.page().runId(),
                context.page().uri());
    }

    private static TweetRecord flattenTweet(
            JsonNode tweet, Map<Long, UserRecord> usersById, Context context, List<QuarantineRecord> quarantined) {
        String id = text(tweet, "id");
        if (!isNumericId(id)) {
            quarantined.add(
                    itemProblem(context, REASON_INVALID_TWEET_ID, "id is " + describe(tweet.get("id")), id, tweet));
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
                    REASON_INVALID_CREATED_AT,
                    "created_at is " + describe(tweet.get("created_at")),
                    id,
                    tweet));
            return null;
        }
        JsonNode note = either(tweet, "note_tweet", "note_post");
        String fullText = note.hasNonNull("text") ? note.get("text").asText() : text(tweet, "text");
        // A long post's own entities cover only the truncated text; note_tweet's cover all of it.
        JsonNode entities = note.has("entities") ? note.get("entities") : tweet.path("entities");
        String authorId = text(tweet, "author_id");
        UserRecord author = isNumericId(authorId) ? usersById.get(Long.parseUnsignedLong(authorId)) : null;
        JsonNode metrics = tweet.path("public_metrics");
        List<TweetRecord.ReferencedTweet> referenced =
                referencedTweets(either(tweet, "referenced_tweets", "referenced_posts"));
        String inReplyTo = text(tweet, "in_reply_to_user_id");
        return new TweetRecord(
                context.page().queryName(),
                utcDate(createdAt),
                id,
                fullText,
                authorId,
                author == null ? null : author.username(),
                author == null ? null : author.name(),
                author == null ? null : author.verified(),
                createdAt,
                text(tweet, "conversation_id"),
                inReplyTo,
                text(tweet, "lang"),
                bool(tweet, "possibly_sensitive"),
                text(tweet, "reply_settings"),
                text(tweet, "source"),
                count(metrics, "retweet_count"),
                count(metrics, "reply_count"),
                count(metrics, "like_count"),
                count(metrics, "quote_count"),
                count(metrics, "bookmark_count"),
                count(metrics, "impression_count"),
                strings(entities.path("hashtags"), "tag"),
                strings(entities.path("cashtags"), "tag"),
                strings(entities.path("mentions"), "username"),
                urls(entities.path("urls")),
                referenced,
                hasType(referenced, "retweeted"),
                inReplyTo != null || hasType(referenced, "replied_to"),
                hasType(referenced, "quoted"),
                strings(tweet.path("attachments").path("media_keys")),
                text(tweet.path("geo"), "place_id"),
                strings(either(tweet, "edit_history_tweet_ids", "edit_history_post_ids")),
                contextAnnotations(tweet.path("context_annotations")),
                strings(tweet.path("withheld").path("country_codes")),
                context.fetchedAt(),
                context.page().runId(),
                context.page().uri());
    }

    private static List<UserRecord> flattenUsers(JsonNode users, Context context, List<QuarantineRecord> quarantined) {
        List<UserRecord> rows = new ArrayList<>();
        for (JsonNode user : users) {
            String id = text(user, "id");
            if (!isNumericId(id)) {
                quarantined.add(
                        itemProblem(context, REASON_INVALID_USER_ID, "id is " + describe(user.get("id")), id, user));
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
                    text(user, "username"),
                    text(user, "name"),
                    createdAt,
                    text(user, "description"),
                    text(user, "location"),
                    bool(user, "verified"),
                    text(user, "verified_type"),
                    bool(user, "protected"),
                    text(user, "url"),
                    text(user, "profile_image_url"),
                    count(metrics, "followers_count"),
                    count(metrics, "following_count"),
                    count(metrics, "tweet_count"),
                    count(metrics, "listed_count"),
                    count(metrics, "like_count"),
                    text(user, "pinned_tweet_id"),
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
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isIntegralNumber()) {
            return value.longValue();
        }
        try {
            return value.isTextual() ? Long.parseLong(value.textValue().trim()) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Instant instant(JsonNode node, String field) {
        String value = text(node, field);
        return value == null ? null : parseInstant(value);
    }

    /**
     * X's own format ({@code 2021-09-22T16:24:35.000Z}, also without the millis) parsed directly:
     * {@link Instant#parse} builds a new formatter on every call and was a tenth of the job's CPU.
     * Anything else goes through {@link Instant#parse}; both throw {@link DateTimeException}.
     */
    static Instant parseInstant(String text) {
        int length = text.length();
        if ((length == 20 || length == 24)
                && text.charAt(4) == '-'
                && text.charAt(7) == '-'
                && text.charAt(10) == 'T'
                && text.charAt(13) == ':'
                && text.charAt(16) == ':'
                && text.charAt(length - 1) == 'Z'
                && (length == 20 || text.charAt(19) == '.')) {
            int hour = digits(text, 11, 13);
            int minute = digits(text, 14, 16);
            int second = digits(text, 17, 19);
            int millis = length == 24 ? digits(text, 20, 23) : 0;
            if (hour > 23 || minute > 59 || second > 59) {
                throw new DateTimeException("Cannot parse time of " + text);
            }
            long day = LocalDate.of(digits(text, 0, 4), digits(text, 5, 7), digits(text, 8, 10))
                    .toEpochDay();
            return Instant.ofEpochSecond(day * 86_400 + hour * 3_600L + minute * 60L + second, millis * 1_000_000L);
        }
        return inLakeRange(Instant.parse(text));
    }

    private static final Instant FIRST_INSTANT = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LAST_INSTANT = Instant.parse("9999-12-31T23:59:59.999999Z");

    /**
     * The instant, if a Parquet timestamp column (and Spark, and Athena) can hold it: years 1 to
     * 9999. {@link Instant#parse} accepts years up to a billion, which would overflow microseconds.
     */
    static Instant inLakeRange(Instant instant) {
        if (instant.isBefore(FIRST_INSTANT) || instant.isAfter(LAST_INSTANT)) {
            throw new DateTimeException("Cannot use " + instant + ": outside the years 0001-9999");
        }
        return instant;
    }

    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw new DateTimeException("Cannot parse " + text + ": not a digit at " + i);
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** 1 to 20 ASCII digits that fit an unsigned 64-bit number, as X's snowflake ids do. */
    static boolean isNumericId(String id) {
        if (id == null || id.isEmpty() || id.length() > 20) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        if (id.length() == 20) {
            try {
                Long.parseUnsignedLong(id);
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return true;
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

    private static boolean hasType(List<TweetRecord.ReferencedTweet> referenced, String type) {
        for (TweetRecord.ReferencedTweet reference : referenced) {
            if (type.equals(reference.type())) {
                return true;
            }
        }
        return false;
    }

    /** The UTC date of an instant, {@code YYYY-MM-DD} (by arithmetic: no zone rules to look up). */
    static String utcDate(Instant instant) {
        return LocalDate.ofEpochDay(Math.floorDiv(instant.getEpochSecond(), 86_400L))
                .toString();
    }

    private static List<TweetRecord.ContextAnnotation> contextAnnotations(JsonNode array) {
        List<TweetRecord.ContextAnnotation> values = new ArrayList<>();
        for (JsonNode item : array) {
            JsonNode domain = item.path("domain");
            JsonNode entity = item.path("entity");
            values.add(new TweetRecord.ContextAnnotation(
                    text(domain, "id"), text(domain, "name"), text(entity, "id"), text(entity, "name")));
        }
        return values;
    }

    private static String describe(JsonNode value) {
        if (value == null) {
            return "missing";
        }
        String text = value.toString();
        return text.length() > 80 ? text.substring(0, 80) + "..." : text;
    }

    static QuarantineRecord pageProblem(PageRef page, String run, String reason, String detail) {
        return new QuarantineRecord(run, reason, detail, page.uri(), page.queryName(), null, null);
    }

    private static QuarantineRecord itemProblem(
            Context context, String reason, String detail, String itemId, JsonNode item) {
        return new QuarantineRecord(
                context.run(),
                reason,
                detail,
                context.page().uri(),
                context.page().queryName(),
                itemId,
                item.toString());
    }
}
