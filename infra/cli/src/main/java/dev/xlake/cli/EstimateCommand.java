package dev.xlake.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.xlake.config.BearerToken;
import dev.xlake.config.SpendSettings;
import dev.xlake.core.config.EnvNames;
import dev.xlake.core.json.Json;
import dev.xlake.core.spend.Prices;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code xlake estimate}: what a query would cost before anything is fetched, from X's counts
 * endpoint (one request: $0.005 for {@code counts/recent}, $0.010 for {@code counts/all}).
 *
 * <p>Counts give the posts a search would return in {@code data}; the referenced posts and the
 * users the includes add are not counted by X, so they are estimated with fixed ratios and the
 * cost is shown as a range (docs/fetch.md, "What it costs"): {@value #REFERENCED_POSTS_LOW} to
 * {@value #REFERENCED_POSTS_HIGH} referenced posts and {@value #USERS_PER_POST_LOW} to
 * {@value #USERS_PER_POST_HIGH} user objects per counted post.
 */
@Command(
        name = "estimate",
        mixinStandardHelpOptions = true,
        description = {
            "Estimates what fetching a query costs, from X's counts endpoint, at the configured prices.",
            "The X bearer token comes from X_BEARER_TOKEN or --bearer-token-file."
        })
final class EstimateCommand implements Callable<Integer> {

    static final double REFERENCED_POSTS_LOW = 0.0;
    static final double REFERENCED_POSTS_HIGH = 0.3;
    static final double USERS_PER_POST_LOW = 0.5;
    static final double USERS_PER_POST_HIGH = 1.0;
    static final int DAYS_PER_MONTH = 30;

    @Spec
    private CommandSpec spec;

    @Option(names = "--query", paramLabel = "Q", required = true, description = "X search query.")
    String query;

    @Option(
            names = "--days",
            paramLabel = "N",
            defaultValue = "7",
            description = "Days back from now to count (recent counts: 1-7). Default: ${DEFAULT-VALUE}.")
    int days;

    @Option(
            names = "--start",
            paramLabel = "ISO",
            description = "With --end: count this window with the full-archive counts (/2/tweets/counts/all).")
    String start;

    @Option(names = "--end", paramLabel = "ISO", description = "End of the --start window (exclusive).")
    String end;

    @Mixin
    XApiOptions xApi;

    @Option(
            names = "--no-users",
            description = "Estimate a query with \"expand_users\": false (no user objects, no user charges).")
    boolean noUsers;

    @Option(names = "--json", description = "Print one JSON object (total_posts, estimated_cost_usd, ...).")
    boolean json;

    /** The process environment and clock; tests replace them. */
    Map<String, String> environment = System.getenv();

    Clock clock = Clock.systemUTC();

    @Override
    public Integer call() throws IOException, InterruptedException {
        boolean archive = start != null || end != null;
        Usage.require(spec, !archive || start != null && end != null, "Cannot estimate: give both --start and --end");
        Usage.require(spec, archive || days >= 1 && days <= 7, "Cannot estimate: --days must be 1-7, got " + days);
        Instant now = clock.instant();
        Instant from;
        Instant to;
        if (archive) {
            from = Usage.check(spec, () -> instant("--start", start));
            to = Usage.check(spec, () -> instant("--end", end));
            Usage.require(spec, from.isBefore(to), "Cannot estimate: --start must be before --end");
        } else {
            // One minute inside X's window, so that the request is not refused as too old.
            from = now.minus(Duration.ofDays(days)).plus(Duration.ofMinutes(1)).truncatedTo(ChronoUnit.SECONDS);
            to = now.minusSeconds(30).truncatedTo(ChronoUnit.SECONDS);
        }
        BearerToken token = Usage.check(
                spec,
                () -> xApi.token(
                        environment,
                        "Cannot estimate: set " + EnvNames.X_BEARER_TOKEN + " or give --bearer-token-file"));
        Prices prices = Usage.check(
                spec, () -> SpendSettings.fromEnvironment(environment).prices());
        URI base = xApi.url();
        Map<String, String> params = new LinkedHashMap<>();
        params.put("query", query);
        params.put("granularity", "day");
        params.put("start_time", from.toString());
        params.put("end_time", to.toString());
        String path = archive ? "/2/tweets/counts/all" : "/2/tweets/counts/recent";
        URI uri = URI.create(base + path + "?"
                + params.entrySet().stream()
                        .map(e -> e.getKey() + "="
                                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)
                                        .replace("+", "%20"))
                        .collect(Collectors.joining("&")));
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<byte[]> response = http.send(
                HttpRequest.newBuilder(uri)
                        .timeout(Duration.ofSeconds(30))
                        .header("Authorization", "Bearer " + token.reveal())
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        JsonNode body = Json.MAPPER.readTree(response.body());
        if (response.statusCode() != 200) {
            err.println("Cannot estimate: X answered HTTP " + response.statusCode() + " "
                    + body.path("title").asText("") + ": " + body.path("detail").asText(""));
            err.flush();
            return XlakeCli.EXIT_FAILURE;
        }
        long total = body.at("/meta/total_tweet_count").asLong();
        BigDecimal request = archive ? prices.countsAllUsd() : prices.countsRecentUsd();
        double spanDays = Duration.between(from, to).toSeconds() / 86_400.0;
        Range cost = cost(total, prices);
        Range perDay = cost.times(1 / spanDays);
        Range perMonth = perDay.times(DAYS_PER_MONTH);
        if (json) {
            ObjectNode line = Json.MAPPER.createObjectNode();
            line.put("query", query);
            line.put("endpoint", path);
            line.put("start", from.toString());
            line.put("end", to.toString());
            line.put("total_posts", total);
            line.put("estimated_cost_usd", cost.high());
            line.put("estimated_cost_usd_low", cost.low());
            line.put("per_day_usd_low", perDay.low());
            line.put("per_day_usd_high", perDay.high());
            line.put("per_month_usd_low", perMonth.low());
            line.put("per_month_usd_high", perMonth.high());
            line.put("counts_request_usd", request);
            line.put("prices_as_of", prices.asOf());
            line.set("days", body.path("data"));
            out.println(line);
        } else {
            out.printf("%s  %s  prices as of %s%n", query, path, prices.asOf());
            for (JsonNode day : body.path("data")) {
                long posts = day.path("tweet_count").asLong();
                Range dayCost = cost(posts, prices);
                out.printf(
                        "  %s  %,9d posts  $%s-$%s%n",
                        day.path("start").asText().substring(0, 10), posts, dayCost.low(), dayCost.high());
            }
            out.printf(
                    "  total %,d posts over %.1f days: $%s-$%s; per day $%s-$%s; per %d-day month $%s-$%s%n",
                    total,
                    spanDays,
                    cost.low(),
                    cost.high(),
                    perDay.low(),
                    perDay.high(),
                    DAYS_PER_MONTH,
                    perMonth.low(),
                    perMonth.high());
            out.printf(
                    "  (upper bounds before X's daily deduplication; referenced posts +%.0f-%.0f %%, users %s;"
                            + " this counts request: $%s)%n",
                    REFERENCED_POSTS_LOW * 100,
                    REFERENCED_POSTS_HIGH * 100,
                    noUsers ? "none (--no-users)" : USERS_PER_POST_LOW + "-" + USERS_PER_POST_HIGH + " per post",
                    request.toPlainString());
        }
        out.flush();
        return 0;
    }

    /** Low and high cost in dollars, to the cent. */
    record Range(BigDecimal low, BigDecimal high) {
        Range times(double factor) {
            return new Range(cents(low.doubleValue() * factor), cents(high.doubleValue() * factor));
        }
    }

    Range cost(long posts, Prices prices) {
        double usersLow = noUsers ? 0 : USERS_PER_POST_LOW;
        double usersHigh = noUsers ? 0 : USERS_PER_POST_HIGH;
        double low = posts * (1 + REFERENCED_POSTS_LOW) * prices.postReadUsd().doubleValue()
                + posts * usersLow * prices.userReadUsd().doubleValue();
        double high = posts * (1 + REFERENCED_POSTS_HIGH) * prices.postReadUsd().doubleValue()
                + posts * usersHigh * prices.userReadUsd().doubleValue();
        return new Range(cents(low), cents(high));
    }

    private static BigDecimal cents(double usd) {
        return BigDecimal.valueOf(usd).setScale(2, RoundingMode.HALF_UP);
    }

    private static Instant instant(String option, String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("Cannot estimate: " + option
                    + " must be an ISO date-time such as 2026-01-01T00:00:00Z, got '" + text + "'");
        }
    }
}
