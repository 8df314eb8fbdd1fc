package dev.xlake.emulator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Recent search over the corpus: which tweets a request sees, newest first, one page at a time.
 *
 * <p>Visible tweets are those created at or before {@code now - visibilityLag}, inside the last 7
 * days, not hidden, and matching the query. Bounds combine as on X: {@code since_id} (exclusive) or
 * {@code start_time} (inclusive) below; {@code until_id} (exclusive), {@code end_time} (exclusive)
 * and the page cursor (exclusive) above. Pages are cut at {@code max_results}; the cursor of the
 * next page is the oldest id returned, so tweets arriving during a pagination never shift pages.
 */
final class RecentSearch {

    private static final long MINUTE_MILLIS = 60_000L;

    record Page(List<CorpusTweet> tweets, Long nextCursor) {}

    private final Corpus corpus;
    private final Duration visibilityLag;

    RecentSearch(Corpus corpus, Duration visibilityLag) {
        this.corpus = corpus;
        this.visibilityLag = visibilityLag;
    }

    Page search(SearchRequest request, Instant now) {
        long lowerExclusive;
        if (request.sinceId() != null) {
            lowerExclusive = request.sinceId();
        } else {
            Instant start = request.startTime() != null ? request.startTime() : now.minus(request.defaultLookback());
            lowerExclusive = Snowflake.lowestIdAt(start) - 1;
        }
        long upperExclusive = Snowflake.lowestIdAt(now.minus(visibilityLag).plusMillis(1));
        if (request.untilId() != null) {
            upperExclusive = Math.min(upperExclusive, request.untilId());
        }
        if (request.endTime() != null) {
            upperExclusive = Math.min(upperExclusive, Snowflake.lowestIdAt(request.endTime()));
        }
        if (request.cursor() != null) {
            upperExclusive = Math.min(upperExclusive, request.cursor());
        }
        List<CorpusTweet> found =
                newestFirst(request.query()::matches, lowerExclusive, upperExclusive, request.maxResults() + 1);
        if (found.size() <= request.maxResults()) {
            return new Page(found, null);
        }
        List<CorpusTweet> page = List.copyOf(found.subList(0, request.maxResults()));
        return new Page(page, page.get(page.size() - 1).id());
    }

    /** Ids of visible-kind (not hidden) tweets matching the query, created in [from, toExclusive). */
    SortedSet<String> groundTruth(SearchQuery query, Instant from, Instant toExclusive) {
        SortedSet<String> ids = new TreeSet<>(Comparator.comparing(Long::valueOf));
        for (CorpusTweet tweet :
                groundTruth(Map.of("", query), from, toExclusive).get("")) {
            ids.add(Long.toString(tweet.id()));
        }
        return ids;
    }

    /**
     * Per query, the visible-kind (not hidden) tweets matching it created in [from, toExclusive),
     * ascending by id; one pass over the corpus for all queries.
     */
    <K> Map<K, List<CorpusTweet>> groundTruth(Map<K, SearchQuery> queries, Instant from, Instant toExclusive) {
        Map<K, List<CorpusTweet>> found = new LinkedHashMap<>();
        queries.keySet().forEach(key -> found.put(key, new ArrayList<>()));
        long lowerExclusive = Snowflake.lowestIdAt(from) - 1;
        long upperExclusive = Snowflake.lowestIdAt(toExclusive);
        if (upperExclusive - 1 <= lowerExclusive) {
            return found;
        }
        long firstMinute = Math.floorDiv(Snowflake.epochMillis(lowerExclusive + 1), MINUTE_MILLIS);
        long lastMinute = Math.floorDiv(Snowflake.epochMillis(upperExclusive - 1), MINUTE_MILLIS);
        for (long minute = firstMinute; minute <= lastMinute; minute++) {
            for (CorpusTweet tweet : corpus.minute(minute)) {
                if (tweet.id() < upperExclusive && tweet.id() > lowerExclusive && !tweet.hidden()) {
                    queries.forEach((key, query) -> {
                        if (query.matches(tweet)) {
                            found.get(key).add(tweet);
                        }
                    });
                }
            }
        }
        return found;
    }

    private List<CorpusTweet> newestFirst(
            Predicate<CorpusTweet> query, long lowerExclusive, long upperExclusive, int limit) {
        List<CorpusTweet> found = new ArrayList<>();
        if (upperExclusive - 1 <= lowerExclusive) {
            return found;
        }
        long firstMinute = Math.floorDiv(Snowflake.epochMillis(upperExclusive - 1), MINUTE_MILLIS);
        long lastMinute = Math.floorDiv(Snowflake.epochMillis(lowerExclusive + 1), MINUTE_MILLIS);
        for (long minute = firstMinute; minute >= lastMinute && found.size() < limit; minute--) {
            List<CorpusTweet> tweets = corpus.minute(minute);
            for (int i = tweets.size() - 1; i >= 0 && found.size() < limit; i--) {
                CorpusTweet tweet = tweets.get(i);
                if (tweet.id() < upperExclusive
                        && tweet.id() > lowerExclusive
                        && !tweet.hidden()
                        && query.test(tweet)) {
                    found.add(tweet);
                }
            }
        }
        return found;
    }
}
