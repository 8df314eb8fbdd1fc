package dev.xlake.convert;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The fast path of {@link PageFlattener}: reads a page with Jackson's streaming parser straight into
 * field values, without building a {@code JsonNode} tree (tree building was the largest single cost
 * of a conversion). It only handles the shapes X actually sends: strings as strings, counts as
 * integers, flags as booleans. Any other shape, and any item that needs quarantining, is marked
 * "unusual" and handed back by its byte span, so the tree code decides it and every rule keeps
 * exactly one implementation; a page it cannot walk at all makes {@link #parse} return null.
 */
final class StreamingPageFlattener {

    private static final ObjectMapper SCALARS = new ObjectMapper();
    private static final JsonFactory FACTORY = SCALARS.getFactory();

    private StreamingPageFlattener() {}

    /**
     * A tweet or user: read by the fast path ({@code fields} usable), or left to the tree code, which
     * re-reads the object from its byte span {@code [from, to)} or takes {@code scalar}, a non-object.
     */
    record Item(Object fields, int from, int to, JsonNode scalar) {}

    /** What the fast path read of a page; items keep their order in the page. */
    record ParsedPage(List<Item> tweets, List<Item> users) {}

    /** The page's items, or null when the page is not a plain search response (the tree code judges it). */
    static ParsedPage parse(byte[] body) {
        return parse(body, body.length);
    }

    /** The same for a body in the first {@code length} bytes of {@code body}. */
    static ParsedPage parse(byte[] body, int length) {
        try (JsonParser parser = FACTORY.createParser(body, 0, length)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            List<Item> tweets = null;
            List<Item> users = null;
            boolean searchResponse = false;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (name) {
                    case "data" -> {
                        if (value != JsonToken.START_ARRAY || tweets != null) {
                            return null;
                        }
                        tweets = items(parser, body, true);
                        searchResponse = true;
                    }
                    case "includes" -> {
                        if (value != JsonToken.START_OBJECT || users != null) {
                            return null;
                        }
                        users = includedUsers(parser, body);
                        searchResponse = true;
                    }
                    case "meta" -> {
                        searchResponse = true;
                        parser.skipChildren();
                    }
                    default -> parser.skipChildren();
                }
            }
            if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null || !searchResponse) {
                return null;
            }
            return new ParsedPage(tweets == null ? List.of() : tweets, users == null ? List.of() : users);
        } catch (IOException e) {
            return null; // malformed: the tree code writes the quarantine record with Jackson's message
        }
    }

    private static List<Item> includedUsers(JsonParser parser, byte[] body) throws IOException {
        List<Item> users = List.of();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if (name.equals("users")) {
                if (value != JsonToken.START_ARRAY) {
                    throw new IOException("includes.users is not an array");
                }
                users = items(parser, body, false);
            } else {
                parser.skipChildren();
            }
        }
        return users;
    }

    private static List<Item> items(JsonParser parser, byte[] body, boolean tweets) throws IOException {
        List<Item> items = new ArrayList<>();
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (token != JsonToken.START_OBJECT) {
                items.add(new Item(null, 0, 0, SCALARS.readTree(parser)));
                continue;
            }
            int from = (int) parser.currentTokenLocation().getByteOffset();
            Object fields = tweets ? TweetFields.read(parser) : UserFields.read(parser);
            items.add(new Item(fields, from, (int) parser.currentLocation().getByteOffset(), null));
        }
        return items;
    }

    /** Reads one object's fields; a shape outside the plain ones marks the whole item unusual. */
    private abstract static class Fields {
        boolean unusual;

        final void readObject(JsonParser parser) throws IOException {
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                field(name, parser);
            }
        }

        abstract void field(String name, JsonParser parser) throws IOException;

        final String string(JsonParser parser) throws IOException {
            return switch (parser.currentToken()) {
                case VALUE_STRING -> parser.getText();
                case VALUE_NULL -> null;
                default -> unusual(parser);
            };
        }

        final Boolean bool(JsonParser parser) throws IOException {
            return switch (parser.currentToken()) {
                case VALUE_TRUE -> Boolean.TRUE;
                case VALUE_FALSE -> Boolean.FALSE;
                case VALUE_NULL -> null;
                default -> unusual(parser);
            };
        }

        final Long count(JsonParser parser) throws IOException {
            JsonToken token = parser.currentToken();
            if (token == JsonToken.VALUE_NULL) {
                return null;
            }
            if (token == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
                return parser.getLongValue();
            }
            return unusual(parser);
        }

        /** An array of strings; null and absent give an empty list, as the tree code does. */
        final List<String> strings(JsonParser parser) throws IOException {
            List<String> values = new ArrayList<>();
            if (parser.currentToken() == JsonToken.VALUE_NULL) {
                return values;
            }
            if (parser.currentToken() != JsonToken.START_ARRAY) {
                return unusual(parser);
            }
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                String value = string(parser);
                if (value != null) {
                    values.add(value);
                }
            }
            return values;
        }

        /** Calls {@code each} on every object of an array; null gives nothing, other shapes are unusual. */
        final void objects(JsonParser parser, ObjectReader each) throws IOException {
            if (parser.currentToken() == JsonToken.VALUE_NULL) {
                return;
            }
            if (parser.currentToken() != JsonToken.START_ARRAY) {
                unusual(parser);
                return;
            }
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                if (parser.currentToken() == JsonToken.START_OBJECT) {
                    each.read(parser);
                } else {
                    unusual(parser);
                }
            }
        }

        /** Calls {@code field} for every field of an object; null gives nothing, other shapes are unusual. */
        final void object(JsonParser parser, FieldReader field) throws IOException {
            if (parser.currentToken() == JsonToken.VALUE_NULL) {
                return;
            }
            if (parser.currentToken() != JsonToken.START_OBJECT) {
                unusual(parser);
                return;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                field.read(name);
            }
        }

        final <T> T unusual(JsonParser parser) throws IOException {
            unusual = true;
            parser.skipChildren();
            return null;
        }
    }

    @FunctionalInterface
    interface ObjectReader {
        void read(JsonParser parser) throws IOException;
    }

    @FunctionalInterface
    interface FieldReader {
        void read(String name) throws IOException;
    }

    /** The entities of a tweet or of its note: absent lists stay empty. */
    static final class Entities {
        List<String> hashtags = List.of();
        List<String> cashtags = List.of();
        List<String> mentions = List.of();
        List<String> urls = List.of();
    }

    /** A tweet's fields as X sends them, before the author is looked up. */
    static final class TweetFields extends Fields {
        String id;
        String text;
        String authorId;
        String createdAt;
        String conversationId;
        String inReplyToUserId;
        String lang;
        Boolean possiblySensitive;
        String replySettings;
        String source;
        Long retweetCount;
        Long replyCount;
        Long likeCount;
        Long quoteCount;
        Long bookmarkCount;
        Long impressionCount;
        Entities entities = new Entities();
        boolean hasNoteTweet;
        String noteTweetText;
        Entities noteTweetEntities;
        boolean hasNotePost;
        String notePostText;
        Entities notePostEntities;
        List<TweetRecord.ReferencedTweet> referencedTweets;
        List<TweetRecord.ReferencedTweet> referencedPosts;
        List<String> mediaKeys = List.of();
        String placeId;
        List<String> editHistoryTweetIds;
        List<String> editHistoryPostIds;
        List<TweetRecord.ContextAnnotation> contextAnnotations = List.of();
        List<String> withheldInCountries = List.of();

        static TweetFields read(JsonParser parser) throws IOException {
            TweetFields tweet = new TweetFields();
            tweet.readObject(parser);
            return tweet;
        }

        @Override
        void field(String name, JsonParser parser) throws IOException {
            switch (name) {
                case "id" -> id = string(parser);
                case "text" -> text = string(parser);
                case "author_id" -> authorId = string(parser);
                case "created_at" -> createdAt = string(parser);
                case "conversation_id" -> conversationId = string(parser);
                case "in_reply_to_user_id" -> inReplyToUserId = string(parser);
                case "lang" -> lang = string(parser);
                case "possibly_sensitive" -> possiblySensitive = bool(parser);
                case "reply_settings" -> replySettings = string(parser);
                case "source" -> source = string(parser);
                case "public_metrics" -> {
                    retweetCount = replyCount = likeCount = quoteCount = bookmarkCount = impressionCount = null;
                    object(parser, metric -> {
                        switch (metric) {
                            case "retweet_count" -> retweetCount = count(parser);
                            case "reply_count" -> replyCount = count(parser);
                            case "like_count" -> likeCount = count(parser);
                            case "quote_count" -> quoteCount = count(parser);
                            case "bookmark_count" -> bookmarkCount = count(parser);
                            case "impression_count" -> impressionCount = count(parser);
                            default -> parser.skipChildren();
                        }
                    });
                }
                case "entities" -> entities = entities(parser);
                case "note_tweet", "note_post" -> {
                    if (parser.currentToken() == JsonToken.VALUE_NULL) {
                        setNote(name, false, null, null);
                        return;
                    }
                    String[] noteText = new String[1];
                    Entities[] noteEntities = new Entities[1];
                    object(parser, field -> {
                        switch (field) {
                            case "text" -> noteText[0] = string(parser);
                            case "entities" -> noteEntities[0] = entities(parser);
                            default -> parser.skipChildren();
                        }
                    });
                    setNote(name, true, noteText[0], noteEntities[0]);
                }
                case "referenced_tweets", "referenced_posts" -> {
                    List<TweetRecord.ReferencedTweet> references =
                            parser.currentToken() == JsonToken.VALUE_NULL ? null : new ArrayList<>();
                    objects(parser, item -> {
                        String[] typeAndId = new String[2];
                        object(parser, field -> {
                            switch (field) {
                                case "type" -> typeAndId[0] = string(parser);
                                case "id" -> typeAndId[1] = string(parser);
                                default -> parser.skipChildren();
                            }
                        });
                        references.add(new TweetRecord.ReferencedTweet(typeAndId[0], typeAndId[1]));
                    });
                    if (name.equals("referenced_tweets")) {
                        referencedTweets = references;
                    } else {
                        referencedPosts = references;
                    }
                }
                case "attachments" -> {
                    mediaKeys = List.of();
                    object(parser, field -> {
                        if (field.equals("media_keys")) {
                            mediaKeys = strings(parser);
                        } else {
                            parser.skipChildren();
                        }
                    });
                }
                case "geo" -> {
                    placeId = null;
                    object(parser, field -> {
                        if (field.equals("place_id")) {
                            placeId = string(parser);
                        } else {
                            parser.skipChildren();
                        }
                    });
                }
                case "edit_history_tweet_ids" ->
                    editHistoryTweetIds = parser.currentToken() == JsonToken.VALUE_NULL ? null : strings(parser);
                case "edit_history_post_ids" ->
                    editHistoryPostIds = parser.currentToken() == JsonToken.VALUE_NULL ? null : strings(parser);
                case "context_annotations" -> {
                    List<TweetRecord.ContextAnnotation> annotations = new ArrayList<>();
                    objects(parser, item -> {
                        String[] values = new String[4];
                        object(parser, part -> {
                            int offset = part.equals("domain") ? 0 : part.equals("entity") ? 2 : -1;
                            if (offset < 0) {
                                parser.skipChildren();
                                return;
                            }
                            values[offset] = null;
                            values[offset + 1] = null;
                            object(parser, field -> {
                                switch (field) {
                                    case "id" -> values[offset] = string(parser);
                                    case "name" -> values[offset + 1] = string(parser);
                                    default -> parser.skipChildren();
                                }
                            });
                        });
                        annotations.add(new TweetRecord.ContextAnnotation(values[0], values[1], values[2], values[3]));
                    });
                    contextAnnotations = annotations;
                }
                case "withheld" -> {
                    withheldInCountries = List.of();
                    object(parser, field -> {
                        if (field.equals("country_codes")) {
                            withheldInCountries = strings(parser);
                        } else {
                            parser.skipChildren();
                        }
                    });
                }
                default -> parser.skipChildren();
            }
        }

        private void setNote(String name, boolean present, String noteText, Entities noteEntities) {
            if (name.equals("note_tweet")) {
                hasNoteTweet = present;
                noteTweetText = noteText;
                noteTweetEntities = noteEntities;
            } else {
                hasNotePost = present;
                notePostText = noteText;
                notePostEntities = noteEntities;
            }
        }

        private Entities entities(JsonParser parser) throws IOException {
            Entities read = new Entities();
            object(parser, kind -> {
                switch (kind) {
                    case "hashtags" -> read.hashtags = fieldOfEach(parser, "tag");
                    case "cashtags" -> read.cashtags = fieldOfEach(parser, "tag");
                    case "mentions" -> read.mentions = fieldOfEach(parser, "username");
                    case "urls" -> {
                        List<String> urls = new ArrayList<>();
                        objects(parser, item -> {
                            String[] urlAndExpanded = new String[2];
                            object(parser, field -> {
                                switch (field) {
                                    case "url" -> urlAndExpanded[0] = string(parser);
                                    case "expanded_url" -> urlAndExpanded[1] = string(parser);
                                    default -> parser.skipChildren();
                                }
                            });
                            String value = urlAndExpanded[1] != null ? urlAndExpanded[1] : urlAndExpanded[0];
                            if (value != null) {
                                urls.add(value);
                            }
                        });
                        read.urls = urls;
                    }
                    default -> parser.skipChildren();
                }
            });
            return read;
        }

        private List<String> fieldOfEach(JsonParser parser, String wanted) throws IOException {
            List<String> values = new ArrayList<>();
            objects(parser, item -> {
                String[] value = new String[1];
                object(parser, field -> {
                    if (field.equals(wanted)) {
                        value[0] = string(parser);
                    } else {
                        parser.skipChildren();
                    }
                });
                if (value[0] != null) {
                    values.add(value[0]);
                }
            });
            return values;
        }

        /** Usable without the tree code: a numeric id and an X timestamp. */
        Instant usableCreatedAt() {
            if (unusual || !PageFlattener.isNumericId(id) || createdAt == null) {
                return null;
            }
            try {
                return PageFlattener.parseInstant(createdAt);
            } catch (DateTimeException e) {
                return null;
            }
        }
    }

    /** A user's fields as X sends them. */
    static final class UserFields extends Fields {
        String id;
        String username;
        String name;
        String createdAt;
        String description;
        String location;
        Boolean verified;
        String verifiedType;
        Boolean isProtected;
        String url;
        String profileImageUrl;
        Long followersCount;
        Long followingCount;
        Long tweetCount;
        Long listedCount;
        Long likeCount;
        String pinnedTweetId;

        static UserFields read(JsonParser parser) throws IOException {
            UserFields user = new UserFields();
            user.readObject(parser);
            return user;
        }

        @Override
        void field(String field, JsonParser parser) throws IOException {
            switch (field) {
                case "id" -> id = string(parser);
                case "username" -> username = string(parser);
                case "name" -> name = string(parser);
                case "created_at" -> createdAt = string(parser);
                case "description" -> description = string(parser);
                case "location" -> location = string(parser);
                case "verified" -> verified = bool(parser);
                case "verified_type" -> verifiedType = string(parser);
                case "protected" -> isProtected = bool(parser);
                case "url" -> url = string(parser);
                case "profile_image_url" -> profileImageUrl = string(parser);
                case "pinned_tweet_id" -> pinnedTweetId = string(parser);
                case "public_metrics" -> {
                    followersCount = followingCount = tweetCount = listedCount = likeCount = null;
                    object(parser, metric -> {
                        switch (metric) {
                            case "followers_count" -> followersCount = count(parser);
                            case "following_count" -> followingCount = count(parser);
                            case "tweet_count" -> tweetCount = count(parser);
                            case "listed_count" -> listedCount = count(parser);
                            case "like_count" -> likeCount = count(parser);
                            default -> parser.skipChildren();
                        }
                    });
                }
                default -> parser.skipChildren();
            }
        }

        boolean usable() {
            return !unusual && PageFlattener.isNumericId(id);
        }
    }
}
