package dev.xlake.convert;

import dev.xlake.convert.IncludedObjects.IncludedFields;
import dev.xlake.convert.IncludedObjects.Provenance;
import dev.xlake.convert.PageParser.AuthorFields;
import dev.xlake.convert.PageParser.Entities;
import dev.xlake.convert.PageParser.Item;
import dev.xlake.convert.PageParser.MediaFields;
import dev.xlake.convert.PageParser.Note;
import dev.xlake.convert.PageParser.ParsedPage;
import dev.xlake.convert.PageParser.PlaceFields;
import dev.xlake.convert.PageParser.PollFields;
import dev.xlake.convert.PageParser.PostTextFields;
import dev.xlake.convert.PageParser.TweetFields;
import dev.xlake.convert.PageParser.UserFields;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Turns one X API v2 recent-search response body into tweet rows, rows of its {@code includes}
 * (users, referenced posts, media, places, polls) and quarantine records. Pure: no Spark session (only its UTF-8 string type), no I/O, so every column rule is unit-tested on hand-written pages.
 * {@link PageParser} reads the page; the columns are mapped here, once.
 *
 * <p>Rules (docs/schema.md has the column list): unknown fields are ignored, absent optional fields
 * become null (metrics are never defaulted to 0), the {@code post} spellings of X's newest spec
 * ({@code note_post}, {@code referenced_posts}, {@code edit_history_post_ids}) are read when the
 * {@code tweet} ones are absent, and a tweet without a usable id or {@code created_at} is
 * quarantined instead of failing the page. An {@code includes} object other than a user without
 * its key (id, media key) cannot be a row and is left out: it stays in the raw page, and no row
 * of {@code tweets} depends on it.
 */
public final class PageFlattener {

    static final String REASON_INVALID_JSON = "invalid_json";
    static final String REASON_NOT_SEARCH_RESPONSE = "not_a_search_response";
    static final String REASON_UNKNOWN_QUERY = "unknown_query";
    static final String REASON_INVALID_TWEET_ID = "invalid_tweet_id";
    static final String REASON_INVALID_CREATED_AT = "invalid_created_at";
    static final String REASON_INVALID_USER_ID = "invalid_user_id";

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
        return flatten(body, length, page, fetchedAt, true);
    }

    /** With {@code expansions} false, only the tweets and users of the page ({@link PageParser#parse}). */
    static FlattenedPage flatten(byte[] body, int length, PageRef page, Instant fetchedAt, boolean expansions) {
        return flatten(body, length, page, fetchedAt, expansions, Kept.NONE);
    }

    /**
     * The copies of users and referenced posts a reader keeps already ({@link NewestRows}): told a
     * copy's key and the provenance of its page, whether the copy kept is newer than or the same as
     * that one. Each table's rows hold the newest copy only, so a page's copy that could not
     * replace it gives no row.
     */
    interface Kept {
        Kept NONE = (table, key, fetchedMicros, runId, rawObject) -> false;

        boolean newer(KeyedTable<?> table, String key, long fetchedMicros, String runId, String rawObject);
    }

    /**
     * The same, leaving out of the page's users and referenced posts the copies {@code kept} has
     * newer ones of: those are read for what the page's tweets take from them only (the author's
     * name, the referenced post's text), which is most of a run's users when a reader goes through
     * its pages newest first ({@link PageRef#NEWEST_FIRST}).
     */
    static FlattenedPage flatten(
            byte[] body, int length, PageRef page, Instant fetchedAt, boolean expansions, Kept kept) {
        String run = page.runId() == null ? QuarantineRecord.ADHOC_RUN : page.runId();
        ParsedPage parsed = PageParser.parse(body, length, expansions, older(kept, page, fetchedAt));
        if (parsed.problem() != null) {
            return FlattenedPage.quarantinedPage(
                    switch (parsed.problem()) {
                        case INVALID_JSON -> pageProblem(page, run, REASON_INVALID_JSON, parsed.detail());
                        case NOT_A_SEARCH_RESPONSE ->
                            pageProblem(
                                    page,
                                    run,
                                    REASON_NOT_SEARCH_RESPONSE,
                                    "expected an object with data, includes or meta");
                    });
        }
        if (page.queryName() == null) {
            return FlattenedPage.quarantinedPage(pageProblem(
                    page,
                    run,
                    REASON_UNKNOWN_QUERY,
                    "neither a manifest nor a query=<slug> path segment names the query"));
        }
        Context context = new Context(body, page, run, fetchedAt, new Days());
        List<QuarantineRecord> quarantined = new ArrayList<>();
        List<UserRecord> users = new ArrayList<>(parsed.users().size());
        // Long keys: numeric id strings of equal length hash into few buckets of a String map
        Map<Long, AuthorFields> usersById = new HashMap<>();
        for (Item item : parsed.users()) {
            if (item.fields() instanceof AuthorFields author && !(author instanceof UserFields)) {
                usersById.put(Long.parseUnsignedLong(author.id), author); // an older copy: for the tweets only
                continue;
            }
            UserRecord user = userRecord(item, context, quarantined);
            if (user != null) {
                users.add(user);
                usersById.put(Long.parseUnsignedLong(user.id()), (UserFields) item.fields());
            }
        }
        Map<String, UTF8String> includedTexts = includedTexts(parsed.includedTweets());
        List<TweetRecord> tweets = new ArrayList<>(parsed.tweets().size());
        for (Item item : parsed.tweets()) {
            TweetRecord tweet = tweetRecord(item, usersById, includedTexts, context, quarantined);
            if (tweet != null) {
                tweets.add(tweet);
            }
        }
        return new FlattenedPage(
                tweets,
                users,
                referencedTweets(parsed.includedTweets(), usersById, includedTexts, context),
                media(parsed.media(), context),
                places(parsed.places(), context),
                polls(parsed.polls(), context),
                quarantined);
    }

    /** What the parser may read lightly of this page: the copies {@code kept} has newer ones of. */
    private static PageParser.Older older(Kept kept, PageRef page, Instant fetchedAt) {
        if (kept == Kept.NONE) {
            return PageParser.Older.NONE;
        }
        long micros = NewestRows.micros(fetchedAt);
        // only an id the flattener accepts can be read lightly: a light copy is keyed by it
        return (table, id) -> isNumericId(id) && kept.newer(table, id, micros, page.runId(), page.uri());
    }

    /**
     * The posts of {@code includes.tweets} as rows of {@code referenced_tweets}, mapped as tweets
     * are. One without a numeric id cannot be keyed and is left out (it stays in the raw page);
     * one without a usable {@code created_at} is kept with none.
     */
    private static List<TweetRecord> referencedTweets(
            List<Item> included,
            Map<Long, AuthorFields> usersById,
            Map<String, UTF8String> includedTexts,
            Context context) {
        List<TweetRecord> rows = new ArrayList<>(included.size());
        for (Item item : included) {
            if (item.fields() instanceof TweetFields tweet && isNumericId(tweet.id)) {
                rows.add(toRecord(tweet, optionalInstant(tweet.createdAt), usersById, includedTexts, context));
            }
        }
        return rows;
    }

    /** {@code includes.media} by {@code media_key}; an object without a key is left out. */
    private static List<MediaRecord> media(List<Item> items, Context context) {
        return keyedRows(items, MediaFields.class, context);
    }

    /** {@code includes.places} by id; an object without an id is left out. */
    private static List<PlaceRecord> places(List<Item> items, Context context) {
        return keyedRows(items, PlaceFields.class, context);
    }

    /** {@code includes.polls} by id; an object without an id is left out. */
    private static List<PollRecord> polls(List<Item> items, Context context) {
        return keyedRows(items, PollFields.class, context);
    }

    /**
     * The records of the {@code includes} objects read as {@code type} that have a key, one without
     * left out; the page's provenance is made once for the table.
     */
    private static <R extends Record, F extends IncludedFields<R>> List<R> keyedRows(
            List<Item> items, Class<F> type, Context context) {
        Provenance provenance = new Provenance(
                context.fetchedAt(), context.page().runId(), context.page().uri());
        List<R> rows = new ArrayList<>(items.size());
        for (Item item : items) {
            if (type.isInstance(item.fields()) && hasKey(item.fields().id)) {
                rows.add(type.cast(item.fields()).record(provenance));
            }
        }
        return rows;
    }

    private static boolean hasKey(String key) {
        return key != null && !key.isEmpty();
    }

    /** The full text of each post in {@code includes.tweets} (the posts the page's tweets refer to), by id. */
    private static Map<String, UTF8String> includedTexts(List<Item> included) {
        Map<String, UTF8String> texts = new HashMap<>();
        for (Item item : included) {
            if (item.fields() instanceof PostTextFields tweet && tweet.id != null) {
                UTF8String text = fullText(tweet);
                if (text != null) {
                    texts.put(tweet.id, text);
                }
            }
        }
        return texts;
    }

    /** {@code note_tweet.text} for a long post (the {@code text} of one is cut short), else {@code text}. */
    private static UTF8String fullText(PostTextFields tweet) {
        Note note = note(tweet);
        return note != null && note.text != null ? note.text : tweet.text;
    }

    private static Note note(PostTextFields tweet) {
        return tweet.noteTweet != null ? tweet.noteTweet : tweet.notePost;
    }

    /** The page being flattened; {@code body} holds the JSON of quarantined items. */
    private record Context(byte[] body, PageRef page, String run, Instant fetchedAt, Days days) {}

    /** The {@link #utcDate} of the day seen last: a page's tweets fall on one or two days. */
    private static final class Days {
        private long day = Long.MIN_VALUE;
        private String date;

        String utcDate(Instant instant) {
            long of = Math.floorDiv(instant.getEpochSecond(), 86_400L);
            if (of != day) {
                day = of;
                date = LocalDate.ofEpochDay(of).toString();
            }
            return date;
        }
    }

    /** A tweet's row, or null when it is quarantined (no usable id or {@code created_at}). */
    private static TweetRecord tweetRecord(
            Item item,
            Map<Long, AuthorFields> usersById,
            Map<String, UTF8String> includedTexts,
            Context context,
            List<QuarantineRecord> quarantined) {
        TweetFields tweet = item.fields() instanceof TweetFields fields ? fields : new TweetFields();
        if (!isNumericId(tweet.id)) {
            quarantined.add(
                    itemProblem(context, REASON_INVALID_TWEET_ID, "id is " + tweet.describeId(), tweet.id, item));
            return null;
        }
        Instant createdAt = optionalInstant(tweet.createdAt);
        if (createdAt == null) {
            String detail = "created_at is " + tweet.describeCreatedAt();
            quarantined.add(itemProblem(context, REASON_INVALID_CREATED_AT, detail, tweet.id, item));
            return null;
        }
        return toRecord(tweet, createdAt, usersById, includedTexts, context);
    }

    /** A tweet's row; {@code createdAt} may be null for a referenced post only. */
    private static TweetRecord toRecord(
            TweetFields tweet,
            Instant createdAt,
            Map<Long, AuthorFields> usersById,
            Map<String, UTF8String> includedTexts,
            Context context) {
        Note note = note(tweet);
        UTF8String fullText = fullText(tweet);
        // A long post's own entities cover only the truncated text; note_tweet's cover all of it.
        Entities entities = note != null && note.entities != null ? note.entities : tweet.entities;
        AuthorFields author =
                isNumericId(tweet.authorId) ? usersById.get(Long.parseUnsignedLong(tweet.authorId)) : null;
        List<TweetRecord.ReferencedTweet> referenced = either(tweet.referencedTweets, tweet.referencedPosts);
        String retweetedId = idOfType(referenced, "retweeted");
        UTF8String retweetedText = retweetedId == null ? null : includedTexts.get(retweetedId);
        return new TweetRecord(
                context.page().queryName(),
                createdAt == null ? null : context.days().utcDate(createdAt),
                tweet.id,
                fullText,
                tweet.authorId,
                author == null ? null : author.username,
                author == null ? null : author.name,
                author == null ? null : author.verified,
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
                retweetedId,
                retweetedText,
                tweet.mediaKeys,
                tweet.pollIds,
                tweet.placeId,
                either(tweet.editHistoryTweetIds, tweet.editHistoryPostIds),
                editControls(tweet.editControls),
                tweet.contextAnnotations,
                tweet.entities.annotations,
                tweet.withheldInCountries,
                context.fetchedAt(),
                context.page().runId(),
                context.page().uri());
    }

    /** A user's row, or null when it is quarantined (no usable id). */
    private static UserRecord userRecord(Item item, Context context, List<QuarantineRecord> quarantined) {
        UserFields user = item.fields() instanceof UserFields fields ? fields : new UserFields();
        if (!isNumericId(user.id)) {
            quarantined.add(itemProblem(context, REASON_INVALID_USER_ID, "id is " + user.describeId(), user.id, item));
            return null;
        }
        return new UserRecord(
                UserRecord.bucketOf(user.id),
                user.id,
                user.username,
                user.name,
                optionalInstant(user.createdAt), // an optional user field: a bad value is dropped, not the user
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

    /** The {@code tweet} spelling where it is there (not null), else the {@code post} one, else empty. */
    private static <T> List<T> either(List<T> tweetSpelling, List<T> postSpelling) {
        return tweetSpelling != null ? tweetSpelling : postSpelling != null ? postSpelling : List.of();
    }

    /** The instant, or null where the text is missing or not a time the lake can hold. */
    static Instant optionalInstant(String text) {
        try {
            return text == null ? null : parseInstant(text);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /**
     * X's own format ({@code 2021-09-22T16:24:35.000Z}, also without the millis) parsed directly,
     * because every tweet has one and {@link Instant#parse} builds a new formatter on every call.
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

    /** The UTC date of an instant, {@code YYYY-MM-DD} (by arithmetic: no zone rules to look up). */
    static String utcDate(Instant instant) {
        return LocalDate.ofEpochDay(Math.floorDiv(instant.getEpochSecond(), 86_400L))
                .toString();
    }

    static boolean hasType(List<TweetRecord.ReferencedTweet> referenced, String type) {
        for (TweetRecord.ReferencedTweet reference : referenced) {
            if (type.equals(reference.type())) {
                return true;
            }
        }
        return false;
    }

    /** The id of the first reference of {@code type} that has one; null if none has. */
    static String idOfType(List<TweetRecord.ReferencedTweet> referenced, String type) {
        for (TweetRecord.ReferencedTweet reference : referenced) {
            if (type.equals(reference.type()) && reference.id() != null) {
                return reference.id();
            }
        }
        return null;
    }

    /** Null where X sent none; an {@code editable_until} that is not a time the lake holds reads null. */
    private static TweetRecord.EditControls editControls(PageParser.EditControls controls) {
        return controls == null
                ? null
                : new TweetRecord.EditControls(
                        controls.editsRemaining, controls.isEditEligible, optionalInstant(controls.editableUntil));
    }

    static QuarantineRecord pageProblem(PageRef page, String run, String reason, String detail) {
        return itemProblem(page, run, reason, detail, null, null);
    }

    /** A quarantine record of {@code page}; {@code record} is the item's JSON, null for the whole page. */
    static QuarantineRecord itemProblem(
            PageRef page, String run, String reason, String detail, String itemId, String record) {
        return new QuarantineRecord(run, reason, detail, page.uri(), page.queryName(), itemId, record);
    }

    /** An item's problem, with the item's JSON as it stands in the page. */
    private static QuarantineRecord itemProblem(
            Context context, String reason, String detail, String itemId, Item item) {
        return itemProblem(context.page(), context.run(), reason, detail, itemId, item.json(context.body()));
    }
}
