package dev.xlake.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.xlake.core.config.EnvNames;
import java.net.URI;
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
 * that a misconfigured Lambda fails at initialisation with a message naming the variable.
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
     * @throws IllegalArgumentException naming the missing or bad variable
     */
    public static FetchConfig fromEnv(Map<String, String> env) {
        String bucket = required(env, EnvNames.BUCKET);
        List<QuerySpec> queries = parseQueries(required(env, EnvNames.QUERIES));
        BearerTokenSource tokenSource = tokenSource(env);
        URI baseUrl = baseUrl(env);
        int pageSize = intInRange(env, EnvNames.PAGE_SIZE, DEFAULT_PAGE_SIZE, 10, 100);
        int maxPages = intInRange(env, EnvNames.MAX_PAGES, DEFAULT_MAX_PAGES, 1, 100_000);
        int margin = intInRange(env, EnvNames.SAFETY_MARGIN_SECONDS, DEFAULT_SAFETY_MARGIN_SECONDS, 0, 600);
        int timeout = intInRange(env, EnvNames.HTTP_TIMEOUT_SECONDS, DEFAULT_HTTP_TIMEOUT_SECONDS, 1, 300);
        int retries = intInRange(env, EnvNames.MAX_RETRIES, DEFAULT_MAX_RETRIES, 0, 10);
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

    /** Parses {@code [{"name":"kpop","query":"#kpop"}]}; also used by the CLI for one query. */
    public static List<QuerySpec> parseQueries(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(EnvNames.QUERIES + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isArray() || root.isEmpty()) {
            throw new IllegalArgumentException(
                    EnvNames.QUERIES + ": must be a non-empty JSON array of {\"name\":..., \"query\":...}");
        }
        List<QuerySpec> queries = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < root.size(); i++) {
            JsonNode item = root.get(i);
            JsonNode name = item.get("name");
            JsonNode query = item.get("query");
            if (!item.isObject() || name == null || !name.isTextual() || query == null || !query.isTextual()) {
                throw new IllegalArgumentException(
                        EnvNames.QUERIES + "[" + i + "]: must be an object with string fields \"name\" and \"query\"");
            }
            QuerySpec spec;
            try {
                spec = new QuerySpec(name.asText(), query.asText());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(EnvNames.QUERIES + "[" + i + "]: " + e.getMessage(), e);
            }
            if (!names.add(spec.name())) {
                throw new IllegalArgumentException(
                        EnvNames.QUERIES + "[" + i + "]: duplicate query name '" + spec.name() + "'");
            }
            queries.add(spec);
        }
        return queries;
    }

    private static BearerTokenSource tokenSource(Map<String, String> env) {
        String secretId = optional(env, EnvNames.X_BEARER_SECRET_ID);
        String token = optional(env, EnvNames.X_BEARER_TOKEN);
        String file = optional(env, EnvNames.X_BEARER_TOKEN_FILE);
        int set = (secretId != null ? 1 : 0) + (token != null ? 1 : 0) + (file != null ? 1 : 0);
        if (set != 1) {
            throw new IllegalArgumentException("Cannot read X bearer token: set exactly one of "
                    + EnvNames.X_BEARER_SECRET_ID + ", " + EnvNames.X_BEARER_TOKEN + ", "
                    + EnvNames.X_BEARER_TOKEN_FILE + " (" + set + " set)");
        }
        if (secretId != null) {
            return new BearerTokenSource.SecretsManager(secretId);
        }
        if (token != null) {
            return new BearerTokenSource.Value(BearerToken.of(token, EnvNames.X_BEARER_TOKEN));
        }
        return new BearerTokenSource.File(Path.of(file));
    }

    private static URI baseUrl(Map<String, String> env) {
        String value = optional(env, EnvNames.X_API_BASE_URL);
        if (value == null) {
            return DEFAULT_X_API_BASE_URL;
        }
        try {
            URI uri = new URI(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new IllegalArgumentException(
                        EnvNames.X_API_BASE_URL + ": must be an http(s) URL, got '" + value + "'");
            }
            return uri;
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException(EnvNames.X_API_BASE_URL + ": not a URL: '" + value + "'", e);
        }
    }

    private static String required(Map<String, String> env, String name) {
        String value = optional(env, name);
        if (value == null) {
            throw new IllegalArgumentException(name + ": required but not set");
        }
        return value;
    }

    private static String optional(Map<String, String> env, String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static int intInRange(Map<String, String> env, String name, int defaultValue, int min, int max) {
        String value = optional(env, name);
        if (value == null) {
            return defaultValue;
        }
        int parsed;
        try {
            parsed = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": must be an integer, got '" + value + "'", e);
        }
        if (parsed < min || parsed > max) {
            throw new IllegalArgumentException(name + ": must be " + min + "-" + max + ", got " + parsed);
        }
        return parsed;
    }
}
