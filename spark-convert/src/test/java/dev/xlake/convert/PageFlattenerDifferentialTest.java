package dev.xlake.convert;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.xlake.convert.fixtures.PageGenerator;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The streaming flattener must give exactly what the tree-based oracle ({@link TreePageFlattener})
 * gives, on real and odd pages: the same rows and the same quarantine records, a quarantined
 * item's JSON compared as JSON (the flattener keeps the page's own text of the item).
 */
class PageFlattenerDifferentialTest {

    private static final Instant FETCHED = SamplePages.FETCHED;
    private static final PageRef PAGE = SamplePages.PAGE;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String TWEET = """
      {"id": "1861234567890999999", "text": "short", "author_id": "42",
       "created_at": "2026-11-25T23:59:59.000Z", "lang": "en", "possibly_sensitive": false,
       "public_metrics": {"retweet_count": 1, "like_count": 3, "extra": [1, 2]},
       "entities": {"hashtags": [{"tag": "kpop"}], "urls": [{"url": "https://t.co/b"}], "annotations": [{}]},
       "referenced_tweets": [{"type": "replied_to", "id": "100"}],
       "context_annotations": [{"domain": {"id": "10", "name": "Person"}, "entity": {"id": "8"}}]}""";
    private static final String USERS = """
      "includes": {"tweets": [{"id": "1"}], "users": [{"id": "42", "username": "army", "verified": true,
        "created_at": "2009-01-01T00:00:00.000Z", "public_metrics": {"followers_count": 9}}]}""";

    static Stream<String> oddPages() {
        return Stream.of(
                "{\"data\": [" + TWEET + "], " + USERS + ", \"meta\": {\"result_count\": 1}}",
                // includes before data, so authors are looked up after the whole page is read
                "{" + USERS + ", \"data\": [" + TWEET + "]}",
                // long post: note_tweet's text and entities win; the newest spellings when the old are absent
                "{\"data\": [{\"id\": \"5\", \"created_at\": \"2026-11-25T01:00:00Z\", \"text\": \"cut\","
                        + " \"note_tweet\": {\"text\": \"full\", \"entities\": {\"hashtags\": [{\"tag\": \"long\"}]}},"
                        + " \"referenced_posts\": [{\"type\": \"quoted\", \"id\": \"1\"}], \"edit_history_post_ids\": [\"5\"]}]}",
                "{\"data\": [{\"id\": \"5\", \"created_at\": \"2026-11-25T01:00:00Z\", \"note_tweet\": null,"
                        + " \"note_post\": {\"entities\": null}, \"referenced_tweets\": null, \"referenced_posts\": []}]}",
                // lenient shapes: counts and flags as strings, numbers as ids
                "{\"data\": [{\"id\": \"6\", \"created_at\": \"2026-11-25T01:00:00Z\","
                        + " \"public_metrics\": {\"like_count\": \"4\"}, \"possibly_sensitive\": \"true\"}]}",
                "{\"data\": [{\"id\": 7, \"created_at\": \"2026-11-25T01:00:00Z\"}, \"not a tweet\", [1],"
                        + " {\"id\": \"8\", \"created_at\": \"yesterday\"}, {\"id\": \"9\"}], "
                        + "\"includes\": {\"users\": [{\"id\": \"x\"}, 3, {\"id\": \"1\", \"created_at\": \"bad\"}]}}",
                "{\"data\": [{\"id\": \"10\", \"created_at\": \"2026-11-25T01:00:00Z\", \"lang\": {\"a\": 1},"
                        + " \"entities\": {\"hashtags\": [\"kpop\", {\"tag\": 5}]}, \"attachments\": {\"media_keys\": [1, null]}}]}",
                // duplicate keys: the last one wins in both
                "{\"data\": [{\"id\": \"11\", \"id\": \"12\", \"created_at\": \"2026-11-25T01:00:00Z\","
                        + " \"public_metrics\": {\"like_count\": 1}, \"public_metrics\": {\"reply_count\": 2}}]}",
                // odd containers: objects where arrays are expected, scalars where objects are
                "{\"data\": [{\"id\": \"13\", \"created_at\": \"2026-11-25T01:00:00Z\", \"text\": 1.5,"
                        + " \"note_tweet\": {\"text\": {\"a\": 1}, \"entities\": 3}, \"referenced_tweets\": \"x\","
                        + " \"referenced_posts\": [{\"type\": \"quoted\"}], \"edit_history_tweet_ids\": {\"a\": \"1\", \"b\": [2]},"
                        + " \"context_annotations\": [1, {\"domain\": [], \"entity\": {\"id\": 2, \"name\": true}}],"
                        + " \"public_metrics\": {\"like_count\": 12345678901234567890123, \"reply_count\": 1.0,"
                        + " \"quote_count\": \" 8 \", \"retweet_count\": true}, \"possibly_sensitive\": 1,"
                        + " \"geo\": [\"x\"], \"withheld\": {\"country_codes\": {\"a\": \"DE\"}}},"
                        + " {\"id\": {\"n\": 1}, \"created_at\": \"2026-11-25T01:00:00Z\"},"
                        + " {\"id\": \"14\", \"created_at\": [\"2026-11-25T01:00:00Z\"]},"
                        + " {\"id\": \"15\", \"created_at\": \"2026-11-25T01:00:00Z\", \"note_post\": {\"text\": null}}],"
                        + " \"includes\": {\"users\": {\"a\": {\"id\": \"16\", \"verified\": \"false\"}, \"b\": {\"id\": \"1\\u0000\"}}}}",
                // retweeted posts looked up in includes.tweets, odd edit_controls and annotations
                "{\"data\": [{\"id\": \"20\", \"created_at\": \"2026-11-25T01:00:00Z\","
                        + " \"referenced_tweets\": [{\"type\": \"retweeted\"}, {\"type\": \"retweeted\", \"id\": 30}],"
                        + " \"edit_controls\": {\"edits_remaining\": \"x\", \"is_edit_eligible\": \"true\", \"editable_until\": 5},"
                        + " \"entities\": {\"annotations\": {\"a\": {\"start\": \"3\", \"end\": 4.5, \"probability\": \"0.25\","
                        + " \"type\": [1]}, \"b\": 7}}},"
                        + " {\"id\": \"21\", \"created_at\": \"2026-11-25T01:00:00Z\", \"edit_controls\": [1],"
                        + " \"referenced_tweets\": [{\"type\": \"retweeted\", \"id\": \"31\"}],"
                        + " \"entities\": {\"annotations\": [{\"probability\": 1}, {\"probability\": true}, null]}},"
                        + " {\"id\": \"22\", \"created_at\": \"2026-11-25T01:00:00Z\", \"edit_controls\": null,"
                        + " \"referenced_tweets\": [{\"type\": \"retweeted\", \"id\": \"32\"}]}],"
                        + " \"includes\": {\"tweets\": {\"x\": {\"id\": 30, \"text\": \"thirty\"}, \"y\": 3,"
                        + " \"z\": {\"id\": \"31\", \"note_post\": {\"text\": [1]}, \"text\": \"t\"},"
                        + " \"w\": {\"id\": \"32\", \"text\": null}}}}",
                "{\"includes\": 5}",
                "null",
                "\"abc",
                "[1, {",
                "{\"meta\": {}, \"data\": [{\"id\": \"1\", }]}",
                "{\"data\": [], \"data\": null}",
                // whole pages that are not usable search responses
                "{\"data\": null}",
                "{\"data\": {}}",
                "{}",
                "[]",
                "",
                "{\"data\": [",
                "{\"meta\": {}} trailing",
                "{\"data\": [], \"data\": [" + TWEET + "]}",
                "{\"includes\": []}",
                "{\"includes\": {\"users\": {}}}");
    }

    @ParameterizedTest
    @MethodSource("oddPages")
    void shouldGiveTheOraclesResultOnOddPages(String json) {
        assertSameAsOracle(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldGiveTheOraclesResultForAPageOfUnknownQuery() {
        PageRef copiedByHand = new PageRef("file:/tmp/page.json", null, null, null, null);
        for (String json : new String[] {"{\"data\": []}", "{\"data\": [", "[]"}) {
            byte[] body = json.getBytes(StandardCharsets.UTF_8);

            assertThat(PageFlattener.flatten(body, copiedByHand, FETCHED))
                    .isEqualTo(TreePageFlattener.flattenTree(body, copiedByHand, FETCHED));
        }
    }

    @Test
    void shouldReadRealAndGeneratedPagesWithoutQuarantiningAnything() {
        PageGenerator generator = new PageGenerator(7, 50);
        String generated = generator.page(PageGenerator.idsBackFrom(FETCHED, 100, 3_000), 0);
        Stream<byte[]> pages = Stream.concat(
                SamplePages.SEARCH_PAGES.stream().map(SamplePages::bytes),
                Stream.of(generated.getBytes(StandardCharsets.UTF_8)));

        pages.forEach(body -> {
            FlattenedPage flattened = PageFlattener.flatten(body, PAGE, FETCHED);
            assertThat(flattened.tweets()).hasSize(100);
            assertThat(flattened.users()).isNotEmpty();
            assertThat(flattened.quarantined()).isEmpty();
            FlattenedPage oracle = TreePageFlattener.flattenTree(body, PAGE, FETCHED);
            assertThat(flattened.tweets()).isEqualTo(oracle.tweets());
            assertThat(flattened.users()).isEqualTo(oracle.users());
            assertThat(flattened.quarantined()).isEqualTo(oracle.quarantined());
        });
    }

    private static void assertSameAsOracle(byte[] body) {
        FlattenedPage flattened = PageFlattener.flatten(body, PAGE, FETCHED);
        FlattenedPage oracle = TreePageFlattener.flattenTree(body, PAGE, FETCHED);

        assertThat(flattened.tweets()).isEqualTo(oracle.tweets());
        assertThat(flattened.users()).isEqualTo(oracle.users());
        assertThat(flattened.quarantined())
                .usingElementComparatorIgnoringFields("record")
                .isEqualTo(oracle.quarantined());
        assertThat(flattened.quarantined().stream().map(q -> asJson(q.record())))
                .containsExactlyElementsOf(oracle.quarantined().stream()
                        .map(q -> asJson(q.record()))
                        .toList());
    }

    /** The record as Jackson's tree prints it, so that the page's whitespace and key repeats do not count. */
    private static String asJson(String record) {
        try {
            return record == null ? null : JSON.readTree(record).toString();
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
