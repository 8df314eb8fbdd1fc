package dev.xlake.emulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /2/tweets/counts/recent} and {@code /2/tweets/counts/all}: how many tweets match a
 * query per minute, hour or day, counted over the same corpus (and with the same visibility) as
 * search, so an estimate can be checked against what a fetch then stores. Buckets are aligned to
 * UTC boundaries of the granularity; the first starts at {@code start_time}, the last ends at
 * {@code end_time}. Recent counts cover the last 7 days (default {@code start_time}: 7 days ago);
 * full-archive counts any time before now (default: the last 30 days, as X).
 */
final class TweetCounts {

    static final String RECENT_PATH = "/2/tweets/counts/recent";
    static final String ALL_PATH = "/2/tweets/counts/all";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> KNOWN_PARAMS =
            Set.of("query", "start_time", "end_time", "granularity", "since_id", "until_id", "next_token");
    private static final DateTimeFormatter X_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(java.time.ZoneOffset.UTC);

    private final RecentSearch search;

    TweetCounts(RecentSearch search) {
        this.search = search;
    }

    static boolean handles(String path) {
        return path.equals(RECENT_PATH) || path.equals(ALL_PATH);
    }

    ObjectNode count(String path, Map<String, String> params, Instant now) {
        boolean all = path.equals(ALL_PATH);
        for (String name : params.keySet()) {
            if (!KNOWN_PARAMS.contains(name)) {
                throw ApiException.invalid(
                        "The query parameter [" + name + "] is not one of " + KNOWN_PARAMS, name, params.get(name));
            }
        }
        String queryText = params.get("query");
        if (queryText == null || queryText.isEmpty()) {
            throw ApiException.invalid("The `query` query parameter can not be empty", "query", queryText);
        }
        SearchQuery query;
        try {
            query = SearchQuery.parse(queryText);
        } catch (SearchQuery.InvalidQueryException e) {
            throw ApiException.invalid(e.getMessage(), "query", queryText);
        }
        ChronoUnit unit = granularity(params.get("granularity"));
        Instant latest = now.minusSeconds(10);
        Instant end = time(params, "end_time", latest);
        Instant start = time(
                params,
                "start_time",
                now.minus(all ? SearchRequest.FULL_ARCHIVE_DEFAULT_LOOKBACK : XApiEmulator.SEARCH_WINDOW));
        if (!all && start.isBefore(now.minus(XApiEmulator.SEARCH_WINDOW))) {
            throw ApiException.invalid(
                    "Invalid 'start_time':'" + params.get("start_time") + "'. 'start_time' must be on or after "
                            + X_TIME.format(now.minus(XApiEmulator.SEARCH_WINDOW)),
                    "start_time",
                    params.get("start_time"));
        }
        if (end.isAfter(latest)) {
            throw ApiException.invalid(
                    "Invalid 'end_time':'" + params.get("end_time")
                            + "'. 'end_time' must be a minimum of 10 seconds prior to the request time.",
                    "end_time",
                    params.get("end_time"));
        }
        if (!start.isBefore(end)) {
            throw ApiException.invalid(
                    "Invalid 'start_time':'" + params.get("start_time") + "'. 'start_time' must be before 'end_time'",
                    "start_time",
                    params.get("start_time"));
        }
        ObjectNode body = JSON.createObjectNode();
        ArrayNode data = body.putArray("data");
        long total = 0;
        for (Instant from = start; from.isBefore(end); ) {
            Instant to = min(from.truncatedTo(unit).plus(1, unit), end);
            int count = search.groundTruth(query, from, to).size();
            data.addObject()
                    .put("end", X_TIME.format(to))
                    .put("start", X_TIME.format(from))
                    .put("tweet_count", count);
            total += count;
            from = to;
        }
        body.putObject("meta").put("total_tweet_count", total);
        return body;
    }

    private static ChronoUnit granularity(String value) {
        if (value == null || value.equals("hour")) {
            return ChronoUnit.HOURS;
        }
        return switch (value) {
            case "minute" -> ChronoUnit.MINUTES;
            case "day" -> ChronoUnit.DAYS;
            default ->
                throw ApiException.invalid(
                        "The `granularity` query parameter value [" + value + "] is not one of [minute,hour,day]",
                        "granularity",
                        value);
        };
    }

    private static Instant time(Map<String, String> params, String name, Instant fallback) {
        Instant time = SearchRequest.parseTime(params, name);
        return time != null ? time : fallback;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
