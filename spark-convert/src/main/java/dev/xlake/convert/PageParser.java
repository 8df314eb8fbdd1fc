package dev.xlake.convert;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.ObjectCodec;
import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.core.json.UTF8StreamJsonParser;
import com.fasterxml.jackson.core.sym.ByteQuadsCanonicalizer;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Reads an X API search page with Jackson's streaming parser straight into field values: no
 * {@code JsonNode} tree is built and each byte is read once, because a tree per page would cost a
 * conversion more than anything else it does. What a value becomes is decided here, for every shape X may send, as
 * leniently as X itself is: numbers and flags as strings, strings as numbers, {@code null} or
 * missing objects, objects where arrays are expected. {@link PageFlattener} turns the values into
 * rows and decides what goes to quarantine; the raw JSON of an item it quarantines is the item's
 * span of the page ({@link Item#json}), so an item is never parsed twice.
 *
 * <p>How each shape reads (a container is an array or an object; iterating an object visits the
 * values of its fields, as Jackson's tree does):
 * <ul>
 *   <li>a string field: strings as they are, numbers and booleans as their JSON text, null and
 *       containers as null;
 *   <li>a flag: {@code true}/{@code false}, also as strings; anything else null;
 *   <li>a count: an integer, or a string holding one; anything else null;
 *   <li>an object that is null, missing or not an object has none of its fields;
 *   <li>a list: the usable elements of a container, empty for anything else;
 *   <li>duplicate keys: the last one wins, replacing the whole value.
 * </ul>
 */
final class PageParser {

    /** Prints the containers that quarantine records describe, as Jackson's tree does. */
    private static final ObjectMapper TREES = new ObjectMapper();

    /** A default factory (so the limits and error messages of a default {@link ObjectMapper}). */
    private static final JsonFactory FACTORY = new PageJsonFactory();

    private PageParser() {}

    /** Why a page is not a usable search response; null in a {@link ParsedPage} that is one. */
    enum PageProblem {
        INVALID_JSON,
        NOT_A_SEARCH_RESPONSE
    }

    /**
     * A tweet or user of the page: {@code fields} read from an object, or null for an element
     * that is not an object; its JSON text is the page's bytes {@code [from, to)}.
     */
    record Item(Fields fields, int from, int to) {

        /** The item's JSON as it stands in the page (decoded only for items that are quarantined). */
        String json(byte[] body) {
            return new String(body, from, to - from, StandardCharsets.UTF_8);
        }
    }

    /**
     * What a page holds: tweets and users in page order, or the problem that makes the page
     * unusable as a whole ({@code detail} is then the parser's message).
     */
    record ParsedPage(
            List<Item> tweets,
            List<Item> users,
            List<Item> includedTweets,
            List<Item> media,
            List<Item> places,
            List<Item> polls,
            PageProblem problem,
            String detail) {

        static ParsedPage problem(PageProblem problem, String detail) {
            return new ParsedPage(List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), problem, detail);
        }
    }

    /** What a page's {@code includes} holds that the converter reads. */
    private record Includes(
            List<Item> users, List<Item> tweets, List<Item> media, List<Item> places, List<Item> polls) {
        static final Includes NONE = new Includes(List.of(), List.of(), List.of(), List.of(), List.of());
    }

    /**
     * Reads the first {@code length} bytes of {@code body}. A page is a search response if it is an
     * object with {@code data}, {@code includes} or {@code meta}, and any {@code data} is an array;
     * whatever follows the page's object is not read.
     */
    static ParsedPage parse(byte[] body, int length) {
        return parse(body, length, true);
    }

    /**
     * The same; with {@code expansions} false, {@code includes} is read for its users only (the
     * converter without the expansion tables, which the benchmark compares with: docs/benchmarks.md).
     */
    static ParsedPage parse(byte[] body, int length, boolean expansions) {
        return parse(body, length, expansions, Older.NONE);
    }

    /**
     * Which of a page's included users ({@link KeyedTable#USERS}) and posts ({@link
     * KeyedTable#REFERENCED_TWEETS}) the reader holds a newer or the same copy of already, by id.
     * Such a copy is read only for what the page's tweets take from it ({@link AuthorFields},
     * {@link PostTextFields}): its row could not replace the one kept.
     */
    @FunctionalInterface
    interface Older {
        Older NONE = (table, id) -> false;

        boolean older(KeyedTable<?> table, String id);
    }

    /** The same, reading the copies {@code older} names for what the page's tweets take from them only. */
    static ParsedPage parse(byte[] body, int length, boolean expansions, Older older) {
        try (JsonParser parser = FACTORY.createParser(body, 0, length)) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_OBJECT) {
                // read to its end all the same: a malformed value is invalid JSON before it is the wrong shape
                parser.skipChildren();
                parser.finishToken();
                return ParsedPage.problem(PageProblem.NOT_A_SEARCH_RESPONSE, null);
            }
            List<Item> tweets = List.of();
            Includes includes = Includes.NONE;
            boolean searchResponse = false;
            boolean dataIsArray = true;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (name) {
                    case "data" -> {
                        searchResponse = true;
                        dataIsArray = value == JsonToken.START_ARRAY;
                        tweets = dataIsArray ? items(parser, TweetFields::new, null, body, length) : List.of();
                        parser.skipChildren();
                    }
                    case "includes" -> {
                        searchResponse = true;
                        includes = includes(parser, expansions, older, body, length);
                    }
                    case "meta" -> {
                        searchResponse = true;
                        parser.skipChildren();
                    }
                    default -> parser.skipChildren();
                }
            }
            if (!searchResponse || !dataIsArray) {
                return ParsedPage.problem(PageProblem.NOT_A_SEARCH_RESPONSE, null);
            }
            return new ParsedPage(
                    tweets,
                    includes.users(),
                    includes.tweets(),
                    includes.media(),
                    includes.places(),
                    includes.polls(),
                    null,
                    null);
        } catch (JsonProcessingException e) {
            return ParsedPage.problem(PageProblem.INVALID_JSON, e.getOriginalMessage());
        } catch (IOException e) {
            return ParsedPage.problem(PageProblem.INVALID_JSON, e.getMessage());
        }
    }

    private static Includes includes(JsonParser parser, boolean expansions, Older older, byte[] body, int length)
            throws IOException {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            parser.skipChildren();
            return Includes.NONE;
        }
        List<Item> users = List.of();
        List<Item> tweets = List.of();
        List<Item> media = List.of();
        List<Item> places = List.of();
        List<Item> polls = List.of();
        OlderReader authors = OlderReader.of(older, KeyedTable.USERS, AuthorFields::new);
        OlderReader texts = OlderReader.of(older, KeyedTable.REFERENCED_TWEETS, PostTextFields::new);
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            boolean container = value == JsonToken.START_ARRAY || value == JsonToken.START_OBJECT;
            if (!expansions && !name.equals("users")) {
                parser.skipChildren();
                continue;
            }
            switch (name) {
                case "users" -> users = container ? items(parser, UserFields::new, authors, body, length) : List.of();
                case "tweets" -> tweets = container ? items(parser, TweetFields::new, texts, body, length) : List.of();
                case "media" -> media = container ? items(parser, MediaFields::new, null, body, length) : List.of();
                case "places" -> places = container ? items(parser, PlaceFields::new, null, body, length) : List.of();
                case "polls" -> polls = container ? items(parser, PollFields::new, null, body, length) : List.of();
                default -> {
                    // other includes (topics, ...) are not requested
                }
            }
            parser.skipChildren();
        }
        return new Includes(users, tweets, media, places, polls);
    }

    /** What reads an object of {@code table} whose id {@code older} names: a lighter {@code fields}. */
    private record OlderReader(Older older, KeyedTable<?> table, Supplier<Fields> fields) {

        /** Null, so that no id is looked for, when nothing is older. */
        static OlderReader of(Older older, KeyedTable<?> table, Supplier<Fields> fields) {
            return older == Older.NONE ? null : new OlderReader(older, table, fields);
        }
    }

    /**
     * The elements of the container the parser is at, each read by a fresh {@code fields}, or by
     * {@code older}'s where an object's id (found ahead in its bytes, {@link JsonObjectId}) is one
     * it names; the parser reads {@code body}'s first {@code length} bytes.
     */
    private static List<Item> items(
            JsonParser parser, Supplier<Fields> fields, OlderReader older, byte[] body, int length) throws IOException {
        List<Item> items = new ArrayList<>();
        JsonToken end = parser.currentToken() == JsonToken.START_ARRAY ? JsonToken.END_ARRAY : JsonToken.END_OBJECT;
        JsonToken token;
        while ((token = parser.nextToken()) != end) {
            if (token == JsonToken.FIELD_NAME) {
                token = parser.nextToken();
            }
            int from = (int) parser.currentTokenLocation().getByteOffset();
            Fields read = null;
            if (token == JsonToken.START_OBJECT) {
                String id = older == null ? null : JsonObjectId.peek(body, from, length);
                boolean isOlder = id != null && older.older().older(older.table(), id);
                read = isOlder ? older.fields().get() : fields.get();
                read.body = body;
                read.length = length;
                read.readObject(parser);
                if (isOlder && !id.equals(read.id)) {
                    // the object names its id twice, the last one counts: read it in full after all
                    read = fields.get();
                    read.length = length; // no body: its strings are decoded by Jackson
                    int to = (int) parser.currentLocation().getByteOffset();
                    try (JsonParser again = FACTORY.createParser(body, from, to - from)) {
                        again.nextToken();
                        read.readObject(again);
                    }
                }
            } else {
                parser.skipChildren();
                parser.finishToken();
            }
            items.add(new Item(read, from, (int) parser.currentLocation().getByteOffset()));
        }
        return items;
    }

    /** Reads one object's fields, with the lenient readings listed on {@link PageParser}. */
    abstract static class Fields {
        /** The page being read: its first {@code length} bytes are what the parser reads. */
        byte[] body;

        int length;

        /** The {@code id} field: its first token (null if missing), its text, and its JSON if a container. */
        JsonToken idToken;

        String id;
        String idContainer;

        final String describeId() {
            return describe(idToken, id, idContainer);
        }

        final void readId(JsonParser parser) throws IOException {
            idToken = parser.currentToken();
            idContainer = containerJson(parser);
            id = idContainer == null ? scalarText(parser) : null;
        }

        /** A container value as Jackson's tree prints it (consumed), or null for a scalar (left alone). */
        static String containerJson(JsonParser parser) throws IOException {
            return parser.currentToken().isStructStart()
                    ? TREES.readTree(parser).toString()
                    : null;
        }

        /**
         * What a quarantine record says about a value: its JSON as Jackson's tree prints it, cut
         * at 80 characters, or {@code missing}.
         */
        static String describe(JsonToken token, String text, String container) {
            if (token == null) {
                return "missing";
            }
            String json = switch (token) {
                case VALUE_STRING ->
                    '"' + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + '"';
                case VALUE_NULL -> "null";
                case START_OBJECT, START_ARRAY -> container;
                default -> text;
            };
            return json.length() > 80 ? json.substring(0, 80) + "..." : json;
        }

        final void readObject(JsonParser parser) throws IOException {
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                field(name, parser);
            }
        }

        abstract void field(String name, JsonParser parser) throws IOException;

        /** A scalar's text, as Jackson's tree gives it ({@code JsonNode.asText}); null for null. */
        static String scalarText(JsonParser parser) throws IOException {
            return switch (parser.currentToken()) {
                case VALUE_STRING -> parser.getText();
                case VALUE_NUMBER_INT ->
                    switch (parser.getNumberType()) {
                        case INT -> Integer.toString(parser.getIntValue());
                        case LONG -> Long.toString(parser.getLongValue());
                        default -> parser.getBigIntegerValue().toString();
                    };
                case VALUE_NUMBER_FLOAT -> Double.toString(parser.getDoubleValue());
                case VALUE_TRUE -> "true";
                case VALUE_FALSE -> "false";
                default -> null;
            };
        }

        /**
         * The string at the parser's current token as the page's own bytes, where they are its
         * UTF-8 as they stand (no escape, well-formed UTF-8: what Jackson would decode to the same
         * text), copied (the page buffer is reused); null otherwise, the token left to Jackson.
         * Taken, the token is not decoded, and the page's own parser ({@link PageJsonParser}) moves
         * past it without reading its bytes again. Saves the decode to UTF-16 and the encode back
         * for Spark's rows (docs/benchmarks.md).
         */
        static UTF8String pageUtf8(JsonParser parser, byte[] body, int length) throws IOException {
            if (body == null || parser.currentToken() != JsonToken.VALUE_STRING) {
                return null;
            }
            long quote = parser.currentTokenLocation().getByteOffset();
            if (quote < 0 || quote >= length || body[(int) quote] != '"') {
                return null;
            }
            int from = (int) quote + 1;
            int end = Utf8Bytes.plainStringEnd(body, from, length);
            if (end < 0) {
                return null;
            }
            if (parser instanceof PageJsonParser page) {
                return page.take(from, end);
            }
            return UTF8String.fromBytes(Arrays.copyOfRange(body, from, end));
        }

        /** A string field: containers (skipped) and null give null. */
        static String string(JsonParser parser) throws IOException {
            if (parser.currentToken().isStructStart()) {
                parser.skipChildren();
                return null;
            }
            return scalarText(parser);
        }

        /** A text that must be there to count: a container counts, as empty text. */
        static String anyText(JsonParser parser) throws IOException {
            if (parser.currentToken().isStructStart()) {
                parser.skipChildren();
                return "";
            }
            return scalarText(parser);
        }

        static Boolean bool(JsonParser parser) throws IOException {
            return switch (parser.currentToken()) {
                case VALUE_TRUE -> Boolean.TRUE;
                case VALUE_FALSE -> Boolean.FALSE;
                case VALUE_STRING ->
                    switch (parser.getText()) {
                        case "true" -> Boolean.TRUE;
                        case "false" -> Boolean.FALSE;
                        default -> null;
                    };
                default -> {
                    parser.skipChildren();
                    yield null;
                }
            };
        }

        /** A count; X has sent numbers as strings ("edits_remaining": "4"), so both are accepted. */
        static Long count(JsonParser parser) throws IOException {
            switch (parser.currentToken()) {
                case VALUE_NUMBER_INT:
                    return parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                            ? parser.getBigIntegerValue().longValue()
                            : parser.getLongValue();
                case VALUE_STRING:
                    try {
                        return Long.parseLong(parser.getText().trim());
                    } catch (NumberFormatException e) {
                        return null;
                    }
                default:
                    parser.skipChildren();
                    return null;
            }
        }

        /** A number, also sent as a string; anything else null. */
        static Double decimal(JsonParser parser) throws IOException {
            switch (parser.currentToken()) {
                case VALUE_NUMBER_INT:
                case VALUE_NUMBER_FLOAT:
                    return parser.getDoubleValue();
                case VALUE_STRING:
                    try {
                        return Double.parseDouble(parser.getText().trim());
                    } catch (NumberFormatException e) {
                        return null;
                    }
                default:
                    parser.skipChildren();
                    return null;
            }
        }

        /** The scalar elements of a container as text; null and nested containers are left out. */
        static List<String> strings(JsonParser parser) throws IOException {
            return values(parser, Fields::string);
        }

        /** Calls {@code each} at every element of a container (any other value has none). */
        static void elements(JsonParser parser, ValueReader each) throws IOException {
            JsonToken token = parser.currentToken();
            if (token == JsonToken.START_ARRAY) {
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    each.read();
                }
            } else if (token == JsonToken.START_OBJECT) {
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    parser.nextToken();
                    each.read();
                }
            }
        }

        /**
         * The elements of a container that are objects, each read by {@code read} at its start
         * (other elements are skipped; any other value has none).
         */
        static <T> List<T> objects(JsonParser parser, ObjectReader<T> read) throws IOException {
            List<T> values = new ArrayList<>();
            elements(parser, () -> {
                if (parser.currentToken() != JsonToken.START_OBJECT) {
                    parser.skipChildren();
                    return;
                }
                values.add(read.read());
            });
            return values;
        }

        /**
         * The elements of a container that are objects, each made into a record of its three named
         * fields: null where a field is missing, the last of a repeated field wins, other fields are
         * skipped (other elements too; any other value has none).
         */
        static <A, B, C, R> List<R> records(
                JsonParser parser, Named<A> first, Named<B> second, Named<C> third, Constructor3<A, B, C, R> make)
                throws IOException {
            return objects(parser, () -> {
                Slot<A> a = new Slot<>();
                Slot<B> b = new Slot<>();
                Slot<C> c = new Slot<>();
                object(parser, name -> {
                    if (name.equals(first.name())) {
                        a.value = first.read().read(parser);
                    } else if (name.equals(second.name())) {
                        b.value = second.read().read(parser);
                    } else if (name.equals(third.name())) {
                        c.value = third.read().read(parser);
                    } else {
                        parser.skipChildren();
                    }
                });
                return make.make(a.value, b.value, c.value);
            });
        }

        /**
         * The value of the one wanted field of an object, read by {@code read}; {@code absent} where
         * the field is missing or the value is not an object (which is skipped).
         */
        static <T> T fieldOf(JsonParser parser, String wanted, ValueFunction<T> read, T absent) throws IOException {
            T value = absent;
            if (parser.currentToken() != JsonToken.START_OBJECT) {
                parser.skipChildren();
                return value;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                if (name.equals(wanted)) {
                    value = read.read(parser);
                } else {
                    parser.skipChildren();
                }
            }
            return value;
        }

        /** Calls {@code field} at every field of an object (any other value has none, and is skipped). */
        static void object(JsonParser parser, FieldReader field) throws IOException {
            if (parser.currentToken() != JsonToken.START_OBJECT) {
                parser.skipChildren();
                return;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                field.read(name);
            }
        }

        /**
         * A string field as UTF-8, as the rows hold it: the page's own bytes where they are its
         * text as-is ({@link #pageUtf8}), else {@link #string}'s text encoded (escaped strings,
         * numbers, flags); null for null and containers.
         */
        final UTF8String utf8(JsonParser parser) throws IOException {
            UTF8String page = pageUtf8(parser, body, length);
            return page != null ? page : LakeSchema.utf8(string(parser));
        }

        /** {@link #strings} as UTF-8, each element read as {@link #utf8} reads it. */
        final List<UTF8String> utf8s(JsonParser parser) throws IOException {
            return values(parser, this::utf8);
        }

        /** The elements of a container, each read by {@code read}; the nulls it gives are left out. */
        static <T> List<T> values(JsonParser parser, ValueFunction<T> read) throws IOException {
            List<T> values = new ArrayList<>();
            elements(parser, () -> {
                T value = read.read(parser);
                if (value != null) {
                    values.add(value);
                }
            });
            return values;
        }
    }

    /** Reads the value at the parser's current token into a value, consuming all of it. */
    @FunctionalInterface
    interface ValueFunction<T> {
        T read(JsonParser parser) throws IOException;
    }

    /** A field of an object by its name, and how its value is read. */
    record Named<T>(String name, ValueFunction<T> read) {}

    /** Makes a record of its three components, in the order of its constructor. */
    @FunctionalInterface
    interface Constructor3<A, B, C, R> {
        R make(A first, B second, C third);
    }

    /** One value read from within a lambda, null until it is. */
    private static final class Slot<T> {
        T value;
    }

    /** Reads a value at the parser's current token, consuming all of it. */
    @FunctionalInterface
    interface ValueReader {
        void read() throws IOException;
    }

    /** Reads the object at the parser's current token into a value, consuming all of it. */
    @FunctionalInterface
    interface ObjectReader<T> {
        T read() throws IOException;
    }

    /** Reads the value of the named field at the parser's current token, consuming all of it. */
    @FunctionalInterface
    interface FieldReader {
        void read(String name) throws IOException;
    }

    /** The entities of a tweet or of its note: absent lists stay empty. */
    static final class Entities {
        List<UTF8String> hashtags = List.of();
        List<UTF8String> cashtags = List.of();
        List<UTF8String> mentions = List.of();
        List<UTF8String> urls = List.of();
        List<TweetRecord.Annotation> annotations = List.of();

        /** Reads the entities of the object {@code owner} is reading (its strings from its page). */
        static Entities read(JsonParser parser, Fields owner) throws IOException {
            Entities read = new Entities();
            Fields.object(parser, kind -> {
                switch (kind) {
                    case "hashtags" -> read.hashtags = fieldOfEach(parser, "tag", owner);
                    case "cashtags" -> read.cashtags = fieldOfEach(parser, "tag", owner);
                    case "mentions" -> read.mentions = fieldOfEach(parser, "username", owner);
                    case "urls" -> read.urls = urls(parser, owner);
                    case "annotations" -> read.annotations = annotations(parser, owner);
                    default -> parser.skipChildren();
                }
            });
            return read;
        }

        /** Every element that is an object counts, with null fields where X left them out. */
        private static List<TweetRecord.Annotation> annotations(JsonParser parser, Fields owner) throws IOException {
            return Fields.objects(parser, () -> {
                Long[] startAndEnd = new Long[2];
                Double[] probability = new Double[1];
                UTF8String[] typeAndText = new UTF8String[2];
                Fields.object(parser, field -> {
                    switch (field) {
                        case "start" -> startAndEnd[0] = Fields.count(parser);
                        case "end" -> startAndEnd[1] = Fields.count(parser);
                        case "probability" -> probability[0] = Fields.decimal(parser);
                        case "type" -> typeAndText[0] = owner.utf8(parser);
                        case "normalized_text" -> typeAndText[1] = owner.utf8(parser);
                        default -> parser.skipChildren();
                    }
                });
                return new TweetRecord.Annotation(
                        startAndEnd[0], startAndEnd[1], probability[0], typeAndText[0], typeAndText[1]);
            });
        }

        private static List<UTF8String> urls(JsonParser parser, Fields owner) throws IOException {
            List<UTF8String> urls = new ArrayList<>();
            Fields.elements(parser, () -> {
                UTF8String[] urlAndExpanded = new UTF8String[2];
                Fields.object(parser, field -> {
                    switch (field) {
                        case "url" -> urlAndExpanded[0] = owner.utf8(parser);
                        case "expanded_url" -> urlAndExpanded[1] = owner.utf8(parser);
                        default -> parser.skipChildren();
                    }
                });
                UTF8String value = urlAndExpanded[1] != null ? urlAndExpanded[1] : urlAndExpanded[0];
                if (value != null) {
                    urls.add(value);
                }
            });
            return urls;
        }

        private static List<UTF8String> fieldOfEach(JsonParser parser, String wanted, Fields owner) throws IOException {
            return Fields.values(parser, element -> Fields.fieldOf(element, wanted, owner::utf8, null));
        }
    }

    /**
     * A long post's {@code note_tweet} (or {@code note_post}): {@code text} is null where the note
     * has no text, {@code entities} null where it has no {@code entities} key.
     */
    static final class Note {
        UTF8String text;
        Entities entities;

        /** Reads the note of the tweet {@code owner} is reading (its strings from its page). */
        static Note read(JsonParser parser, Fields owner) throws IOException {
            Note note = new Note();
            Fields.object(parser, field -> {
                switch (field) {
                    case "text" -> {
                        UTF8String page = Fields.pageUtf8(parser, owner.body, owner.length);
                        note.text = page != null ? page : LakeSchema.utf8(Fields.anyText(parser));
                    }
                    case "entities" -> note.entities = Entities.read(parser, owner);
                    default -> parser.skipChildren();
                }
            });
            return note;
        }
    }

    /** A tweet's {@code edit_controls}, {@code editable_until} as X's text. */
    static final class EditControls {
        Long editsRemaining;
        Boolean isEditEligible;
        String editableUntil;

        static EditControls read(JsonParser parser) throws IOException {
            if (parser.currentToken() != JsonToken.START_OBJECT) {
                parser.skipChildren();
                return null;
            }
            EditControls read = new EditControls();
            Fields.object(parser, field -> {
                switch (field) {
                    case "edits_remaining" -> read.editsRemaining = Fields.count(parser);
                    case "is_edit_eligible" -> read.isEditEligible = Fields.bool(parser);
                    case "editable_until" -> read.editableUntil = Fields.string(parser);
                    default -> parser.skipChildren();
                }
            });
            return read;
        }
    }

    /**
     * What the page's tweets take from a post they refer to (its full text); all that is read of an
     * included post the reader has a newer copy of.
     */
    static class PostTextFields extends Fields {
        UTF8String text;
        /** Null where the key is missing or null. */
        Note noteTweet;

        Note notePost;

        @Override
        void field(String name, JsonParser parser) throws IOException {
            boolean isNull = parser.currentToken() == JsonToken.VALUE_NULL;
            switch (name) {
                case "id" -> readId(parser);
                case "text" -> text = utf8(parser);
                case "note_tweet" -> noteTweet = isNull ? null : Note.read(parser, this);
                case "note_post" -> notePost = isNull ? null : Note.read(parser, this);
                default -> parser.skipChildren();
            }
        }
    }

    /** A tweet's fields as X sends them, before the author is looked up. */
    static final class TweetFields extends PostTextFields {
        String authorId;
        /** As the id: the token, text and container JSON of {@code created_at}. */
        JsonToken createdAtToken;

        String createdAt;
        String createdAtContainer;
        UTF8String conversationId;
        UTF8String inReplyToUserId;
        UTF8String lang;
        Boolean possiblySensitive;
        UTF8String replySettings;
        UTF8String source;
        Long retweetCount;
        Long replyCount;
        Long likeCount;
        Long quoteCount;
        Long bookmarkCount;
        Long impressionCount;
        Entities entities = new Entities();
        List<TweetRecord.ReferencedTweet> referencedTweets;
        List<TweetRecord.ReferencedTweet> referencedPosts;
        List<UTF8String> mediaKeys = List.of();
        List<UTF8String> pollIds = List.of();
        UTF8String placeId;
        List<UTF8String> editHistoryTweetIds;
        List<UTF8String> editHistoryPostIds;
        /** Null where the key is missing, null or not an object. */
        EditControls editControls;

        List<TweetRecord.ContextAnnotation> contextAnnotations = List.of();
        List<UTF8String> withheldInCountries = List.of();

        String describeCreatedAt() {
            return describe(createdAtToken, createdAt, createdAtContainer);
        }

        @Override
        void field(String name, JsonParser parser) throws IOException {
            boolean isNull = parser.currentToken() == JsonToken.VALUE_NULL;
            switch (name) {
                case "author_id" -> authorId = string(parser);
                case "created_at" -> {
                    createdAtToken = parser.currentToken();
                    createdAtContainer = containerJson(parser);
                    createdAt = createdAtContainer == null ? scalarText(parser) : null;
                }
                case "conversation_id" -> conversationId = utf8(parser);
                case "in_reply_to_user_id" -> inReplyToUserId = utf8(parser);
                case "lang" -> lang = utf8(parser);
                case "possibly_sensitive" -> possiblySensitive = bool(parser);
                case "reply_settings" -> replySettings = utf8(parser);
                case "source" -> source = utf8(parser);
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
                case "entities" -> entities = Entities.read(parser, this);
                case "referenced_tweets" -> referencedTweets = isNull ? null : referencedTweets(parser);
                case "referenced_posts" -> referencedPosts = isNull ? null : referencedTweets(parser);
                case "attachments" -> {
                    mediaKeys = pollIds = List.of();
                    object(parser, attachment -> {
                        switch (attachment) {
                            case "media_keys" -> mediaKeys = utf8s(parser);
                            case "poll_ids" -> pollIds = utf8s(parser);
                            default -> parser.skipChildren();
                        }
                    });
                }
                case "geo" -> placeId = fieldOf(parser, "place_id", this::utf8, null);
                case "edit_history_tweet_ids" -> editHistoryTweetIds = isNull ? null : utf8s(parser);
                case "edit_history_post_ids" -> editHistoryPostIds = isNull ? null : utf8s(parser);
                case "edit_controls" -> editControls = EditControls.read(parser);
                case "context_annotations" -> contextAnnotations = contextAnnotations(parser);
                case "withheld" -> withheldInCountries = fieldOf(parser, "country_codes", this::utf8s, List.of());
                default -> super.field(name, parser);
            }
        }

        /** Every element counts, as a reference with null type and id if it is not an object. */
        private static List<TweetRecord.ReferencedTweet> referencedTweets(JsonParser parser) throws IOException {
            List<TweetRecord.ReferencedTweet> references = new ArrayList<>();
            elements(parser, () -> {
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
            return references;
        }

        /** Every element counts, with null ids and names where it is not an object. */
        private List<TweetRecord.ContextAnnotation> contextAnnotations(JsonParser parser) throws IOException {
            List<TweetRecord.ContextAnnotation> annotations = new ArrayList<>();
            elements(parser, () -> {
                UTF8String[] values = new UTF8String[4];
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
                            case "id" -> values[offset] = utf8(parser);
                            case "name" -> values[offset + 1] = utf8(parser);
                            default -> parser.skipChildren();
                        }
                    });
                });
                annotations.add(new TweetRecord.ContextAnnotation(values[0], values[1], values[2], values[3]));
            });
            return annotations;
        }
    }

    /**
     * What the page's tweets take from their author's object (username, name, verified); all that
     * is read of a user the reader has a newer copy of.
     */
    static class AuthorFields extends Fields {
        UTF8String username;
        UTF8String name;
        Boolean verified;

        @Override
        void field(String field, JsonParser parser) throws IOException {
            switch (field) {
                case "id" -> readId(parser);
                case "username" -> username = utf8(parser);
                case "name" -> name = utf8(parser);
                case "verified" -> verified = bool(parser);
                default -> parser.skipChildren();
            }
        }
    }

    /** A user's fields as X sends them. */
    static final class UserFields extends AuthorFields {
        String createdAt;
        UTF8String description;
        UTF8String location;
        UTF8String verifiedType;
        Boolean isProtected;
        UTF8String url;
        UTF8String profileImageUrl;
        Long followersCount;
        Long followingCount;
        Long tweetCount;
        Long listedCount;
        Long likeCount;
        UTF8String pinnedTweetId;

        @Override
        void field(String field, JsonParser parser) throws IOException {
            switch (field) {
                case "created_at" -> createdAt = string(parser);
                case "description" -> description = utf8(parser);
                case "location" -> location = utf8(parser);
                case "verified_type" -> verifiedType = utf8(parser);
                case "protected" -> isProtected = bool(parser);
                case "url" -> url = utf8(parser);
                case "profile_image_url" -> profileImageUrl = utf8(parser);
                case "pinned_tweet_id" -> pinnedTweetId = utf8(parser);
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
                default -> super.field(field, parser);
            }
        }
    }

    /**
     * Jackson's default factory, but a page in UTF-8 without a byte order mark (every page X
     * sends) is read by a {@link PageJsonParser}. Anything else goes through Jackson's own
     * encoding detection, as before.
     */
    private static final class PageJsonFactory extends JsonFactory {

        @Override
        protected JsonParser _createParser(byte[] data, int offset, int len, IOContext ctxt) throws IOException {
            if (!plainUtf8Start(data, offset, len)) {
                return super._createParser(data, offset, len, ctxt);
            }
            return new PageJsonParser(
                    ctxt,
                    _parserFeatures,
                    _objectCodec,
                    _byteSymbolCanonicalizer.makeChild(_factoryFeatures),
                    data,
                    offset,
                    offset + len);
        }

        /**
         * Whether Jackson's detection would find UTF-8 and skip nothing: no byte order mark, and
         * none of the first four bytes zero (which UTF-16 and UTF-32 text would have).
         */
        private static boolean plainUtf8Start(byte[] data, int offset, int len) {
            if (len < 4 || (data[offset] & 0xff) >= 0x80) {
                return false;
            }
            for (int i = offset; i < offset + 4; i++) {
                if (data[i] == 0) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * Jackson's parser of UTF-8 bytes, which can also move past a string whose bytes the caller
     * has checked and taken ({@link Fields#pageUtf8}), so that they are not read a second time
     * by Jackson's skip of the same string.
     */
    static final class PageJsonParser extends UTF8StreamJsonParser {

        PageJsonParser(
                IOContext ctxt,
                int features,
                ObjectCodec codec,
                ByteQuadsCanonicalizer symbols,
                byte[] data,
                int from,
                int to) {
            super(ctxt, features, null, codec, symbols, data, from, to, false);
        }

        /**
         * A copy of the page's bytes {@code [from, end)}: the contents of the string at the current
         * token, whose closing quote is at {@code end}, checked by the caller to be its text as it
         * stands. The parser moves past the string without reading its bytes again; its text is
         * not decoded and must not be asked for.
         */
        UTF8String take(int from, int end) {
            if (_tokenIncomplete && _currToken == JsonToken.VALUE_STRING) {
                _inputPtr = end + 1;
                _tokenIncomplete = false;
            }
            return UTF8String.fromBytes(Arrays.copyOfRange(_inputBuffer, from, end));
        }
    }

    /** A media object, read by {@link IncludedObjects#MEDIA}: {@code media_key} is the item's id. */
    static final class MediaFields extends IncludedObjects.IncludedFields<MediaRecord> {
        MediaFields() {
            super(IncludedObjects.MEDIA);
        }
    }

    /** A place, read by {@link IncludedObjects#PLACES}. */
    static final class PlaceFields extends IncludedObjects.IncludedFields<PlaceRecord> {
        PlaceFields() {
            super(IncludedObjects.PLACES);
        }
    }

    /** A poll, read by {@link IncludedObjects#POLLS}. */
    static final class PollFields extends IncludedObjects.IncludedFields<PollRecord> {
        PollFields() {
            super(IncludedObjects.POLLS);
        }
    }
}
