package dev.xlake.fetch;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.xlake.config.FetchConfig;
import dev.xlake.config.QuerySpec;
import dev.xlake.core.config.EnvNames;
import dev.xlake.core.json.Json;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link FetchConfig} for tests, read by {@link FetchConfig#fromEnv} from the variables the
 * Lambda reads: what most tests leave alone is set here once (bucket {@code lake}, X at an
 * address that never answers, 10-tweet pages, 100 pages, 10 s timeout, 3 retries; the margin,
 * query wait and spend settings at their defaults); a test sets the variables it is about with
 * {@link #with}.
 */
final class TestFetchConfig {

    private final Map<String, String> env = new HashMap<>(Map.of(
            EnvNames.BUCKET, "lake",
            EnvNames.X_BEARER_TOKEN, "test-token",
            EnvNames.X_API_BASE_URL, "http://x.invalid",
            EnvNames.PAGE_SIZE, "10",
            EnvNames.MAX_PAGES, "100",
            EnvNames.HTTP_TIMEOUT_SECONDS, "10",
            EnvNames.MAX_RETRIES, "3"));

    private TestFetchConfig(List<QuerySpec> queries) {
        env.put(EnvNames.QUERIES, queriesJson(queries));
    }

    static TestFetchConfig of(QuerySpec... queries) {
        return new TestFetchConfig(List.of(queries));
    }

    static TestFetchConfig of(List<QuerySpec> queries) {
        return new TestFetchConfig(queries);
    }

    /** Sets {@code variable} (one of {@link EnvNames}) to {@code value}'s text. */
    TestFetchConfig with(String variable, Object value) {
        env.put(variable, String.valueOf(value));
        return this;
    }

    FetchConfig build() {
        return FetchConfig.fromEnv(env);
    }

    /** {@code queries} as {@link EnvNames#QUERIES} gives them: every field a {@link QuerySpec} has. */
    private static String queriesJson(List<QuerySpec> queries) {
        ArrayNode json = Json.MAPPER.createArrayNode();
        for (QuerySpec query : queries) {
            ObjectNode item = json.addObject()
                    .put("name", query.name())
                    .put("query", query.query())
                    .put("expand_users", query.expandUsers());
            if (query.dailyBudgetUsd() != null) {
                item.put("daily_budget_usd", query.dailyBudgetUsd());
            }
            if (query.maxResults() != null) {
                item.put("max_results", query.maxResults());
            }
        }
        return json.toString();
    }
}
