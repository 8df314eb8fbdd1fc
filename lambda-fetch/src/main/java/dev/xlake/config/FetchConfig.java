package dev.xlake.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.xlake.core.config.EnvNames;
import dev.xlake.core.config.EnvReader;
import dev.xlake.core.layout.QuerySlug;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Everything the fetcher needs to know, read once from the environment and validated up front so
 * that a misconfigured Lambda fails at initialisation with a message naming every bad variable.
 */
public record FetchConfig(
        String bucket,
        List<QuerySpec> queries,
        BearerTokenSource bearerTokenSource,
        URI xApiBaseUrl,
        int pageSize,
        int maxPages,
        Duration safetyMargin,
        Duration httpTimeout,
        int maxRetries,
        Duration maxQueryWait,
        SpendSettings spend) {

    public static final URI DEFAULT_X_API_BASE_URL = URI.create("https://api.x.com");
    public static final int DEFAULT_PAGE_SIZE = 100;
    public static final int DEFAULT_MAX_PAGES = 50;
    public static final int DEFAULT_SAFETY_MARGIN_SECONDS = 15;
    public static final int DEFAULT_HTTP_TIMEOUT_SECONDS = 20;
    public static final int DEFAULT_MAX_RETRIES = 4;
    /** A day: a query missed that long has six days of X's window left to catch up in. */
    public static final Duration DEFAULT_MAX_QUERY_WAIT = Duration.ofHours(24);
    /** X's recent search window; a query waiting longer has lost tweets. */
    public static final Duration SEARCH_WINDOW = Duration.ofDays(7);

    private static final ObjectMapper JSON = new ObjectMapper();

    public FetchConfig {
        Objects.requireNonNull(bucket, "bucket");
        queries = List.copyOf(queries);
        Objects.requireNonNull(bearerTokenSource, "bearerTokenSource");
        Objects.requireNonNull(xApiBaseUrl, "xApiBaseUrl");
        Objects.requireNonNull(safetyMargin, "safetyMargin");
        Objects.requireNonNull(httpTimeout, "httpTimeout");
        Objects.requireNonNull(maxQueryWait, "maxQueryWait");
        Objects.requireNonNull(spend, "spend");
        if (queries.isEmpty()) {
            throw new IllegalArgumentException("Cannot configure fetch: no queries");
        }
        Set<String> names = new HashSet<>();
        for (QuerySpec q : queries) {
            if (!names.add(q.name())) {
                throw new IllegalArgumentException("Cannot configure fetch: duplicate query name '" + q.name() + "'");
            }
        }
        if (pageSize < 10 || pageSize > 100) {
            throw new IllegalArgumentException("Cannot configure fetch: page size must be 10-100, got " + pageSize);
        }
        if (maxPages < 1) {
            throw new IllegalArgumentException("Cannot configure fetch: max pages must be >= 1, got " + maxPages);
        }
        if (!maxQueryWaitFits(maxQueryWait)) {
            throw new IllegalArgumentException("Cannot configure fetch: max query wait must be positive and under "
                    + SEARCH_WINDOW + ", got " + maxQueryWait);
        }
    }

    /** {@code max_results} of the query's requests: its own, or {@link #pageSize()}. */
    public int pageSizeOf(QuerySpec query) {
        return query.maxResults() != null ? query.maxResults() : pageSize;
    }

    /**
     * Builds the configuration from environment variables ({@link EnvNames}).
     *
     * @throws IllegalArgumentException naming every missing or bad variable
     */
    public static FetchConfig fromEnv(Map<String, String> env) {
        EnvReader reader = new EnvReader("fetch", env);
        String bucket = reader.required(EnvNames.BUCKET);
        List<QuerySpec> queries = queries(reader);
        BearerTokenSource tokenSource = tokenSource(reader);
        URI baseUrl = reader.parse(EnvNames.X_API_BASE_URL, DEFAULT_X_API_BASE_URL, FetchConfig::httpUrl);
        int pageSize = reader.intInRange(EnvNames.PAGE_SIZE, DEFAULT_PAGE_SIZE, 10, 100);
        int maxPages = reader.intInRange(EnvNames.MAX_PAGES, DEFAULT_MAX_PAGES, 1, 100_000);
        int margin = reader.intInRange(EnvNames.SAFETY_MARGIN_SECONDS, DEFAULT_SAFETY_MARGIN_SECONDS, 0, 600);
        int timeout = reader.intInRange(EnvNames.HTTP_TIMEOUT_SECONDS, DEFAULT_HTTP_TIMEOUT_SECONDS, 1, 300);
        int retries = reader.intInRange(EnvNames.MAX_RETRIES, DEFAULT_MAX_RETRIES, 0, 10);
        Duration maxQueryWait = reader.duration(EnvNames.MAX_QUERY_WAIT, DEFAULT_MAX_QUERY_WAIT);
        reader.check(
                maxQueryWaitFits(maxQueryWait),
                EnvNames.MAX_QUERY_WAIT,
                "must be positive and under X's 7-day window (" + SEARCH_WINDOW + "), got " + maxQueryWait);
        SpendSettings spend = SpendSettings.fromEnv(reader);
        reader.throwIfAny();
        return new FetchConfig(
                bucket,
                queries,
                tokenSource,
                baseUrl,
                pageSize,
                maxPages,
                Duration.ofSeconds(margin),
                Duration.ofSeconds(timeout),
                retries,
                maxQueryWait,
                spend);
    }

    private static boolean maxQueryWaitFits(Duration wait) {
        return !wait.isNegative() && !wait.isZero() && wait.compareTo(SEARCH_WINDOW) < 0;
    }

    /**
     * Parses {@code [{"name":"kpop","query":"#kpop"}]} from {@link EnvNames#QUERIES}; each item may
     * also carry its cost knobs {@code daily_budget_usd}, {@code max_results} and
     * {@code expand_users} (see {@link QuerySpec}).
     *
     * @throws IllegalArgumentException whose message starts with the variable, the item and the
     *     field, e.g. {@code XLAKE_QUERIES[1].name: }
     */
    public static List<QuerySpec> parseQueries(String json) {
        return parseQueries(json, EnvNames.QUERIES);
    }

    /**
     * The same JSON from elsewhere (the CLI's {@code --queries-file}); {@code source} names it in
     * messages, e.g. {@code topics.json[3].query: }.
     */
    public static List<QuerySpec> parseQueries(String json, String source) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidQueries(source, "not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isArray() || root.isEmpty()) {
            throw new InvalidQueries(source, "must be a non-empty JSON array of {\"name\":..., \"query\":...}", null);
        }
        List<QuerySpec> queries = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < root.size(); i++) {
            String item = source + "[" + i + "]";
            JsonNode node = root.get(i);
            if (!node.isObject()) {
                throw new InvalidQueries(item, "must be an object {\"name\":..., \"query\":...}", null);
            }
            String name = text(node, item, "name");
            String query = text(node, item, "query");
            try {
                QuerySlug.check(name);
            } catch (IllegalArgumentException e) {
                throw new InvalidQueries(item + ".name", e.getMessage(), e);
            }
            if (!names.add(name)) {
                throw new InvalidQueries(item + ".name", "duplicate query name '" + name + "'", null);
            }
            BigDecimal dailyBudget = null;
            Integer maxResults = null;
            boolean expandUsers = true;
            JsonNode budget = node.get("daily_budget_usd");
            if (budget != null && !budget.isNull()) {
                if (!budget.isNumber() || budget.decimalValue().signum() < 0) {
                    throw new InvalidQueries(item + ".daily_budget_usd", "must be a number >= 0, got " + budget, null);
                }
                dailyBudget = budget.decimalValue();
            }
            JsonNode pageSize = node.get("max_results");
            if (pageSize != null && !pageSize.isNull()) {
                if (!pageSize.canConvertToInt() || pageSize.asInt() < 10 || pageSize.asInt() > 100) {
                    throw new InvalidQueries(item + ".max_results", "must be an integer 10-100, got " + pageSize, null);
                }
                maxResults = pageSize.asInt();
            }
            JsonNode users = node.get("expand_users");
            if (users != null && !users.isNull()) {
                if (!users.isBoolean()) {
                    throw new InvalidQueries(item + ".expand_users", "must be true or false, got " + users, null);
                }
                expandUsers = users.asBoolean();
            }
            try {
                queries.add(new QuerySpec(name, query, dailyBudget, maxResults, expandUsers));
            } catch (IllegalArgumentException e) {
                throw new InvalidQueries(item + ".query", e.getMessage(), e);
            }
        }
        return queries;
    }

    private static String text(JsonNode item, String where, String field) {
        JsonNode value = item.get(field);
        if (value == null || !value.isTextual()) {
            throw new InvalidQueries(
                    where + "." + field, value == null ? "missing" : "must be a string, got " + value, null);
        }
        return value.asText();
    }

    /** A bad {@code XLAKE_QUERIES}, naming the variable or the item that is wrong. */
    private static final class InvalidQueries extends IllegalArgumentException {
        private final String variable;
        private final String problem;

        InvalidQueries(String variable, String problem, Throwable cause) {
            super(variable + ": " + problem, cause);
            this.variable = variable;
            this.problem = problem;
        }
    }

    private static List<QuerySpec> queries(EnvReader reader) {
        String json = reader.required(EnvNames.QUERIES);
        if (json == null) {
            return List.of();
        }
        try {
            return parseQueries(json);
        } catch (InvalidQueries e) {
            reader.problem(e.variable, e.problem);
            return List.of();
        }
    }

    /** Shared with {@link ComplianceConfig}: the same three sources, exactly one set. */
    static BearerTokenSource tokenSource(EnvReader reader) {
        String secretId = reader.optional(EnvNames.X_BEARER_SECRET_ID);
        String token = reader.optional(EnvNames.X_BEARER_TOKEN);
        String file = reader.optional(EnvNames.X_BEARER_TOKEN_FILE);
        int set = (secretId != null ? 1 : 0) + (token != null ? 1 : 0) + (file != null ? 1 : 0);
        if (set != 1) {
            reader.problem(
                    "X bearer token",
                    "set exactly one of " + EnvNames.X_BEARER_SECRET_ID + ", " + EnvNames.X_BEARER_TOKEN + ", "
                            + EnvNames.X_BEARER_TOKEN_FILE + " (" + set + " set)");
            return null;
        }
        if (secretId != null) {
            return new BearerTokenSource.SecretsManager(secretId);
        }
        if (token != null) {
            // BearerToken's messages never contain the value.
            return reader.parse(
                    EnvNames.X_BEARER_TOKEN,
                    null,
                    value -> new BearerTokenSource.Value(BearerToken.of(value, EnvNames.X_BEARER_TOKEN)));
        }
        return new BearerTokenSource.File(Path.of(file));
    }

    static URI httpUrl(String value) {
        URI uri;
        try {
            uri = new URI(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URL: '" + value + "'", e);
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalArgumentException("must be an http(s) URL, got '" + value + "'");
        }
        return uri;
    }
}
