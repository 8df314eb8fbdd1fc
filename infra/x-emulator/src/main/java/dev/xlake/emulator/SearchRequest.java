package dev.xlake.emulator;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A validated {@code GET /2/tweets/search/recent} request, or the 400 X would answer.
 *
 * <p>The checks and their order follow X: unknown parameters, {@code query}, {@code max_results},
 * field names, id and time formats, ids mixed with times, the 7-day window (for
 * {@code start_time}, {@code since_id} and {@code until_id}), {@code start_time} and
 * {@code end_time} at least 10 seconds in the past, {@code start_time} before {@code end_time}, the
 * query syntax, and finally the {@code next_token}.
 */
record SearchRequest(
        SearchQuery query,
        int maxResults,
        Long sinceId,
        Long untilId,
        Instant startTime,
        Instant endTime,
        Long cursor,
        FieldSelection fields,
        boolean fullArchive) {

    /** X's full-archive search without {@code start_time}: the last 30 days (X's search/all reference). */
    static final Duration FULL_ARCHIVE_DEFAULT_LOOKBACK = Duration.ofDays(30);

    static final int MAX_RESULTS_RECENT = 100;
    static final int MAX_RESULTS_FULL_ARCHIVE = 500;
    static final int MAX_QUERY_LENGTH = 512;

    private static final Set<String> KNOWN_PARAMS = Set.of(
            "query",
            "start_time",
            "end_time",
            "since_id",
            "until_id",
            "max_results",
            "next_token",
            "pagination_token",
            "sort_order",
            "expansions",
            "tweet.fields",
            "media.fields",
            "poll.fields",
            "user.fields",
            "place.fields");
    private static final DateTimeFormatter X_MINUTE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm'Z'").withZone(ZoneOffset.UTC);

    static SearchRequest parse(Map<String, String> params, Instant now, long seed) {
        return parse(params, now, seed, false);
    }

    /**
     * @param fullArchive {@code GET /2/tweets/search/all}: no 7-day window (any time before now),
     *     up to 500 results a page; tokens of one endpoint are not valid on the other
     */
    static SearchRequest parse(Map<String, String> params, Instant now, long seed, boolean fullArchive) {
        for (String name : params.keySet()) {
            if (!KNOWN_PARAMS.contains(name)) {
                throw ApiException.invalid(
                        "The query parameter [" + name + "] is not one of "
                                + "[query,start_time,end_time,since_id,until_id,max_results,next_token,pagination_token,"
                                + "sort_order,expansions,tweet.fields,media.fields,poll.fields,user.fields,place.fields]",
                        name,
                        params.get(name));
            }
        }
        String queryText = params.get("query");
        if (queryText == null || queryText.isEmpty()) {
            throw ApiException.invalid("The `query` query parameter can not be empty", "query", queryText);
        }
        if (queryText.length() > MAX_QUERY_LENGTH) {
            throw ApiException.invalid(
                    "The `query` query parameter value [" + queryText + "] is not between 1 and " + MAX_QUERY_LENGTH
                            + " characters long",
                    "query",
                    queryText);
        }
        int maxResults =
                parseMaxResults(params.get("max_results"), fullArchive ? MAX_RESULTS_FULL_ARCHIVE : MAX_RESULTS_RECENT);
        String sortOrder = params.get("sort_order");
        if (sortOrder != null && !sortOrder.equals("recency") && !sortOrder.equals("relevancy")) {
            throw ApiException.invalid(
                    "The `sort_order` query parameter value [" + sortOrder + "] is not one of [recency,relevancy]",
                    "sort_order",
                    sortOrder);
        }
        FieldSelection fields = FieldSelection.parse(params);
        Long sinceId = parseId(params, "since_id");
        Long untilId = parseId(params, "until_id");
        Instant startTime = parseTime(params, "start_time");
        Instant endTime = parseTime(params, "end_time");
        if ((sinceId != null || untilId != null) && (startTime != null || endTime != null)) {
            Map<String, List<String>> offending = new LinkedHashMap<>();
            List.of("since_id", "until_id", "start_time", "end_time").stream()
                    .filter(params::containsKey)
                    .forEach(name -> offending.put(name, List.of(params.get(name))));
            throw ApiException.invalid(
                    "The parameters " + offending.keySet().toString().replace(" ", "")
                            + " can not be used together: use either since_id/until_id or start_time/end_time",
                    offending);
        }
        Instant windowStart = fullArchive ? Instant.EPOCH : now.minus(XApiEmulator.SEARCH_WINDOW);
        if (startTime != null && startTime.isBefore(windowStart)) {
            throw ApiException.invalid(
                    "Invalid 'start_time':'" + params.get("start_time") + "'. 'start_time' must be on or after "
                            + X_MINUTE.format(windowStart.plusSeconds(59)),
                    "start_time",
                    params.get("start_time"));
        }
        checkTenSecondsBefore(params, "start_time", startTime, now);
        checkTenSecondsBefore(params, "end_time", endTime, now);
        if (startTime != null && endTime != null && !startTime.isBefore(endTime)) {
            throw ApiException.invalid(
                    "Invalid 'start_time':'" + params.get("start_time") + "'. 'start_time' must be before 'end_time':'"
                            + params.get("end_time") + "'",
                    "start_time",
                    params.get("start_time"));
        }
        long oldestAllowedId = Snowflake.lowestIdAt(windowStart);
        checkIdInWindow("since_id", sinceId, oldestAllowedId, windowStart);
        checkIdInWindow("until_id", untilId, oldestAllowedId, windowStart);
        SearchQuery query;
        try {
            query = SearchQuery.parse(queryText);
        } catch (SearchQuery.InvalidQueryException e) {
            throw ApiException.invalid(e.getMessage(), "query", queryText);
        }
        Long cursor = null;
        String token = params.containsKey("next_token") ? params.get("next_token") : params.get("pagination_token");
        if (token != null) {
            String tokenParam = params.containsKey("next_token") ? "next_token" : "pagination_token";
            int fingerprint = fingerprint(queryText, sinceId, untilId, startTime, endTime) + (fullArchive ? 1 : 0);
            cursor = PageToken.decode(seed, token, fingerprint)
                    .orElseThrow(() -> ApiException.invalid(
                            "The `" + tokenParam + "` query parameter value [" + token
                                    + "] is not valid for this request",
                            tokenParam,
                            token));
        }
        return new SearchRequest(query, maxResults, sinceId, untilId, startTime, endTime, cursor, fields, fullArchive);
    }

    /** Ties a page token to the query and bounds it was issued for (not to max_results or fields). */
    static int fingerprint(String query, Long sinceId, Long untilId, Instant startTime, Instant endTime) {
        return Objects.hash(query, sinceId, untilId, startTime, endTime);
    }

    int fingerprint() {
        return fingerprint(query.text(), sinceId, untilId, startTime, endTime) + (fullArchive ? 1 : 0);
    }

    /** The lower bound when none is given: X's 7-day window, or the full archive's default 30 days. */
    Duration defaultLookback() {
        return fullArchive ? FULL_ARCHIVE_DEFAULT_LOOKBACK : XApiEmulator.SEARCH_WINDOW;
    }

    private static int parseMaxResults(String value, int max) {
        if (value == null) {
            return 10;
        }
        int parsed;
        try {
            parsed = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw ApiException.invalid(
                    "The `max_results` query parameter value [" + value + "] is not a valid integer",
                    "max_results",
                    value);
        }
        if (parsed < 10 || parsed > max) {
            throw ApiException.invalid(
                    "The `max_results` query parameter value [" + value + "] is not between 10 and " + max,
                    "max_results",
                    value);
        }
        return parsed;
    }

    private static Long parseId(Map<String, String> params, String name) {
        String value = params.get(name);
        if (value == null) {
            return null;
        }
        if (!value.matches("[0-9]{1,19}")) {
            throw ApiException.invalid(
                    "The `" + name + "` query parameter value [" + value + "] does not match ^[0-9]{1,19}$",
                    name,
                    value);
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw ApiException.invalid(
                    "The `" + name + "` query parameter value [" + value + "] is not a valid tweet id", name, value);
        }
    }

    /** The RFC 3339 parameter {@code name}; null if absent; X's 400 if not a date-time. */
    static Instant parseTime(Map<String, String> params, String name) {
        String value = params.get(name);
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiException.invalid(
                    "Invalid '" + name + "':'" + value + "'. '" + name
                            + "' must be a valid RFC 3339 date-time, e.g. 2021-01-01T00:00:00Z",
                    name,
                    value);
        }
    }

    private static void checkTenSecondsBefore(Map<String, String> params, String name, Instant time, Instant now) {
        if (time != null && time.isAfter(now.minusSeconds(10))) {
            throw ApiException.invalid(
                    "Invalid '" + name + "':'" + params.get(name) + "'. '" + name
                            + "' must be a minimum of 10 seconds prior to the request time.",
                    name,
                    params.get(name));
        }
    }

    private static void checkIdInWindow(String name, Long id, long oldestAllowedId, Instant windowStart) {
        if (id != null && id < oldestAllowedId) {
            throw ApiException.invalid(
                    "Invalid '" + name + "':'" + id + "'. '" + name + "' must be a tweet id created after "
                            + X_MINUTE.format(windowStart) + ". Please use a '" + name + "' that is larger than "
                            + oldestAllowedId,
                    name,
                    Long.toString(id));
        }
    }
}
