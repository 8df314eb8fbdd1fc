package dev.xlake.emulator;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The word material the corpus is generated from: topics (with their hashtags, cashtags and
 * context annotations), sentences in several languages, names and places. Fixed data, kept as
 * data in {@code vocabulary.json} beside this class, so a seed always yields the same corpus.
 */
final class Vocabulary {

    private Vocabulary() {}

    /** A context-annotation domain as X describes it (id, name, description). */
    record Domain(String id, String name, String description) {}

    record Annotation(Domain domain, String entityId, String entityName, String entityDescription) {}

    record Sentence(String lang, String text) {}

    record Topic(
            String name,
            List<String> hashtags,
            List<String> cashtags,
            List<Sentence> sentences,
            List<Annotation> annotations,
            List<String> linkDomains) {}

    record PlaceSeed(
            String id,
            String name,
            String fullName,
            String country,
            String countryCode,
            String placeType,
            double west,
            double south,
            double east,
            double north) {}

    /** The file's shape; the lists keep the file's order, which the corpus depends on. */
    @JsonIgnoreProperties({"_comment"})
    private record Data(
            List<Topic> topics,
            List<String> emoji,
            List<String> fillers,
            List<String> paragraphs,
            @JsonProperty("first_names") List<String> firstNames,
            @JsonProperty("last_names") List<String> lastNames,
            @JsonProperty("odd_names") List<String> oddNames,
            @JsonProperty("bio_parts") List<String> bioParts,
            List<String> locations,
            List<String> sources,
            List<PlaceSeed> places) {}

    private static final Data DATA = load("vocabulary.json");

    static final List<Topic> TOPICS = List.copyOf(DATA.topics());
    static final List<String> EMOJI = List.copyOf(DATA.emoji());
    static final List<String> FILLERS = List.copyOf(DATA.fillers());
    /** Long-form paragraphs: note tweets (more than 280 characters) are built from these. */
    static final List<String> PARAGRAPHS = List.copyOf(DATA.paragraphs());

    static final List<String> FIRST_NAMES = List.copyOf(DATA.firstNames());
    static final List<String> LAST_NAMES = List.copyOf(DATA.lastNames());
    /** Display names that are not "first last", including scripts and emoji X users use. */
    static final List<String> ODD_NAMES = List.copyOf(DATA.oddNames());

    static final List<String> BIO_PARTS = List.copyOf(DATA.bioParts());
    static final List<String> LOCATIONS = List.copyOf(DATA.locations());
    static final List<String> SOURCES = List.copyOf(DATA.sources());
    static final List<PlaceSeed> PLACES = List.copyOf(DATA.places());

    private static Data load(String resource) {
        try (InputStream in = Vocabulary.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("The X API emulator's " + resource + " is missing from its jar");
            }
            return new ObjectMapper().readValue(in, Data.class);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the X API emulator's " + resource, e);
        }
    }
}
