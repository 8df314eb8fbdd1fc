package dev.xlake.convert;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.xlake.convert.PageParser.Fields;
import dev.xlake.convert.PageParser.Named;
import dev.xlake.convert.PageParser.ValueFunction;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How the media, places and polls of a page's {@code includes} become their records: a table of
 * the JSON fields read, one a component of the record in the order of its canonical constructor
 * (the key first), the page's {@link Provenance} making the last three. One reader serves the
 * three: their fields are plain values read by name, with {@link PageParser}'s lenient readings.
 * Tweets and users, the bulk of a page, keep readers of their own written for speed.
 *
 * @param <R> the record: its components are the table's columns, then {@code fetchedAt}, {@code
 *     runId} and {@code rawObject}
 */
final class IncludedObjects<R extends Record> {

    /** A variant's fields, in the order of {@link MediaRecord.Variant}'s components. */
    private static final Named<Long> BIT_RATE = new Named<>("bit_rate", Fields::count);

    private static final Named<String> CONTENT_TYPE = new Named<>("content_type", Fields::string);
    private static final Named<String> VARIANT_URL = new Named<>("url", Fields::string);

    /** An option's fields, in the order of {@link PollRecord.Option}'s components. */
    private static final Named<Long> POSITION = new Named<>("position", Fields::count);

    private static final Named<String> LABEL = new Named<>("label", Fields::string);
    private static final Named<Long> VOTES = new Named<>("votes", Fields::count);

    static final IncludedObjects<MediaRecord> MEDIA = new IncludedObjects<>(
            MediaRecord.class,
            List.of(
                    column("media_key", Fields::string),
                    column("type", Fields::string),
                    column("url", Fields::string),
                    column("preview_image_url", Fields::string),
                    column("width", Fields::count),
                    column("height", Fields::count),
                    column("duration_ms", Fields::count),
                    column("alt_text", Fields::string),
                    column("public_metrics", parser -> Fields.fieldOf(parser, "view_count", Fields::count, null)),
                    list(
                            "variants",
                            parser -> Fields.records(
                                    parser, BIT_RATE, CONTENT_TYPE, VARIANT_URL, MediaRecord.Variant::new))));

    /** {@code geo.bbox} is {@code [west, south, east, north]}. */
    static final IncludedObjects<PlaceRecord> PLACES = new IncludedObjects<>(
            PlaceRecord.class,
            List.of(
                    column("id", Fields::string),
                    column("full_name", Fields::string),
                    column("name", Fields::string),
                    column("country", Fields::string),
                    column("country_code", Fields::string),
                    column("place_type", Fields::string),
                    column("geo", parser -> Fields.fieldOf(parser, "bbox", IncludedObjects::boundingBox, null)),
                    list("contained_within", Fields::strings)));

    /** {@code end_datetime} as an instant where X's text is one, else null. */
    static final IncludedObjects<PollRecord> POLLS = new IncludedObjects<>(
            PollRecord.class,
            List.of(
                    column("id", Fields::string),
                    list("options", parser -> Fields.records(parser, POSITION, LABEL, VOTES, PollRecord.Option::new)),
                    column("duration_minutes", Fields::count),
                    column("end_datetime", parser -> PageFlattener.optionalInstant(Fields.string(parser))),
                    column("voting_status", Fields::string)));

    /** Where and when the page of an object was fetched: the last three components of its record. */
    record Provenance(Instant fetchedAt, String runId, String rawObject) {}

    /** A JSON field, how its value is read, and the value where the object does not have it. */
    private record Column(String name, ValueFunction<?> read, Object absent) {}

    private final List<Column> columns;
    private final Map<String, Integer> byName = new HashMap<>();
    /** An object's values before any field is read: each column's absent value. */
    private final Object[] absent;

    private final Constructor<R> constructor;

    private IncludedObjects(Class<R> type, List<Column> columns) {
        this.columns = columns;
        this.absent = columns.stream().map(Column::absent).toArray();
        for (int i = 0; i < columns.size(); i++) {
            byName.put(columns.get(i).name(), i);
        }
        RecordComponent[] components = type.getRecordComponents();
        List<String> provenance = Arrays.stream(components)
                .skip(columns.size())
                .map(RecordComponent::getName)
                .toList();
        if (!provenance.equals(List.of("fetchedAt", "runId", "rawObject"))) {
            throw new IllegalArgumentException("Cannot read " + type.getSimpleName() + ": " + columns.size()
                    + " columns leave components " + provenance + ", not the provenance");
        }
        try {
            constructor = type.getDeclaredConstructor(
                    Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("Cannot read " + type.getSimpleName() + ": no canonical constructor", e);
        }
    }

    private static Column column(String name, ValueFunction<?> read) {
        return new Column(name, read, null);
    }

    /** A list column: empty where the object does not have it. */
    private static Column list(String name, ValueFunction<? extends List<?>> read) {
        return new Column(name, read, List.of());
    }

    /** Null where {@code geo.bbox} is not four numbers. */
    private static PlaceRecord.BoundingBox boundingBox(JsonParser parser) throws IOException {
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            parser.skipChildren();
            return null;
        }
        List<Double> corners = new ArrayList<>(4);
        Fields.elements(parser, () -> corners.add(Fields.decimal(parser)));
        return corners.size() == 4 && !corners.contains(null)
                ? new PlaceRecord.BoundingBox(corners.get(0), corners.get(1), corners.get(2), corners.get(3))
                : null;
    }

    /**
     * One object of {@code includes} read by its table: the values of its columns, the last of a
     * repeated field winning, other fields skipped; the key column's value is also the item's id.
     */
    static class IncludedFields<R extends Record> extends Fields {
        private final IncludedObjects<R> table;
        private final Object[] values;

        IncludedFields(IncludedObjects<R> table) {
            this.table = table;
            this.values = table.absent.clone();
        }

        @Override
        final void field(String name, JsonParser parser) throws IOException {
            Integer column = table.byName.get(name);
            if (column == null) {
                parser.skipChildren();
                return;
            }
            values[column] = table.columns.get(column).read().read(parser);
            if (column == 0) {
                id = (String) values[0];
            }
        }

        /** The object's record, with the provenance of its page. */
        final R record(Provenance provenance) {
            Object[] arguments = Arrays.copyOf(values, values.length + 3);
            arguments[values.length] = provenance.fetchedAt();
            arguments[values.length + 1] = provenance.runId();
            arguments[values.length + 2] = provenance.rawObject();
            try {
                return table.constructor.newInstance(arguments);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(
                        "Cannot make a " + table.constructor.getDeclaringClass().getSimpleName() + ": " + e, e);
            }
        }
    }
}
