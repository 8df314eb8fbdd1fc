package dev.xlake.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecentSearchTest {

    static final Instant NOW = Instant.parse("2026-01-10T12:00:00Z");
    static final long SEED = 42;

    final Corpus corpus = new Corpus(SEED, 12, 500);
    final RecentSearch search = new RecentSearch(corpus, Duration.ZERO);

    SearchRequest request(String... keyValues) {
        Map<String, String> params = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            params.put(keyValues[i], keyValues[i + 1]);
        }
        return SearchRequest.parse(params, NOW, SEED);
    }

    List<List<Long>> pages(String query, String start, int maxResults) {
        List<List<Long>> pages = new ArrayList<>();
        Long cursor = null;
        do {
            SearchRequest request = cursor == null
                    ? request("query", query, "start_time", start, "max_results", Integer.toString(maxResults))
                    : request(
                            "query",
                            query,
                            "start_time",
                            start,
                            "max_results",
                            Integer.toString(maxResults),
                            "next_token",
                            PageToken.encode(
                                    SEED,
                                    cursor,
                                    SearchRequest.fingerprint(query, null, null, Instant.parse(start), null)));
            RecentSearch.Page page = search.search(request, NOW);
            pages.add(page.tweets().stream().map(CorpusTweet::id).toList());
            cursor = page.nextCursor();
        } while (cursor != null);
        return pages;
    }

    @Test
    void shouldSliceTheMatchesIntoFullPagesNewestFirst() {
        String start = NOW.minus(Duration.ofHours(3)).toString();

        List<List<Long>> pages = pages("kpop OR crypto", start, 25);

        List<Long> all = pages.stream().flatMap(List::stream).toList();
        List<String> truth = new ArrayList<>(
                search.groundTruth(SearchQuery.parse("kpop OR crypto"), Instant.parse(start), NOW.plusMillis(1)));
        java.util.Collections.reverse(truth);
        assertThat(all).extracting(Object::toString).containsExactlyElementsOf(truth);
        pages.subList(0, pages.size() - 1).forEach(p -> assertThat(p).hasSize(25));
        assertThat(pages.get(pages.size() - 1)).hasSizeBetween(1, 25);
    }

    @Test
    void shouldEndWithoutAnExtraEmptyPageWhenMatchesFillTheLastPageExactly() {
        String start = NOW.minus(Duration.ofHours(1)).toString();
        int total = search.groundTruth(SearchQuery.parse("kpop OR crypto"), Instant.parse(start), NOW.plusMillis(1))
                .size();
        int pageSize = java.util.stream.IntStream.rangeClosed(10, 100)
                .filter(n -> total % n == 0)
                .findFirst()
                .orElse(total);

        List<List<Long>> pages = pages("kpop OR crypto", start, pageSize);

        assertThat(pages)
                .hasSize(total / pageSize)
                .allSatisfy(p -> assertThat(p).hasSize(pageSize));
    }

    @Test
    void shouldApplySinceAndUntilIdsExclusively() {
        List<Long> window = pages(
                        "kpop OR crypto", NOW.minus(Duration.ofHours(1)).toString(), 100)
                .get(0);
        long newer = window.get(5);
        long older = window.get(30);

        RecentSearch.Page page = search.search(
                request(
                        "query",
                        "kpop OR crypto",
                        "since_id",
                        Long.toString(older),
                        "until_id",
                        Long.toString(newer),
                        "max_results",
                        "100"),
                NOW);

        assertThat(page.tweets()).extracting(CorpusTweet::id).containsExactlyElementsOf(window.subList(6, 30));
    }

    @Test
    void shouldApplyStartInclusiveAndEndExclusive() {
        List<Long> window = pages(
                        "kpop OR crypto", NOW.minus(Duration.ofHours(1)).toString(), 100)
                .get(0);
        Instant newer = Snowflake.instant(window.get(3));
        Instant older = Snowflake.instant(window.get(20));

        RecentSearch.Page page = search.search(
                request(
                        "query",
                        "kpop OR crypto",
                        "start_time",
                        older.toString(),
                        "end_time",
                        newer.toString(),
                        "max_results",
                        "100"),
                NOW);

        assertThat(page.tweets()).extracting(CorpusTweet::id).containsExactlyElementsOf(window.subList(4, 21));
    }

    @Test
    void shouldNotReturnHiddenTweets() {
        List<CorpusTweet> hidden = new ArrayList<>();
        for (long m = NOW.getEpochSecond() / 60 - 600; m < NOW.getEpochSecond() / 60; m++) {
            corpus.minute(m).stream().filter(CorpusTweet::hidden).forEach(hidden::add);
        }
        assertThat(hidden).isNotEmpty();
        CorpusTweet one = hidden.get(0);

        RecentSearch.Page page = search.search(
                request(
                        "query",
                        "from:" + one.author().username(),
                        "since_id",
                        Long.toString(one.id() - 1),
                        "until_id",
                        Long.toString(one.id() + 1)),
                NOW);

        assertThat(page.tweets()).isEmpty();
    }
}
