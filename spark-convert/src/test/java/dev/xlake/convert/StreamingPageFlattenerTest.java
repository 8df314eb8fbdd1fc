package dev.xlake.convert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xlake.convert.fixtures.PageGenerator;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The streaming fast path must give exactly what the tree code gives, on real and odd pages. */
class StreamingPageFlattenerTest {

    private static final Instant FETCHED = Instant.parse("2026-11-25T20:15:01.001Z");
    private static final PageRef PAGE = new PageRef(
            "s3a://lake/raw/x/recent-search/query=kpop/dt=2026-11-25/run=R1/page-00001.json.gz",
            "kpop",
            "R1",
            FETCHED,
            null);

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
                // shapes the fast path leaves to the tree code: counts and flags as strings, numbers as ids
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
                // whole pages the fast path does not take
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
    void shouldGiveTheTreeCodesResultOnOddPages(String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);

        assertThat(PageFlattener.flatten(body, PAGE, FETCHED))
                .isEqualTo(PageFlattener.flattenTree(body, PAGE, FETCHED));
    }

    @Test
    void shouldReadRealAndGeneratedPagesWithoutTheTreeCode() {
        PageGenerator generator = new PageGenerator(7, 50);
        String generated = generator.page(PageGenerator.idsBackFrom(FETCHED, 100, 3_000), 0);
        Stream<byte[]> pages = Stream.concat(
                SamplePages.SEARCH_PAGES.stream().map(SamplePages::bytes),
                Stream.of(generated.getBytes(StandardCharsets.UTF_8)));

        pages.forEach(body -> {
            StreamingPageFlattener.ParsedPage parsed = StreamingPageFlattener.parse(body);
            assertThat(parsed).isNotNull();
            assertThat(parsed.tweets())
                    .hasSize(100)
                    .allSatisfy(
                            item -> assertThat(((StreamingPageFlattener.TweetFields) item.fields()).usableCreatedAt())
                                    .isNotNull());
            assertThat(parsed.users())
                    .isNotEmpty()
                    .allSatisfy(item -> assertThat(((StreamingPageFlattener.UserFields) item.fields()).usable())
                            .isTrue());
            FlattenedPage flattened = PageFlattener.flatten(body, PAGE, FETCHED);
            assertThat(flattened.tweets()).hasSize(100);
            assertThat(flattened).isEqualTo(PageFlattener.flattenTree(body, PAGE, FETCHED));
        });
    }
}
