package dev.xlake.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.xlake.core.config.EnvNames;
import dev.xlake.core.config.EnvReader;
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
        int maxRetries) {

    public static final URI DEFAULT_X_API_BASE_URL = URI.create("https://api.x.com");
    public static final int DEFAULT_PAGE_SIZE = 100;
    public static final int DEFAULT_MAX_PAGES = 50;
    public static final int DEFAULT_SAFETY_MARGIN_SECONDS = 15;
    public static final int DEFAULT_HTTP_TIMEOUT_SECONDS = 20;
    public static final int DEFAULT_MAX_RETRIES = 4;

    private static final ObjectMapper JSON = new ObjectMapper();

    public FetchConfig {
        Objects.requireNonNull(bucket, "bucket");
        queries = List.copyOf(queries);
        Objects.requireNonNull(bearerTokenSource, "bearerTokenSource");
        Objects.requireNonNull(xApiBaseUrl, "xApiBaseUrl");
        Objects.requireNonNull(safetyMargin, "safetyMargin");
        Objects.requireNonNull(httpTimeout, "httpTimeout");
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
                retries);
    }

    /**
     * Parses {@code [{"name":"kpop","query":"#kpop"}]}; also used by the CLI for one query.
     *
     * @throws IllegalArgumentException whose message starts with the variable, e.g. {@code XLAKE_QUERIES[1]: }
     */
    public static List<QuerySpec> parseQueries(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidQueries(EnvNames.QUERIES, "not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isArray() || root.isEmpty()) {
            throw new InvalidQueries(
                    EnvNames.QUERIES, "must be a non-empty JSON array of {\"name\":..., \"query\":...}", null);
        }
        List<QuerySpec> queries = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < root.size(); i++) {
            String item = EnvNames.QUERIES + "[" + i + "]";
            JsonNode node = root.get(i);
            JsonNode name = node.get("name");
            JsonNode query = node.get("query");
            if (!node.isObject() || name == null || !name.isTextual() || query == null || !query.isTextual()) {
                throw new InvalidQueries(item, "must be an object with string fields \"name\" and \"query\"", null);
            }
            QuerySpec spec;
            try {
                spec = new QuerySpec(name.asText(), query.asText());
            } catch (IllegalArgumentException e) {
                throw new InvalidQueries(item, e.getMessage(), e);
            }
            if (!names.add(spec.name())) {
                throw new InvalidQueries(item, "duplicate query name '" + spec.name() + "'", null);
            }
            queries.add(spec);
        }
        return queries;
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

    private static BearerTokenSource tokenSource(EnvReader reader) {
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

    private static URI httpUrl(String value) {
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
