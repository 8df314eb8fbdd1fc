package dev.xlake.emulator;

import static dev.xlake.emulator.SearchClient.json;
import static dev.xlake.emulator.SearchClient.params;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class XApiEmulatorIT extends EmulatorFixture {

    static final String QUERY = "#kpop -is:retweet";

    @Test
    void shouldRejectMissingOrWrongBearerTokenWith401() {
        HttpResponse<String> missing = new SearchClient(emulator.baseUrl(), null).get(params("query", "kpop"));
        HttpResponse<String> wrong = new SearchClient(emulator.baseUrl(), "not-" + TOKEN).get(params("query", "kpop"));

        for (HttpResponse<String> response : List.of(missing, wrong)) {
            assertThat(response.statusCode()).isEqualTo(401);
            JsonNode body = json(response);
            assertThat(body.path("title").asText()).isEqualTo("Unauthorized");
            assertThat(body.path("type").asText()).isEqualTo("about:blank");
            assertThat(body.path("status").asInt()).isEqualTo(401);
            assertThat(response.body()).doesNotContain(TOKEN);
        }
        assertThat(emulator.requestCount()).isEqualTo(2);
    }

    @Test
    void shouldReturnOnlyDefaultFieldsWhenNoneRequested() {
        HttpResponse<String> response = client.get(params("query", "kpop"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json; charset=utf-8");
        JsonNode body = json(response);
        assertThat(fieldNames(body)).containsExactly("data", "meta");
        assertThat(body.get("data")).hasSize(10);
        for (JsonNode tweet : body.get("data")) {
            assertThat(fieldNames(tweet)).containsExactlyInAnyOrder("id", "text", "edit_history_tweet_ids");
            assertThat(tweet.get("edit_history_tweet_ids")
                            .get(tweet.get("edit_history_tweet_ids").size() - 1)
                            .asText())
                    .isEqualTo(tweet.get("id").asText());
        }
        assertThat(fieldNames(body.get("meta")))
                .containsExactly("newest_id", "oldest_id", "result_count", "next_token");
        assertThat(body.at("/meta/newest_id").asText())
                .isEqualTo(body.at("/data/0/id").asText());
        assertThat(body.at("/meta/oldest_id").asText())
                .isEqualTo(body.at("/data/9/id").asText());
        assertThat(body.at("/meta/next_token").asText()).matches("[0-9a-z]{10,40}");
    }

    @Test
    void shouldPaginateNewestToOldestAndReturnExactlyTheGroundTruth() {
        // Given a two-hour window
        Instant start = NOW.minus(Duration.ofHours(2));
        SortedSet<String> expected = emulator.groundTruthIds(QUERY, start, NOW.plusMillis(1));

        // When every page is fetched
        List<String> fetched = new ArrayList<>();
        List<JsonNode> pages = fetchAll(params("query", QUERY, "start_time", start.toString(), "max_results", "10"));

        // Then pages go newest to oldest, without overlap, and together equal the ground truth
        pages.forEach(
                page -> page.get("data").forEach(t -> fetched.add(t.get("id").asText())));
        assertThat(pages).hasSizeGreaterThan(3);
        assertThat(fetched).doesNotHaveDuplicates();
        assertThat(fetched).isSortedAccordingTo((a, b) -> Long.compare(Long.parseLong(b), Long.parseLong(a)));
        assertThat(new TreeSet<>(fetched)).isEqualTo(new TreeSet<>(expected));
        assertThat(pages.get(pages.size() - 1).at("/meta/next_token").isMissingNode())
                .isTrue();
        pages.forEach(page -> assertThat(page.at("/meta/result_count").asInt())
                .isEqualTo(page.get("data").size()));
    }

    @Test
    void shouldKeepPagesStableWhileNewTweetsArrive() {
        // Given the first page of a run
        Map<String, String> request = params("query", QUERY, "max_results", "20");
        JsonNode first = json(client.get(request));
        String token = first.at("/meta/next_token").asText();
        String oldestOfFirst = first.at("/meta/oldest_id").asText();

        // When time passes before the second page is asked for
        clock.advance(Duration.ofMinutes(30));
        Map<String, String> next = params("query", QUERY, "max_results", "20", "next_token", token);
        JsonNode second = json(client.get(next));

        // Then the second page continues right below the first one
        assertThat(Long.parseLong(second.at("/meta/newest_id").asText())).isLessThan(Long.parseLong(oldestOfFirst));
        SortedSet<String> truth = emulator.groundTruthIds(QUERY, NOW.minus(Duration.ofDays(1)), NOW.plusMillis(1));
        List<String> truthNewestFirst = new ArrayList<>(truth);
        java.util.Collections.reverse(truthNewestFirst);
        int index = truthNewestFirst.indexOf(oldestOfFirst);
        assertThat(second.at("/meta/newest_id").asText()).isEqualTo(truthNewestFirst.get(index + 1));
    }

    @Test
    void shouldReturnOnlyNewerTweetsForSinceIdOnceTheClockAdvances() {
        // Given a complete first run
        JsonNode first = json(client.get(params("query", QUERY, "max_results", "100")));
        String sinceId = first.at("/meta/newest_id").asText();

        // When nothing new has been posted yet
        HttpResponse<String> empty = client.get(params("query", QUERY, "since_id", sinceId));

        // Then the response is X's empty result
        assertThat(empty.statusCode()).isEqualTo(200);
        assertThat(empty.body()).isEqualTo("{\"meta\":{\"result_count\":0}}");

        // When 45 minutes pass
        clock.advance(Duration.ofMinutes(45));
        List<String> fetched = new ArrayList<>();
        fetchAll(params("query", QUERY, "since_id", sinceId, "max_results", "10"))
                .forEach(page ->
                        page.get("data").forEach(t -> fetched.add(t.get("id").asText())));

        // Then exactly the tweets after since_id, up to the new "now", come back
        Set<String> expected = new TreeSet<>(emulator.groundTruthIds(
                QUERY, NOW.minusSeconds(60), clock.instant().plusMillis(1)));
        expected.removeIf(id -> Long.parseLong(id) <= Long.parseLong(sinceId));
        assertThat(fetched).isNotEmpty();
        assertThat(new TreeSet<>(fetched)).isEqualTo(expected);
    }

    @Test
    void shouldRejectSinceIdOlderThanSevenDaysNamingIt() {
        long eightDaysAgo = Snowflake.id(NOW.minus(Duration.ofDays(8)).toEpochMilli(), 1, 1);

        HttpResponse<String> response = client.get(params("query", "kpop", "since_id", Long.toString(eightDaysAgo)));

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode body = json(response);
        assertThat(body.path("title").asText()).isEqualTo("Invalid Request");
        assertThat(body.path("type").asText()).isEqualTo("https://api.twitter.com/2/problems/invalid-request");
        assertThat(body.at("/errors/0/message").asText())
                .contains("'since_id'")
                .contains("must be a tweet id created after");
        assertThat(body.at("/errors/0/parameters/since_id/0").asText()).isEqualTo(Long.toString(eightDaysAgo));
    }

    @Test
    void shouldNeverReturnTweetsNewerThanTheClock() {
        JsonNode body = json(client.get(
                params("query", "kpop OR crypto OR brexit", "max_results", "100", "tweet.fields", "created_at")));

        for (JsonNode tweet : body.get("data")) {
            assertThat(Instant.parse(tweet.get("created_at").asText())).isBeforeOrEqualTo(NOW);
        }
        assertThat(Snowflake.instant(Long.parseLong(body.at("/meta/newest_id").asText())))
                .isAfter(NOW.minus(Duration.ofMinutes(10)));
    }

    @Test
    void shouldHonourVisibilityLag() {
        try (XApiEmulator lagging = XApiEmulator.builder()
                .seed(7)
                .bearerToken(TOKEN)
                .clock(clock)
                .visibilityLag(Duration.ofSeconds(30))
                .start()) {
            JsonNode body = json(new SearchClient(lagging.baseUrl(), TOKEN)
                    .get(params("query", "kpop OR crypto", "max_results", "100")));

            Instant newest =
                    Snowflake.instant(Long.parseLong(body.at("/meta/newest_id").asText()));
            assertThat(newest).isBeforeOrEqualTo(NOW.minusSeconds(30));
        }
    }

    @Test
    void shouldLimitRequestsPerWindowWithXHeaders() {
        try (XApiEmulator limited = XApiEmulator.builder()
                .seed(7)
                .bearerToken(TOKEN)
                .clock(clock)
                .rateLimitPerWindow(3)
                .start()) {
            SearchClient limitedClient = new SearchClient(limited.baseUrl(), TOKEN);
            long expectedReset = NOW.plus(Duration.ofMinutes(15)).getEpochSecond();

            // Given the window's requests are used up
            for (int remaining = 2; remaining >= 0; remaining--) {
                HttpResponse<String> ok = limitedClient.get(params("query", "kpop"));
                assertThat(ok.statusCode()).isEqualTo(200);
                assertThat(ok.headers().firstValue("x-rate-limit-limit")).hasValue("3");
                assertThat(ok.headers().firstValue("x-rate-limit-remaining")).hasValue(Integer.toString(remaining));
                assertThat(ok.headers().firstValue("x-rate-limit-reset")).hasValue(Long.toString(expectedReset));
                clock.advance(Duration.ofSeconds(10));
            }

            // When one more is sent
            HttpResponse<String> limitedResponse = limitedClient.get(params("query", "kpop"));

            // Then X's 429 comes back with the reset of the window
            assertThat(limitedResponse.statusCode()).isEqualTo(429);
            assertThat(json(limitedResponse))
                    .isEqualTo(SearchClient.JSON
                            .createObjectNode()
                            .put("title", "Too Many Requests")
                            .put("detail", "Too Many Requests")
                            .put("type", "about:blank")
                            .put("status", 429));
            assertThat(limitedResponse.headers().firstValue("x-rate-limit-remaining"))
                    .hasValue("0");
            assertThat(limitedResponse.headers().firstValue("x-rate-limit-reset"))
                    .hasValue(Long.toString(expectedReset));

            // And after the reset, requests pass again
            clock.set(Instant.ofEpochSecond(expectedReset));
            HttpResponse<String> after = limitedClient.get(params("query", "kpop"));
            assertThat(after.statusCode()).isEqualTo(200);
            assertThat(after.headers().firstValue("x-rate-limit-remaining")).hasValue("2");
        }
    }

    @Test
    void shouldRecordRequestsWithoutTheToken() {
        client.get(params("query", "kpop", "max_results", "12"));

        assertThat(emulator.requests()).singleElement().satisfies(request -> {
            assertThat(request.params()).containsEntry("query", "kpop").containsEntry("max_results", "12");
            assertThat(request.status()).isEqualTo(200);
            assertThat(request.path()).isEqualTo(XApiEmulator.SEARCH_PATH);
            assertThat(request.toString()).doesNotContain(TOKEN);
        });
        assertThat(emulator.requests().get(0).params()).isUnmodifiable();
    }

    @Test
    void shouldAnswerUnknownPathsWith404() {
        HttpResponse<String> other = client.getPath("/2/tweets/search/stream?query=kpop");

        assertThat(other.statusCode()).isEqualTo(404);
        assertThat(json(other).at("/errors/0/code").asInt()).isEqualTo(34);
    }

    List<JsonNode> fetchAll(Map<String, String> firstRequest) {
        List<JsonNode> pages = new ArrayList<>();
        Map<String, String> request = new java.util.LinkedHashMap<>(firstRequest);
        for (int page = 0; page < 500; page++) {
            HttpResponse<String> response = client.get(request);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode body = json(response);
            if (body.has("data")) {
                pages.add(body);
            }
            JsonNode token = body.at("/meta/next_token");
            if (token.isMissingNode()) {
                return pages;
            }
            request.put("next_token", token.asText());
        }
        throw new AssertionError("pagination did not end");
    }

    static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    static Set<String> fieldSet(JsonNode node) {
        return new HashSet<>(fieldNames(node));
    }
}
